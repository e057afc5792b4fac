import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import { expectedSaasTotals, generateTenant } from '../../simulator';
import { Entities, Relationships, Steps } from '../../src/steps/constants';
import { expectSaasExact } from '../groundTruth';
import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';

describe('SaaS Management', () => {
  let t: TestTenant;
  let saas: Awaited<ReturnType<typeof runStep>>;
  let links: Awaited<ReturnType<typeof runStep>>;
  beforeAll(async () => {
    t = await startTestTenant({ users: 150, groups: 10, applications: 10 });
    saas = await runStep(Steps.SAAS_MANAGEMENT, t.config);
    links = await runStep(Steps.SAAS_SSO_RELATIONSHIPS, t.config);
  });
  afterAll(() => t.simulator.close());

  test('both steps match their metadata', () => {
    expect(saas).toMatchStepMetadata({
      stepId: Steps.SAAS_MANAGEMENT,
      invocationConfig,
      instanceConfig: t.config,
    });
    expect(links).toMatchStepMetadata({
      stepId: Steps.SAAS_SSO_RELATIONSHIPS,
      invocationConfig,
      instanceConfig: t.config,
    });
  });

  test('every application, account, owner and SSO match is the tenant’s', () => {
    const collection = {
      entities: [...saas.collectedEntities],
      relationships: [
        ...saas.collectedRelationships,
        ...links.collectedRelationships,
      ],
    };
    expectSaasExact(collection as never, t.tenant);
  });

  test('the totals: applications, shadow IT, accounts, owned accounts, unused licenses', () => {
    const totals = expectedSaasTotals(t.tenant, Date.now());
    const applications = saas.collectedEntities.filter(
      (e) => e._type === Entities.SAAS_APPLICATION._type,
    );
    const accounts = saas.collectedEntities.filter(
      (e) => e._type === Entities.SAAS_ACCOUNT._type,
    );
    const owned = saas.collectedRelationships.filter(
      (r) => r._type === Relationships.USER_OWNS_SAAS_ACCOUNT._type,
    );
    expect({
      applications: applications.length,
      shadowIt: applications.filter((a) => a.shadowIt === true).length,
      accounts: accounts.length,
      ownedAccounts: owned.length,
      orphanedAccounts: accounts.filter((a) => a.orphaned === true).length,
      unusedLicenses: applications.reduce(
        (n, a) => n + ((a.unusedLicenses as number | undefined) ?? 0),
        0,
      ),
    }).toEqual(totals);
    // The tenant has each kind, so each figure above was tested.
    expect(totals.shadowIt).toBeGreaterThan(0);
    expect(totals.shadowIt).toBeLessThan(totals.applications);
    expect(totals.ownedAccounts).toBeGreaterThan(0);
    expect(totals.orphanedAccounts).toBeGreaterThan(0);
    expect(totals.unusedLicenses).toBeGreaterThan(0);
  });

  test('the list has no names: each application’s own route is read once for it', () => {
    const items = t.simulator.requests.filter((r) =>
      /^\/api\/v2\/saas-management\/applications\/[^/]+$/.test(r.path),
    );
    const applications = saas.collectedEntities.filter(
      (e) => e._type === Entities.SAAS_APPLICATION._type,
    );
    // Two runs of the step (the second for the relationship step's dependencies).
    expect(items.length).toBe(2 * applications.length);
    expect(applications.every((a) => a.name !== a.id)).toBe(true);
  });
});

describe('a tenant without SaaS Management (402)', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 40, groups: 4, saasManagement: false });
  });
  afterAll(() => t.simulator.close());

  test('the step fails alone, non-fatally, saying why', async () => {
    const error = await runStep(Steps.SAAS_MANAGEMENT, t.config).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.fatal).toBeFalsy();
    expect(error.message).toContain(
      'JumpCloud answered 402 (not part of this organization',
    );
    expect(error.message).toContain('SaaS Management applications');
  });
});

test('generateTenant keeps SaaS Management off when asked', () => {
  expect(
    expectedSaasTotals(
      generateTenant({ seed: 3, users: 20, saasManagement: false }),
      Date.now(),
    ).applications,
  ).toBe(0);
});
