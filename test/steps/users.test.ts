import { invocationConfig, runStep } from '../runStep';
import { expectedManagerEdges, expectedUserIds } from '../../simulator';
import { startTestTenant, TestTenant } from '../tenant';
import { Relationships, Steps } from '../../src/steps/constants';
import { userKey } from '../../src/steps/users/converter';

let t: TestTenant;
beforeAll(async () => {
  t = await startTestTenant({ users: 230 });
});
afterAll(() => t.simulator.close());

test('fetch-users collects every user once, each linked to the account', async () => {
  const result = await runStep(Steps.USERS, t.config);
  expect(result).toMatchStepMetadata({
    stepId: Steps.USERS,
    invocationConfig,
    instanceConfig: t.config,
  });

  const users = result.collectedEntities;
  const expected = expectedUserIds(t.tenant);
  expect(users.map((u) => u.id).sort()).toEqual([...expected].sort());

  const accountLinks = result.collectedRelationships.filter(
    (r) => r._type === Relationships.ACCOUNT_HAS_USER._type,
  );
  expect(accountLinks.map((r) => r._toEntityKey).sort()).toEqual(
    expected.map(userKey).sort(),
  );

  // The first generated user is an ordinary, fully populated one.
  const raw = t.tenant.users[0];
  const first = users.find((u) => u.id === raw._id)!;
  expect(first).toMatchObject({
    username: raw.username,
    email: (raw.email as string).toLowerCase(),
    state: 'activated',
    active: true,
    mfaConfigured: true,
    webLink: `https://console.jumpcloud.com/#/users/${raw._id}/details`,
  });
});

test('every user property follows the raw record', async () => {
  const { collectedEntities } = await runStep(Steps.USERS, t.config);
  const byId = new Map(collectedEntities.map((e) => [e.id, e]));
  for (const raw of t.tenant.users) {
    const user = byId.get(raw._id)!;
    const state = raw.state
      ? String(raw.state).toLowerCase()
      : raw.suspended
      ? 'suspended'
      : 'activated';
    expect(user.state).toBe(state);
    expect(user.suspended).toBe(
      raw.suspended === true || state === 'suspended',
    );
    expect(user.locked).toBe(raw.account_locked === true);
    expect(user.active).toBe(
      state === 'activated' && !user.suspended && !user.locked,
    );
    expect(user.mfaConfigured).toBe(raw.mfa?.configured === true);
    expect(user.managerId).toBe(raw.manager || undefined);
  }
  // The variety a real tenant has made it through.
  const states = new Set(collectedEntities.map((u) => u.state));
  expect(states).toEqual(new Set(['activated', 'staged', 'suspended']));
  expect(collectedEntities.some((u) => u.email === undefined)).toBe(true);
  expect(collectedEntities.some((u) => /[^ -~]/.test(u.name as string))).toBe(
    true,
  );
});

test('manager MANAGES user for every user whose manager was collected', async () => {
  const { collectedRelationships } = await runStep(Steps.USERS, t.config);
  const edges = collectedRelationships
    .filter((r) => r._type === Relationships.USER_MANAGES_USER._type)
    .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`);
  const expected = expectedManagerEdges(t.tenant).map(
    (e) => `${userKey(e.managerId)}|${userKey(e.userId)}`,
  );
  expect(expected.length).toBeGreaterThan(0);
  expect(edges.sort()).toEqual(expected.sort());
});
