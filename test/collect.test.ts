/**
 * The whole collection as a user runs it: `j1-integration collect` in its own
 * process against the simulator, then the files it wrote compared with the
 * tenant's ground truth.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Collection,
  CollectResult,
  outputDirectory,
  readCollection,
  runCollect,
} from '../scripts/collection';
import {
  expectedAssignments,
  expectedGroupMemberships,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  expectedUserIds,
  Faults,
} from '../src/simulator';
import { startTestTenant, TestTenant, TEST_API_KEY } from './tenant';

interface Run {
  t: TestTenant;
  result: CollectResult;
  collection: Collection;
  files: string[];
}

async function collectTenant(faults?: Faults): Promise<Run> {
  const t = await startTestTenant({ seed: 11, users: 260, groups: 16, faults });
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-collect-'));
  try {
    const result = await runCollect(
      { ...process.env, ...instanceEnv(t) },
      { workDirectory: directory },
    );
    const collection = await readCollection(outputDirectory(directory));
    const files = await readAllFiles(outputDirectory(directory));
    return { t, result, collection, files };
  } finally {
    await t.simulator.close();
  }
}

function instanceEnv(t: TestTenant) {
  return {
    API_KEY: t.config.apiKey,
    API_BASE_URL: t.config.apiBaseUrl,
    INSIGHTS_API_BASE_URL: t.config.insightsApiBaseUrl,
  };
}

async function readAllFiles(directory: string): Promise<string[]> {
  const contents: string[] = [];
  for (const entry of await fs.readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) contents.push(...(await readAllFiles(full)));
    else if (entry.isFile()) contents.push(await fs.readFile(full, 'utf8'));
  }
  return contents;
}

const keysOfType = (objects: Collection['entities'], type: string) =>
  objects.filter((o) => o._type === type).map((o) => o._key);

describe('a clean tenant', () => {
  let run: Run;
  beforeAll(async () => {
    run = await collectTenant();
  }, 120_000);

  test('every step succeeds and nothing is partial', () => {
    expect(run.result.exitCode).toBe(0);
    const steps = run.collection.summary.integrationStepResults;
    expect(steps.map((s) => [s.id, s.status]).sort()).toEqual([
      ['build-application-assignment-relationships', 'success'],
      ['build-group-user-relationships', 'success'],
      ['fetch-account', 'success'],
      ['fetch-groups', 'success'],
      ['fetch-sso-apps', 'success'],
      ['fetch-users', 'success'],
    ]);
    expect(run.collection.summary.metadata.partialDatasets.types).toEqual([]);
  });

  test('the graph is exactly the tenant: every user, group and membership, once', () => {
    const { entities, relationships } = run.collection;
    const { tenant } = run.t;
    const allKeys = [...entities, ...relationships].map((o) => o._key);
    expect(new Set(allKeys).size).toBe(allKeys.length);

    expect(keysOfType(entities, 'jumpcloud_account')).toEqual([
      `jumpcloud_account:${tenant.organization._id}`,
    ]);
    expect(keysOfType(entities, 'jumpcloud_user').sort()).toEqual(
      expectedUserIds(tenant)
        .map((id) => `jumpcloud_user:${id}`)
        .sort(),
    );
    expect(keysOfType(entities, 'jumpcloud_group').sort()).toEqual(
      tenant.groups.map((g) => `jumpcloud_group:${g.id}`).sort(),
    );
    const memberships = relationships
      .filter((r) => r._type === 'jumpcloud_group_has_user')
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`);
    expect(memberships.sort()).toEqual(
      expectedGroupMemberships(tenant)
        .map((m) => `jumpcloud_group:${m.groupId}|jumpcloud_user:${m.userId}`)
        .sort(),
    );
    expect(
      relationships.filter((r) => r._type === 'jumpcloud_account_has_user'),
    ).toHaveLength(expectedUserIds(tenant).length);
    expect(
      relationships.filter((r) => r._type === 'jumpcloud_account_has_group'),
    ).toHaveLength(tenant.groups.length);
  });

  test('applications, assignments and sign-in usage are exactly the tenant', () => {
    const { entities, relationships } = run.collection;
    const { tenant } = run.t;
    const unconfigured = expectedUnconfiguredApps(tenant);
    expect(unconfigured.length).toBeGreaterThan(0);
    expect(keysOfType(entities, 'jumpcloud_application').sort()).toEqual(
      [
        ...tenant.applications.map((a) => a.id),
        ...unconfigured.map((a) => a.appId),
      ]
        .map((id) => `jumpcloud_application:${id}`)
        .sort(),
    );

    const edges = (type: string) =>
      relationships
        .filter((r) => r._type === type)
        .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
        .sort();
    const assignments = expectedAssignments(tenant);
    expect(edges('jumpcloud_user_assigned_application')).toEqual(
      assignments.userAssignments
        .map(
          (a) => `jumpcloud_user:${a.userId}|jumpcloud_application:${a.appId}`,
        )
        .sort(),
    );
    expect(edges('jumpcloud_group_assigned_application')).toEqual(
      assignments.groupAssignments
        .map(
          (a) =>
            `jumpcloud_group:${a.groupId}|jumpcloud_application:${a.appId}`,
        )
        .sort(),
    );

    const usage = expectedSsoUsage(tenant);
    const uses = new Map(
      relationships
        .filter((r) => r._type === 'jumpcloud_user_uses_application')
        .map((r) => [`${r._fromEntityKey}|${r._toEntityKey}`, r]),
    );
    expect(uses.size).toBe(usage.length);
    for (const pair of usage) {
      const edge = uses.get(
        `jumpcloud_user:${pair.userId}|jumpcloud_application:${pair.appId}`,
      );
      expect(edge).toMatchObject({
        firstSsoOn: pair.firstSsoOn,
        lastSsoOn: pair.lastSsoOn,
        ssoEventCount: pair.ssoEventCount,
        failedSsoCount: pair.failedSsoCount,
      });
    }
  });

  test('no application secret reaches the output', () => {
    const secrets = run.t.tenant.applications.flatMap((a) => {
      const config = JSON.stringify((a as { config?: unknown }).config ?? {});
      return config.match(/BEGIN [A-Z ]*PRIVATE KEY/g) ?? [];
    });
    expect(secrets.length).toBeGreaterThan(0);
    for (const content of run.files) {
      expect(content).not.toMatch(/PRIVATE KEY/);
      expect(content).not.toContain('idpPrivateKey');
    }
  });

  test('the API key appears in no output file and no log line', () => {
    expect(run.files.length).toBeGreaterThan(3);
    for (const content of run.files)
      expect(content).not.toContain(TEST_API_KEY);
    expect(run.result.output).not.toContain(TEST_API_KEY);
  });
});

describe('an organization without Directory Insights (402)', () => {
  let run: Run;
  beforeAll(async () => {
    run = await collectTenant({ insightsStatus: 402 });
  }, 120_000);

  test('configured applications and assignments are collected; usage is reported partial', () => {
    const steps = Object.fromEntries(
      run.collection.summary.integrationStepResults.map((s) => [
        s.id,
        s.status,
      ]),
    );
    expect(steps['fetch-sso-apps']).toBe('failure');
    expect(steps['build-application-assignment-relationships']).toBe('success');
    expect(run.collection.summary.metadata.partialDatasets.types).toContain(
      'jumpcloud_user_uses_application',
    );
    const { entities, relationships } = run.collection;
    const applications = entities.filter(
      (e) => e._type === 'jumpcloud_application',
    );
    expect(applications.map((a) => a.id).sort()).toEqual(
      run.t.tenant.applications.map((a) => a.id).sort(),
    );
    // Usage is unknown, not zero.
    for (const application of applications) {
      expect(application).not.toHaveProperty('ssoEventCount');
      expect(application).not.toHaveProperty('lastSsoOn');
    }
    const assignments = expectedAssignments(run.t.tenant);
    expect(
      relationships.filter(
        (r) => r._type === 'jumpcloud_user_assigned_application',
      ),
    ).toHaveLength(assignments.userAssignments.length);
    expect(
      relationships.filter(
        (r) => r._type === 'jumpcloud_user_uses_application',
      ),
    ).toHaveLength(0);
  });

  test('the user is told why usage is missing', () => {
    expect(run.result.output).toContain(
      'Directory Insights is not enabled for this JumpCloud organization (402)',
    );
  });
});

describe('a key that cannot read group members', () => {
  let run: Run;
  beforeAll(async () => {
    run = await collectTenant({ forbiddenMembers: true });
  }, 120_000);

  test('users and groups are complete; only memberships are partial', () => {
    const steps = Object.fromEntries(
      run.collection.summary.integrationStepResults.map((s) => [
        s.id,
        s.status,
      ]),
    );
    expect(steps).toEqual({
      'fetch-account': 'success',
      'fetch-users': 'success',
      'fetch-groups': 'success',
      'build-group-user-relationships': 'failure',
      'fetch-sso-apps': 'success',
      'build-application-assignment-relationships': 'success',
    });
    expect(run.collection.summary.metadata.partialDatasets.types).toEqual([
      'jumpcloud_group_has_user',
    ]);
    const { entities } = run.collection;
    expect(keysOfType(entities, 'jumpcloud_user')).toHaveLength(
      expectedUserIds(run.t.tenant).length,
    );
    expect(keysOfType(entities, 'jumpcloud_group')).toHaveLength(
      run.t.tenant.groups.length,
    );
  });

  test('the user is told once which permission is missing', () => {
    const warnings = run.result.output
      .split('\n')
      .filter((line) => line.includes('cannot read user group members'));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.join('\n')).toContain('read access to User Groups');
    expect(run.result.output).not.toContain(TEST_API_KEY);
  });
});
