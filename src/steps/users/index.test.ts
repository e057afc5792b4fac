import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import { JumpCloudUser } from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-users: every recorded user, on its account, managed by its manager', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-users');
  const config = recordingConfig();
  const result = await runStep(Steps.USERS, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.USERS,
    invocationConfig,
    instanceConfig: config,
  });

  const users = recordedItems<JumpCloudUser>(
    await recordedEntries(__dirname, 'fetch-users'),
    /\/systemusers$/,
  );
  expect(users.length).toBeGreaterThan(0);
  const byKey = new Map(users.map((u) => [userKey(u._id), u]));
  const entities = result.collectedEntities.filter(
    (e) => e._type === Entities.USER._type,
  );
  expect(entities.map((e) => e._key).sort()).toEqual([...byKey.keys()].sort());
  for (const entity of entities) {
    const user = byKey.get(entity._key)!;
    expect(entity.id).toBe(user._id);
    if (/^[\x21-\x7e]+$/.test(String(user.username))) {
      expect(entity.username).toBe(user.username);
    }
    expect(entity.suspended).toBe(
      user.suspended === true || user.state === 'SUSPENDED',
    );
  }

  const managed = result.collectedRelationships
    .filter((r) => r._type === Relationships.USER_MANAGES_USER._type)
    .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
    .sort();
  expect(managed).toEqual(
    users
      .filter(
        (u) =>
          u.manager && u.manager !== u._id && byKey.has(userKey(u.manager)),
      )
      .map((u) => `${userKey(u.manager!)}|${userKey(u._id)}`)
      .sort(),
  );
});
