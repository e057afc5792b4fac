/**
 * A multi-tenant portal of three organizations, as a user collects it: ORG_ID
 * naming one of them, and ORG_ID=all with one organization's outage leaving
 * the others complete. ORG_ID=all itself (one account per organization, each
 * organization's objects on its own account, x-org-id on every
 * organization-scoped request), under either behaviour of GET /api/users, is
 * a row of the fault matrix (test/faults.test.ts).
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CollectResult, runCollect } from '../runner/collect';
import {
  Collection,
  outputDirectory,
  readCollection,
} from '../report/collections';
import {
  expectedPortalAdmins,
  Faults,
  startSimulator,
  Tenant,
} from '../simulator';
import { portalOfThree } from './tenant';
import { Entities } from '../src/steps/constants';
import {
  accountKey,
  expectEveryStepSucceeded,
  expectTenantExact,
  keysOf,
  restrictToTenant,
  stepStatuses,
} from './groundTruth';

const API_KEY = 'jca_fake_portal_key_not_a_secret_0000';

interface PortalRun {
  tenants: Tenant[];
  result: CollectResult;
  collection: Collection;
  requests: { path: string; orgId?: string }[];
}

async function collectPortal(
  orgId: (tenants: Tenant[]) => string,
  faults?: (tenants: Tenant[]) => Faults,
) {
  const tenants = portalOfThree();
  const simulator = await startSimulator({
    tenants,
    apiKey: API_KEY,
    port: 0,
    faults: faults?.(tenants),
  });
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-portal-'));
  try {
    const result = await runCollect(
      {
        ...process.env,
        API_KEY,
        API_BASE_URL: simulator.apiBaseUrl,
        INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
        ORG_ID: orgId(tenants),
        JUMPCLOUD_RETRY_BASE_DELAY_MS: '5',
        JUMPCLOUD_RETRY_MAX_DELAY_MS: '50',
        JUMPCLOUD_MAX_ATTEMPTS: '3',
      },
      { workDirectory: directory },
    );
    const collection = await readCollection(outputDirectory(directory));
    return {
      tenants,
      result,
      collection,
      requests: simulator.requests,
    } as PortalRun;
  } finally {
    await simulator.close();
  }
}

test('ORG_ID naming one organization of the portal collects that one alone', async () => {
  const run = await collectPortal((tenants) => tenants[1].organization.id);
  expect(run.result.exitCode).toBe(0);
  expectEveryStepSucceeded(run.collection);
  expect(keysOf(run.collection.entities, Entities.ACCOUNT._type)).toEqual([
    accountKey(run.tenants[1]),
  ]);
  expectTenantExact(
    restrictToTenant(run.collection, run.tenants[1]),
    run.tenants[1],
  );
  expect(keysOf(run.collection.entities, Entities.USER._type)).toHaveLength(
    run.tenants[1].users.length,
  );
  // Its administrators and the portal's own; not the other organizations'.
  const admins = expectedPortalAdmins(run.tenants).filter(
    (a) => a.portalLevel || a.organization === run.tenants[1].organization.id,
  );
  expect(keysOf(run.collection.entities, Entities.ADMIN._type).sort()).toEqual(
    admins.map((a) => `${Entities.ADMIN._type}:${a.id}`).sort(),
  );
}, 120_000);

test('one organization down leaves the other two complete', async () => {
  const run = await collectPortal(
    () => 'all',
    (tenants) => ({ failingOrganization: tenants[2].organization.id }),
  );
  const statuses = stepStatuses(run.collection);
  expect(statuses['fetch-users']).toBe('failure');
  expect(run.collection.summary.metadata.partialDatasets.types).toContain(
    Entities.USER._type,
  );
  for (const tenant of run.tenants.slice(0, 2)) {
    expectTenantExact(restrictToTenant(run.collection, tenant), tenant);
  }
  expect(run.result.output).toContain(
    `(${run.tenants[2].organization.id}) was not completely collected`,
  );
  expect(run.result.output).not.toContain(API_KEY);
}, 120_000);
