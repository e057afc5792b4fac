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
  JumpCloudApplication,
  JumpCloudUser,
  JumpCloudUserGroup,
} from '../../client';
import { Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { userKey } from '../users/converter';
import { applicationKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('build-application-assignment-relationships: every recorded assignment to a collected user or group', async () => {
  recording = setupJumpCloudRecording(__dirname, 'application-assignments');
  const config = recordingConfig();
  const result = await runStep(Steps.APPLICATION_ASSIGNMENTS, config);
  await recording.stop();
  recording = undefined;
  const entries = await recordedEntries(__dirname, 'application-assignments');
  const users = new Set(
    recordedItems<JumpCloudUser>(entries, /\/systemusers$/).map((u) =>
      userKey(u._id),
    ),
  );
  const groups = new Set(
    recordedItems<JumpCloudUserGroup>(entries, /\/v2\/usergroups$/).map((g) =>
      groupKey(g.id),
    ),
  );
  const applications = recordedItems<JumpCloudApplication>(
    entries,
    /\/applications$/,
  );
  expect(applications.length).toBeGreaterThan(0);
  // Its edges point at the applications fetch-sso-apps emits from the same
  // list, which this step reads but does not write.
  result.encounteredEntityKeys = new Set([
    ...result.encounteredEntityKeys,
    ...applications.map((a) => applicationKey(a._id)),
  ]);
  expect(result).toMatchStepMetadata({
    stepId: Steps.APPLICATION_ASSIGNMENTS,
    invocationConfig,
    instanceConfig: config,
  });

  const expected = { user: [] as string[], user_group: [] as string[] };
  for (const application of applications) {
    const associations = recordedItems<GraphConnection>(
      entries,
      new RegExp(`/v2/applications/${application._id}/associations$`),
    );
    for (const { to } of associations) {
      const from = to.type === 'user' ? userKey(to.id) : groupKey(to.id);
      if (users.has(from) || groups.has(from)) {
        expected[to.type as 'user' | 'user_group'].push(
          `${from}|${applicationKey(application._id)}`,
        );
      }
    }
  }
  const edges = (type: string) =>
    result.collectedRelationships
      .filter((r) => r._type === type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort();
  expect(edges(Relationships.USER_ASSIGNED_APPLICATION._type)).toEqual(
    expected.user.sort(),
  );
  expect(edges(Relationships.GROUP_ASSIGNED_APPLICATION._type)).toEqual(
    expected.user_group.sort(),
  );
});
