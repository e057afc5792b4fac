import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import { JumpCloudAdministrator, JumpCloudUser } from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { adminKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-admins: every recorded administrator, each the user with its e-mail', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-admins');
  const config = recordingConfig();
  const result = await runStep(Steps.ADMINS, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.ADMINS,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'fetch-admins');
  const admins = recordedItems<JumpCloudAdministrator>(
    entries,
    /\/api\/users$/,
  );
  expect(admins.length).toBeGreaterThan(0);
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.ADMIN._type)
      .map((e) => [e._key, e.suspended, e.mfaEnabled])
      .sort(),
  ).toEqual(
    admins
      .map((a) => [
        adminKey(a._id),
        a.suspended === true,
        a.totpEnrolled === true,
      ])
      .sort(),
  );

  const usersByEmail = new Map<string, string[]>();
  for (const user of recordedItems<JumpCloudUser>(entries, /\/systemusers$/)) {
    const email = String(user.email ?? '').toLowerCase();
    usersByEmail.set(email, [...(usersByEmail.get(email) ?? []), user._id]);
  }
  const expected = admins.flatMap((a) =>
    (usersByEmail.get(String(a.email).toLowerCase()) ?? []).map(
      (id) => `${adminKey(a._id)}|${userKey(id)}`,
    ),
  );
  expect(expected.length).toBeGreaterThan(0);
  expect(
    result.collectedRelationships
      .filter((r) => r._type === Relationships.ADMIN_IS_USER._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort(),
  ).toEqual(expected.sort());
});
