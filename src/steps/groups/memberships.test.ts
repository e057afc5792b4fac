import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import {
  GraphConnection,
  JumpCloudUser,
  JumpCloudUserGroup,
} from '../../client';
import { Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { groupKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('build-group-user-relationships: each group HAS every recorded direct member that is a collected user', async () => {
  recording = setupJumpCloudRecording(__dirname, 'group-memberships');
  const config = recordingConfig();
  const result = await runStep(Steps.GROUP_USER_RELATIONSHIPS, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.GROUP_USER_RELATIONSHIPS,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'group-memberships');
  const users = new Set(
    recordedItems<JumpCloudUser>(entries, /\/systemusers$/).map((u) =>
      userKey(u._id),
    ),
  );
  const groups = recordedItems<JumpCloudUserGroup>(
    entries,
    /\/v2\/usergroups$/,
  );
  expect(groups.length).toBeGreaterThan(0);

  const expectedEdges: string[] = [];
  for (const group of groups) {
    const members = recordedItems<GraphConnection>(
      entries,
      new RegExp(`/v2/usergroups/${group.id}/members$`),
    );
    for (const member of members.filter((m) => m.to.type === 'user')) {
      if (users.has(userKey(member.to.id))) {
        expectedEdges.push(`${groupKey(group.id)}|${userKey(member.to.id)}`);
      }
    }
  }
  expect(expectedEdges.length).toBeGreaterThan(0);
  expect(
    result.collectedRelationships
      .filter((r) => r._type === Relationships.GROUP_HAS_USER._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort(),
  ).toEqual(expectedEdges.sort());
});
