import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import { expectedAdminUserLinks, expectedAdmins } from '../../simulator';
import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';
import { accountKey } from '../../src/steps/account/converter';
import { Relationships, Steps } from '../../src/steps/constants';
import { userKey } from '../../src/steps/users/converter';
import { adminKey } from '../../src/steps/admins/converter';

describe('with access to administrators', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 80, admins: 6 });
  });
  afterAll(() => t.simulator.close());

  test('every administrator, on the account, linked to the user with the same e-mail', async () => {
    const result = await runStep(Steps.ADMINS, t.config);
    expect(result).toMatchStepMetadata({
      stepId: Steps.ADMINS,
      invocationConfig,
      instanceConfig: t.config,
    });

    const admins = result.collectedEntities;
    expect(admins.map((a) => a.id).sort()).toEqual(
      expectedAdmins(t.tenant).sort(),
    );
    const has = result.collectedRelationships.filter(
      (r) => r._type === Relationships.ACCOUNT_HAS_ADMIN._type,
    );
    expect(has.map((r) => r._toEntityKey).sort()).toEqual(
      expectedAdmins(t.tenant).map(adminKey).sort(),
    );
    expect(new Set(has.map((r) => r._fromEntityKey))).toEqual(
      new Set([accountKey(t.tenant.organization.id)]),
    );

    const links = result.collectedRelationships
      .filter((r) => r._type === Relationships.ADMIN_IS_USER._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`);
    const expected = expectedAdminUserLinks(t.tenant).map(
      (l) => `${adminKey(l.adminId)}|${userKey(l.userId)}`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(links.sort()).toEqual(expected.sort());
  });

  test('role, MFA and suspension follow the records', async () => {
    const { collectedEntities } = await runStep(Steps.ADMINS, t.config);
    const byId = new Map(collectedEntities.map((a) => [a.id, a]));
    const raw = await fetchAdmins(t);
    expect(raw.length).toBe(collectedEntities.length);
    for (const record of raw) {
      expect(byId.get(record._id)).toMatchObject({
        role: record.roleName,
        mfaEnabled: record.totpEnrolled === true,
        suspended: record.suspended === true,
        _class: ['User'],
      });
    }
    expect(collectedEntities.some((a) => a.mfaEnabled === false)).toBe(true);
  });
});

async function fetchAdmins(t: TestTenant) {
  const { default: fetch } = await import('node-fetch');
  const response = await fetch(`${t.simulator.apiBaseUrl}/users?limit=100`, {
    headers: { 'x-api-key': t.config.apiKey },
  });
  return ((await response.json()) as { results: Record<string, unknown>[] })
    .results as any[];
}

describe.each([403, 404] as const)('when /api/users answers %i', (status) => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 20, faults: { adminsStatus: status } });
  });
  afterAll(() => t.simulator.close());

  test('the step fails alone with one clear error (its types partial), after one request', async () => {
    const error = await runStep(Steps.ADMINS, t.config).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.message).toContain(
      {
        403: 'the API key cannot read administrators (GET /api/users',
        404: 'JumpCloud answered 404 to reading administrators (GET /api/users',
      }[status],
    );
    expect(error.message).toContain('so administrators were not collected');
    const requests = t.simulator.requests.filter(
      (r) => r.path === '/api/users',
    );
    expect(requests).toHaveLength(1);
  });
});
