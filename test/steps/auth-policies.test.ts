import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import {
  expectedAuthPolicies,
  expectedMfaRequiredByPolicy,
} from '../../simulator';
import { Entities, Steps } from '../../src/steps/constants';
import { expectAuthPoliciesExact } from '../groundTruth';
import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';

describe('authentication policies', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 80, groups: 10, applications: 12 });
  });
  afterAll(() => t.simulator.close());

  test('every kind is in the tenant: each type, each effect, disabled and monitor-only ones', () => {
    const policies = expectedAuthPolicies(t.tenant);
    expect(new Set(policies.map((p) => p.type))).toEqual(
      new Set(['user_portal', 'application', 'ldap', 'admin_portal']),
    );
    expect(new Set(policies.map((p) => p.effect))).toEqual(
      new Set(['allow', 'deny']),
    );
    expect(policies.some((p) => p.mfaRequired)).toBe(true);
    expect(policies.some((p) => p.disabled)).toBe(true);
    expect(policies.some((p) => p.monitorOnly)).toBe(true);
    expect(policies.some((p) => p.allApplications)).toBe(true);
    const byPolicy = [...expectedMfaRequiredByPolicy(t.tenant).values()];
    expect(byPolicy).toContain(true);
    expect(byPolicy).toContain(false);
  });

  test('fetch-auth-policies and fetch-sso-apps: each policy, its groups and applications, and which applications need MFA by policy', async () => {
    const policies = await runStep(Steps.AUTH_POLICIES, t.config);
    const applications = await runStep(Steps.SSO_APPS, t.config);
    // Its edges point at the applications fetch-sso-apps writes from the
    // same list, which this step reads but does not write.
    policies.encounteredEntityKeys = new Set([
      ...policies.encounteredEntityKeys,
      ...applications.collectedEntities.map((e) => e._key),
    ]);
    expect(policies).toMatchStepMetadata({
      stepId: Steps.AUTH_POLICIES,
      invocationConfig,
      instanceConfig: t.config,
    });
    expectAuthPoliciesExact(
      {
        summary: {
          integrationStepResults: [],
          metadata: { partialDatasets: { types: [] } },
        },
        entities: [
          ...policies.collectedEntities,
          ...applications.collectedEntities,
        ],
        relationships: [
          ...policies.collectedRelationships,
          ...applications.collectedRelationships,
        ],
      },
      t.tenant,
    );
    const entity = policies.collectedEntities.find(
      (e) => e._type === Entities.AUTH_POLICY._type && e.conditions,
    );
    expect(entity?.conditions).toMatch(/device|IP address|location/);
  });
});

describe.each([402, 403, 404] as const)('when policies answer %i', (status) => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({
      users: 40,
      faults: {
        statusFaults: [{ pathPattern: '^/api/v2/authn/policies$', status }],
      },
    });
  });
  afterAll(() => t.simulator.close());

  test('fetch-auth-policies fails alone with one error; applications say nothing about MFA by policy', async () => {
    const error = await runStep(Steps.AUTH_POLICIES, t.config).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.message).toContain('authentication policies');
    const applications = await runStep(Steps.SSO_APPS, t.config);
    const configured = applications.collectedEntities.filter(
      (e) =>
        e._type === Entities.APPLICATION._type && e.source === 'configuration',
    );
    expect(configured.length).toBeGreaterThan(0);
    for (const application of configured) {
      expect(application).not.toHaveProperty('mfaRequiredByPolicy');
    }
  });
});
