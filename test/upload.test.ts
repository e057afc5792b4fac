/**
 * The upload path: `j1-integration run` collects a simulator tenant and
 * uploads to a local receiver of JupiterOne's synchronization API. Every
 * collected entity and relationship must arrive exactly once, JumpCloud's
 * API key must never leave in an upload, and a step that failed must be
 * reported as partial types at finalize, so that JupiterOne keeps the older
 * data of those types.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CollectResult, runUpload } from '../runner/collect';
import {
  Collection,
  outputDirectory,
  readCollection,
} from '../report/collections';
import {
  expectedGroupMemberships,
  expectedUserIds,
  Faults,
  generateTenant,
  startSimulator,
  Tenant,
} from '../simulator';
import { expectCompleteAndExact, keysOf } from './groundTruth';
import { startSyncReceiver, SyncReceiver } from './syncReceiver';
import { TEST_API_KEY } from './tenant';

const J1_API_KEY = 'j1-api-key-for-the-local-receiver';
const J1_ACCOUNT = 'j1-account-1';
const INSTANCE_ID = '5b6cf6a4-0000-4000-8000-000000000001';

interface Upload {
  tenant: Tenant;
  receiver: SyncReceiver;
  result: CollectResult;
  /** What the same run wrote locally. */
  local: Collection;
  workDirectory: string;
}

async function upload(faults?: Faults): Promise<Upload> {
  const tenant = generateTenant({ seed: 41, users: 120, groups: 8 });
  const simulator = await startSimulator({
    tenants: [tenant],
    apiKey: TEST_API_KEY,
    port: 0,
    faults,
  });
  const receiver = await startSyncReceiver();
  const workDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-run-'));
  try {
    const result = await runUpload(
      {
        ...process.env,
        API_KEY: TEST_API_KEY,
        API_BASE_URL: simulator.apiBaseUrl,
        INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
      },
      {
        apiBaseUrl: receiver.url,
        integrationInstanceId: INSTANCE_ID,
        apiKey: J1_API_KEY,
        account: J1_ACCOUNT,
      },
      { workDirectory },
    );
    const local = await readCollection(outputDirectory(workDirectory));
    return { tenant, receiver, result, local, workDirectory };
  } finally {
    await simulator.close();
    await receiver.close();
  }
}

const keys = (objects: { _key: string }[]) => objects.map((o) => o._key).sort();

describe('j1-integration run against a clean tenant', () => {
  let run: Upload;
  beforeAll(async () => {
    run = await upload();
  }, 120_000);
  afterAll(() => fs.rm(run.workDirectory, { recursive: true, force: true }));

  test('the job is started for the instance, filled, and finalized with nothing partial', () => {
    const { receiver } = run;
    expect(run.result.exitCode).toBe(0);
    expect(receiver.jobStart).toEqual({
      source: 'integration-managed',
      integrationInstanceId: INSTANCE_ID,
    });
    expect(receiver.finalizedPartialTypes).toEqual([]);
    expect(receiver.abortReason).toBeUndefined();
    expect(receiver.unexpected).toEqual([]);
    const routes = new Set(
      receiver.requests.map((r) => `${r.method} ${r.path}`),
    );
    expect([...routes].sort()).toEqual(
      [
        'POST /persister/synchronization/jobs',
        'POST /persister/synchronization/jobs/sync-job-1/entities',
        'POST /persister/synchronization/jobs/sync-job-1/events',
        'POST /persister/synchronization/jobs/sync-job-1/finalize',
        'POST /persister/synchronization/jobs/sync-job-1/relationships',
      ].sort(),
    );
    // Finalize comes last: nothing is uploaded after the job is closed.
    expect(receiver.requests[receiver.requests.length - 1].path).toMatch(
      /\/finalize$/,
    );
  });

  test('every collected entity and relationship arrived exactly once', () => {
    const { receiver, local } = run;
    expect(local.entities.length).toBeGreaterThan(120);
    expect(keys(receiver.entities)).toEqual(keys(local.entities));
    expect(keys(receiver.relationships)).toEqual(keys(local.relationships));
    // ... and what was collected is the tenant, no more and no less.
    expectCompleteAndExact(
      {
        summary: local.summary,
        entities: receiver.entities,
        relationships: receiver.relationships,
      },
      run.tenant,
    );
  });

  test("JumpCloud's API key is in no upload, header or log line; the JupiterOne key only authorizes", () => {
    for (const request of run.receiver.requests) {
      expect(request.body).not.toContain(TEST_API_KEY);
      expect(JSON.stringify(request.headers)).not.toContain(TEST_API_KEY);
      expect(request.headers.authorization).toBe(`Bearer ${J1_API_KEY}`);
      expect(request.headers['lifeomic-account']).toBe(J1_ACCOUNT);
      expect(request.body).not.toContain(J1_API_KEY);
    }
    expect(run.result.output).not.toContain(TEST_API_KEY);
    // No application secret travels either (SAML private keys are dropped).
    for (const request of run.receiver.requests)
      expect(request.body).not.toMatch(/PRIVATE KEY/);
  });
});

describe('j1-integration run when group members may not be read (403)', () => {
  let run: Upload;
  beforeAll(async () => {
    run = await upload({ forbiddenMembers: true });
  }, 120_000);
  afterAll(() => fs.rm(run.workDirectory, { recursive: true, force: true }));

  test('memberships are sent as a partial type at finalize, and none is uploaded', () => {
    const { receiver } = run;
    expect(receiver.finalizedPartialTypes).toEqual([
      'jumpcloud_group_has_user',
    ]);
    expect(expectedGroupMemberships(run.tenant).length).toBeGreaterThan(0);
    expect(
      receiver.relationships.filter(
        (r) => r._type === 'jumpcloud_group_has_user',
      ),
    ).toEqual([]);
  });

  test('everything else still arrives, exactly once', () => {
    const { receiver, local } = run;
    expect(keys(receiver.entities)).toEqual(keys(local.entities));
    expect(keys(receiver.relationships)).toEqual(keys(local.relationships));
    expect(keysOf(receiver.entities, 'jumpcloud_user').sort()).toEqual(
      expectedUserIds(run.tenant)
        .map((id) => `jumpcloud_user:${id}`)
        .sort(),
    );
    expect(keysOf(receiver.entities, 'jumpcloud_group')).toHaveLength(
      run.tenant.groups.length,
    );
  });
});
