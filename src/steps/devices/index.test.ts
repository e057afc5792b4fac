import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import {
  GraphObjectWithPaths,
  JumpCloudSystem,
  JumpCloudUser,
} from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { deviceKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-devices: every recorded device, used by every user bound to it', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-devices');
  const config = recordingConfig();
  const result = await runStep(Steps.DEVICES, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.DEVICES,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'fetch-devices');
  const users = new Set(
    recordedItems<JumpCloudUser>(entries, /\/systemusers$/).map((u) =>
      userKey(u._id),
    ),
  );
  const systems = recordedItems<JumpCloudSystem>(entries, /\/api\/systems$/);
  expect(systems.length).toBeGreaterThan(0);
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.DEVICE._type)
      .map((e) => [e._key, e.encrypted])
      .sort(),
  ).toEqual(
    systems
      .map((s) => [deviceKey(s._id), s.fde ? s.fde.active === true : undefined])
      .sort(),
  );

  // Read from whichever side the step chose: devices' users or users' devices.
  const expected = new Set<string>();
  for (const system of systems) {
    for (const row of recordedItems<GraphObjectWithPaths>(
      entries,
      new RegExp(`/v2/systems/${system._id}/users$`),
    )) {
      if (row.type === 'user' && users.has(userKey(row.id))) {
        expected.add(`${userKey(row.id)}|${deviceKey(system._id)}`);
      }
    }
  }
  for (const user of users) {
    const id = user.split(':')[1];
    for (const row of recordedItems<GraphObjectWithPaths>(
      entries,
      new RegExp(`/v2/users/${id}/systems$`),
    )) {
      if (row.type === 'system') {
        expected.add(`${user}|${deviceKey(row.id)}`);
      }
    }
  }
  expect(expected.size).toBeGreaterThan(0);
  expect(
    result.collectedRelationships
      .filter((r) => r._type === Relationships.USER_USES_DEVICE._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort(),
  ).toEqual([...expected].sort());
});
