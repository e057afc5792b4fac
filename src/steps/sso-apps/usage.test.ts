import { SsoEvent } from '../../client';
import { SsoUsage } from './usage';

const ALICE = '6026bec6b8207255280d5981';
const GHOST = '6026bec6b8207255280d5999';
const SLACK = '617c3664e6f8ae27f7e1201e';

function signIn(overrides: Partial<SsoEvent> = {}): SsoEvent {
  return {
    id: 'e1',
    event_type: 'sso_auth',
    service: 'sso',
    initiated_by: { id: ALICE, type: 'user', username: 'alice' },
    application: {
      id: SLACK,
      name: 'slack',
      display_label: 'Slack',
      sso_type: 'saml',
    },
    sso_token_success: true,
    ...overrides,
  };
}

function usageOf(events: [SsoEvent, number][]) {
  const usage = new SsoUsage((id) => id === ALICE);
  for (const [event, ms] of events) usage.add(event, ms);
  return usage;
}

test('many sign-ins of one pair fold into one record with first, last and counts', () => {
  const usage = usageOf([
    [signIn(), 3000],
    [signIn(), 1000],
    [signIn(), 2000],
  ]);
  expect([...usage.signedInPairs()]).toEqual([
    {
      userId: ALICE,
      applicationId: SLACK,
      usage: {
        firstSsoOn: 1000,
        lastSsoOn: 3000,
        ssoEventCount: 3,
        failedSsoCount: 0,
      },
    },
  ]);
});

test('a failed latest attempt counts as a failure and does not move lastSsoOn', () => {
  const usage = usageOf([
    [signIn(), 1000],
    [signIn({ sso_token_success: false }), 5000],
  ]);
  expect([...usage.signedInPairs()][0].usage).toEqual({
    firstSsoOn: 1000,
    lastSsoOn: 1000,
    ssoEventCount: 1,
    failedSsoCount: 1,
  });
});

test('a pair with only failed sign-ins is no usage', () => {
  const usage = usageOf([[signIn({ sso_token_success: false }), 1000]]);
  expect([...usage.signedInPairs()]).toEqual([]);
  expect(usage.applicationUsage().size).toBe(0);
});

test('`success` counts where a row has it instead of sso_token_success', () => {
  const usage = usageOf([
    [signIn({ sso_token_success: undefined, success: true }), 1000],
  ]);
  expect([...usage.signedInPairs()]).toHaveLength(1);
});

test('sign-ins by administrators, unknown users, other actors or with no application are skipped and counted', () => {
  const usage = usageOf([
    [
      signIn({
        initiated_by: { id: 'a1', type: 'admin', username: 'root@example.com' },
      }),
      1,
    ],
    [
      signIn({
        initiated_by: { id: ALICE, type: 'user', administrator: true },
      }),
      2,
    ],
    [signIn({ initiated_by: { id: GHOST, type: 'user' } }), 3],
    [signIn({ initiated_by: { id: 'x', type: 'system' } }), 4],
    [
      signIn({
        application: { id: '', name: '', display_label: '' },
        sso_token_success: false,
      }),
      5,
    ],
    [signIn({ event_type: 'user_login_attempt' }), 6],
  ]);
  expect(usage.skipped).toEqual({
    administrator: 2,
    userNotCollected: 1,
    notUser: 1,
    noApplication: 1,
    notSsoAuth: 1,
  });
  expect(usage.events).toBe(6);
  expect([...usage.signedInPairs()]).toEqual([]);
  expect(usage.failedOnlyPairs).toBe(0);
});

test('per-application usage counts sign-ins, distinct users and the latest time', () => {
  const usage = new SsoUsage(() => true);
  usage.add(signIn(), 1000);
  usage.add(signIn(), 4000);
  usage.add(signIn({ initiated_by: { id: GHOST, type: 'user' } }), 2000);
  expect(usage.applicationUsage().get(SLACK)).toEqual({
    ssoEventCount: 3,
    ssoUserCount: 2,
    lastSsoOn: 4000,
  });
});

test('an application is named as its latest successful sign-in names it, whatever the arrival order', () => {
  const usage = usageOf([
    [
      signIn({
        application: { id: SLACK, name: 'slack', display_label: 'Slack (new)' },
      }),
      9000,
    ],
    [
      signIn({
        application: { id: SLACK, name: 'slack', display_label: 'Slack (old)' },
      }),
      1000,
    ],
  ]);
  expect(usage.observedApplications()).toEqual([
    {
      id: SLACK,
      name: 'slack',
      displayLabel: 'Slack (new)',
      ssoType: undefined,
    },
  ]);
});

test('thousands of users and pairs, arriving out of order, each fold into their own record', () => {
  const users = Array.from(
    { length: 3_000 },
    (_, i) => `6026bec6b82072552${i.toString(16).padStart(7, '0')}`,
  );
  const apps = ['617c3664e6f8ae27f7e1201e', '617c3664e6f8ae27f7e1201f'];
  const usage = new SsoUsage(() => true);
  // Three rounds over every pair, the last round first in time.
  for (const round of [2, 0, 1]) {
    for (const userId of users) {
      for (const [k, appId] of apps.entries()) {
        usage.add(
          signIn({
            initiated_by: { id: userId, type: 'user' },
            application: { id: appId },
            sso_token_success: !(round === 2 && k === 1),
          }),
          1000 * (round + 1),
        );
      }
    }
  }
  const pairs = [...usage.signedInPairs()];
  expect(pairs).toHaveLength(6_000);
  expect(new Set(pairs.map((p) => `${p.userId}|${p.applicationId}`)).size).toBe(
    6_000,
  );
  for (const { applicationId, usage: pair } of pairs) {
    expect(pair).toEqual(
      applicationId === apps[0]
        ? {
            firstSsoOn: 1000,
            lastSsoOn: 3000,
            ssoEventCount: 3,
            failedSsoCount: 0,
          }
        : {
            firstSsoOn: 1000,
            lastSsoOn: 2000,
            ssoEventCount: 2,
            failedSsoCount: 1,
          },
    );
  }
  expect(usage.applicationUsage().get(apps[1])).toEqual({
    ssoEventCount: 6_000,
    ssoUserCount: 3_000,
    lastSsoOn: 2000,
  });
});

test('finish() keeps every pair and its usage, and takes no more events', () => {
  const usage = new SsoUsage(() => true);
  // 1,500 users, each signing in to two of seven applications once: 3,000 pairs.
  for (let i = 0; i < 3000; i++) {
    usage.add(
      signIn({
        initiated_by: { id: `user-${i % 1500}`, type: 'user' },
        application: { id: `app-${i % 7}` },
      }),
      1000 + i,
    );
  }
  const before = [...usage.signedInPairs()];
  expect(before).toHaveLength(3000);
  usage.finish();
  expect([...usage.signedInPairs()]).toEqual(before);
  // i = 3, 10, …, 2999
  expect(usage.applicationUsage().get('app-3')).toEqual({
    ssoEventCount: 429,
    ssoUserCount: 429,
    lastSsoOn: 1000 + 2999,
  });
  expect(() => usage.add(signIn(), 5000)).toThrow('after finish');
});
