import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedBodies,
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import {
  JumpCloudApplication,
  JumpCloudSaasAccount,
  JumpCloudSaasApplication,
  JumpCloudUser,
} from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import {
  comparableName,
  saasAccountKey,
  saasApplicationKey,
  ssoApplicationsByName,
} from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-saas-management: every recorded application with its name and shadow-IT verdict, its accounts and their owners', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-saas-management');
  const config = recordingConfig();
  const result = await runStep(Steps.SAAS_MANAGEMENT, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.SAAS_MANAGEMENT,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'fetch-saas-management');
  const users = new Set(
    recordedItems<JumpCloudUser>(entries, /\/systemusers$/).map((u) => u._id),
  );
  const sso = ssoApplicationsByName(
    recordedItems<JumpCloudApplication>(entries, /\/api\/applications$/),
  );
  const listed = recordedItems<JumpCloudSaasApplication>(
    entries,
    /\/saas-management\/applications$/,
  );
  expect(listed.length).toBeGreaterThan(0);
  const items = listed.map(
    (a) =>
      recordedBodies<JumpCloudSaasApplication>(
        entries,
        'GET',
        new RegExp(`/saas-management/applications/${a.id}$`),
      )[0],
  );
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.SAAS_APPLICATION._type)
      .map((e) => [e._key, e.name, e.shadowIt])
      .sort(),
  ).toEqual(
    items
      .map((a) => [
        saasApplicationKey(a.id),
        a.name?.trim().replace(/\s+/g, ' '),
        !sso.has(comparableName(a.name) ?? ''),
      ])
      .sort(),
  );

  const accounts = listed.flatMap((a) =>
    recordedItems<JumpCloudSaasAccount>(
      entries,
      new RegExp(`/saas-management/applications/${a.id}/accounts$`),
    ).map((account) => ({ applicationId: a.id, account })),
  );
  expect(accounts.length).toBeGreaterThan(0);
  const key = (x: (typeof accounts)[number]) =>
    saasAccountKey(x.applicationId, x.account.id);
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.SAAS_ACCOUNT._type)
      .map((e) => [e._key, e.orphaned])
      .sort(),
  ).toEqual(
    accounts.map((x) => [key(x), !users.has(x.account.user_id ?? '')]).sort(),
  );
  const owned = accounts
    .filter((x) => users.has(x.account.user_id ?? ''))
    .map((x) => `${userKey(x.account.user_id!)}|${key(x)}`);
  expect(owned.length).toBeGreaterThan(0);
  expect(
    result.collectedRelationships
      .filter((r) => r._type === Relationships.USER_OWNS_SAAS_ACCOUNT._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort(),
  ).toEqual(owned.sort());
});
