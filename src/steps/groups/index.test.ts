import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import { GraphConnection, JumpCloudUserGroup } from '../../client';
import { Entities, Steps } from '../constants';
import { groupKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-groups: every recorded group, counting its direct user members', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-groups');
  const config = recordingConfig();
  const result = await runStep(Steps.GROUPS, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.GROUPS,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'fetch-groups');
  const groups = recordedItems<JumpCloudUserGroup>(
    entries,
    /\/v2\/usergroups$/,
  );
  expect(groups.length).toBeGreaterThan(0);
  const memberCounts = groups.map((group) => [
    groupKey(group.id),
    recordedItems<GraphConnection>(
      entries,
      new RegExp(`/v2/usergroups/${group.id}/members$`),
    ).filter((m) => m.to.type === 'user').length,
  ]);
  expect(memberCounts.some(([, count]) => count > 0)).toBe(true);
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.GROUP._type)
      .map((e) => [e._key, e.memberCount])
      .sort(),
  ).toEqual(memberCounts.sort());
});
