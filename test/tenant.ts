import { IntegrationConfig } from '../src/config';
import {
  Faults,
  generateTenant,
  RunningSimulator,
  startSimulator,
  Tenant,
  TenantOptions,
} from '../simulator';

export const TEST_API_KEY = 'test-key-7f3a9c2e5b1d4f6a8c0e2b4d';

export interface TestTenant {
  tenant: Tenant;
  simulator: RunningSimulator;
  config: IntegrationConfig;
}

/**
 * A generated tenant served by the simulator on loopback, and the instance
 * configuration that points the integration at it. Close it in afterAll.
 */
export async function startTestTenant(
  options: TenantOptions & { faults?: Faults } = {},
): Promise<TestTenant> {
  const { faults, ...tenantOptions } = options;
  const tenant = generateTenant({
    seed: 7,
    users: 120,
    groups: 12,
    ...tenantOptions,
  });
  const simulator = await startSimulator({
    tenants: [tenant],
    apiKey: TEST_API_KEY,
    port: 0,
    faults,
  });
  return {
    tenant,
    simulator,
    config: {
      apiKey: TEST_API_KEY,
      apiBaseUrl: simulator.apiBaseUrl,
      insightsApiBaseUrl: simulator.insightsApiBaseUrl,
    },
  };
}

/** A multi-tenant portal of three small organizations, the same each time. */
export function portalOfThree(): Tenant[] {
  return [21, 22, 23].map((seed) =>
    generateTenant({
      seed,
      users: 60,
      groups: 6,
      applications: 5,
      ssoEvents: 600,
      systems: 20,
      admins: 3,
    }),
  );
}
