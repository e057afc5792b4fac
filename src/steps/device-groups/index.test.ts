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
  JumpCloudSystem,
  JumpCloudSystemGroup,
} from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { deviceKey } from '../devices/converter';
import { deviceGroupKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-device-groups: every recorded device group, HAS each recorded member device', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-device-groups');
  const config = recordingConfig();
  const result = await runStep(Steps.DEVICE_GROUPS, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.DEVICE_GROUPS,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'fetch-device-groups');
  const devices = new Set(
    recordedItems<JumpCloudSystem>(entries, /\/api\/systems$/).map((s) =>
      deviceKey(s._id),
    ),
  );
  const groups = recordedItems<JumpCloudSystemGroup>(
    entries,
    /\/v2\/systemgroups$/,
  );
  expect(groups.length).toBeGreaterThan(0);
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.DEVICE_GROUP._type)
      .map((e) => e._key)
      .sort(),
  ).toEqual(groups.map((g) => deviceGroupKey(g.id)).sort());

  const expected = groups.flatMap((group) =>
    recordedItems<GraphConnection>(
      entries,
      new RegExp(`/v2/systemgroups/${group.id}/members$`),
    )
      .filter((row) => row.to.type === 'system')
      .map((row) => deviceKey(row.to.id))
      .filter((key) => devices.has(key))
      .map((key) => `${deviceGroupKey(group.id)}|${key}`),
  );
  expect(expected.length).toBeGreaterThan(0);
  expect(
    result.collectedRelationships
      .filter((r) => r._type === Relationships.DEVICE_GROUP_HAS_DEVICE._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort(),
  ).toEqual(expected.sort());
});
