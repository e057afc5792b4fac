import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedBodies,
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import { JumpCloudApplication, JumpCloudUser, SsoEvent } from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { applicationKey } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-sso-apps and build-sso-usage: every configured application, and who really signs in to each, from the recorded Directory Insights events', async () => {
  recording = setupJumpCloudRecording(__dirname, 'sso-sign-ins');
  const config = recordingConfig();
  // build-sso-usage, after fetch-sso-apps (which reads the events).
  const result = await runStep(Steps.SSO_USAGE, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.SSO_USAGE,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'sso-sign-ins');
  const users = new Set(
    recordedItems<JumpCloudUser>(entries, /\/systemusers$/).map((u) =>
      userKey(u._id),
    ),
  );
  const configured = recordedItems<JumpCloudApplication>(
    entries,
    /\/applications$/,
  ).map((a) => applicationKey(a._id));
  const events = recordedBodies<SsoEvent[]>(
    entries,
    'POST',
    /\/events$/,
  ).flat();
  expect(events.length).toBeGreaterThan(0);

  // Successful sso_auth sign-ins by collected users (not administrators).
  const signIns = new Map<string, number>();
  for (const event of events) {
    const user = userKey(event.initiated_by?.id ?? '');
    const application = event.application?.id;
    if (
      event.event_type !== 'sso_auth' ||
      event.initiated_by?.type !== 'user' ||
      event.initiated_by?.administrator === true ||
      !application ||
      !users.has(user) ||
      (event.sso_token_success ?? event.success) !== true
    ) {
      continue;
    }
    const pair = `${user}|${applicationKey(application)}`;
    signIns.set(pair, (signIns.get(pair) ?? 0) + 1);
  }
  expect(signIns.size).toBeGreaterThan(0);
  const uses = result.collectedRelationships.filter(
    (r) => r._type === Relationships.USER_USES_APPLICATION._type,
  );
  expect(
    uses
      .map((r) => [`${r._fromEntityKey}|${r._toEntityKey}`, r.ssoEventCount])
      .sort(),
  ).toEqual([...signIns].sort());

  // Configured ones from fetch-sso-apps, the others from build-sso-usage.
  const applications = [...result.encounteredEntityKeys].filter((key) =>
    key.startsWith(`${Entities.APPLICATION._type}:`),
  );
  for (const key of configured) expect(applications).toContain(key);
  // Known only from sign-ins: every other application signed in to.
  const signedInTo = new Set([...signIns.keys()].map((p) => p.split('|')[1]));
  expect(applications.sort()).toEqual(
    [...new Set([...configured, ...signedInTo])].sort(),
  );
});
