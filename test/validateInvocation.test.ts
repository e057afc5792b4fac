import {
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { generateTenant, startSimulator } from '../simulator';
import { IntegrationConfig } from '../src/config';
import { validateInvocation } from '../src/validateInvocation';
import { startTestTenant, TestTenant, TEST_API_KEY } from './tenant';

function validate(config: IntegrationConfig) {
  return validateInvocation(
    createMockExecutionContext<IntegrationConfig>({ instanceConfig: config }),
  );
}

describe('configuration checks, before any request', () => {
  test.each([
    [{ apiKey: '  ' }, 'Config requires apiKey (API_KEY)'],
    [
      { apiKey: 'k', region: 'asia' },
      'Config region (REGION) "asia" is not a JumpCloud region; use one of: us, eu, in.',
    ],
    [
      { apiKey: 'k', apiBaseUrl: 'console.jumpcloud.com/api' },
      'Config apiBaseUrl (API_BASE_URL) "console.jumpcloud.com/api" is not a valid URL',
    ],
    [
      { apiKey: 'k', insightsApiBaseUrl: 'ftp://x/y' },
      'Config insightsApiBaseUrl (INSIGHTS_API_BASE_URL) "ftp://x/y" must be an http or https URL.',
    ],
    [
      { apiKey: 'k', orgId: 'acme' },
      'Config orgId (ORG_ID) "acme" is not a JumpCloud organization id (24 hexadecimal characters) nor "all".',
    ],
    [
      { apiKey: 'k', maxConcurrentRequests: '0' },
      'Config maxConcurrentRequests (MAX_CONCURRENT_REQUESTS) "0" must be a whole number from 1 to 50.',
    ],
  ])('%j is refused, naming the field', async (config, message) => {
    const error = await validate(config as IntegrationConfig).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain(message);
  });
});

describe('against a single-organization tenant', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 5, groups: 2 });
  });
  afterAll(() => t.simulator.close());

  test('a good key passes with two requests: the organizations, and one user without x-org-id', async () => {
    const before = t.simulator.requests.length;
    await validate({ ...t.config, apiKey: `  ${TEST_API_KEY}\n` });
    expect(t.simulator.requests.slice(before)).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/organizations',
        status: 200,
      }),
      expect.objectContaining({
        method: 'GET',
        path: '/api/systemusers',
        query: 'fields=_id&limit=1&skip=0&sort=_id',
        status: 200,
      }),
    ]);
  });

  test('a refused key fails at once, says what to check, and never shows the key', async () => {
    const badKey = 'jca_wrongwrongwrongwrongwrong1234';
    const started = Date.now();
    const before = t.simulator.requests.length;
    const error = await validate({
      ...t.config,
      apiKey: badKey,
      region: 'eu',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(error.message).toContain('401');
    expect(error.message).toContain('Check the API key (API_KEY)');
    expect(error.message).toContain('a key works only in its own region');
    expect(error.message).not.toContain(badKey);
    expect(t.simulator.requests.length - before).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('an ORG_ID the key cannot read is named', async () => {
    const error = await validate({
      ...t.config,
      orgId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain(
      'aaaaaaaaaaaaaaaaaaaaaaaa is not an organization this API key can read',
    );
    expect(error.message).toContain(t.tenant.organization._id);
  });
});

test('a multi-tenant key without ORG_ID is told to set it, with the organizations it can read', async () => {
  const tenants = [1, 2, 3].map((seed) =>
    generateTenant({
      seed,
      users: 3,
      groups: 1,
      applications: 1,
      ssoEvents: 0,
    }),
  );
  const simulator = await startSimulator({
    tenants,
    apiKey: TEST_API_KEY,
    port: 0,
  });
  try {
    const config = { apiKey: TEST_API_KEY, apiBaseUrl: simulator.apiBaseUrl };
    const error = await validate(config).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain(
      'multi-tenant (MSP) API key that manages 3 organizations: set orgId (ORG_ID) to the one to collect, or to "all"',
    );
    for (const t of tenants)
      expect(error.message).toContain(t.organization._id);

    await expect(
      validate({ ...config, orgId: tenants[1].organization._id }),
    ).resolves.toBeUndefined();
  } finally {
    await simulator.close();
  }
});

test('a portal key whose organization list shows one organization is told to set ORG_ID, in seconds', async () => {
  const tenant = generateTenant({
    seed: 4,
    users: 3,
    groups: 1,
    applications: 1,
    ssoEvents: 0,
  });
  const simulator = await startSimulator({
    tenants: [tenant],
    apiKey: TEST_API_KEY,
    port: 0,
    faults: { requireOrgHeader: true },
  });
  try {
    const config = { apiKey: TEST_API_KEY, apiBaseUrl: simulator.apiBaseUrl };
    const started = Date.now();
    const error = await validate(config).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect(error.message).toContain('multi-tenant (MSP) portal');
    expect(error.message).toContain('Set orgId (ORG_ID)');
    expect(error.message).toContain(tenant.organization._id);
    expect(error.message).not.toContain('Check the API key');
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(
      validate({ ...config, orgId: tenant.organization._id }),
    ).resolves.toBeUndefined();
  } finally {
    await simulator.close();
  }
});

test('an unreachable host fails in seconds, not minutes', async () => {
  const started = Date.now();
  const error = await validate({
    apiKey: TEST_API_KEY,
    apiBaseUrl: 'http://127.0.0.1:9/api',
  }).catch((e) => e);
  expect(error.message).toContain('GET http://127.0.0.1:9/api/organizations');
  expect(Date.now() - started).toBeLessThan(10_000);
});
