/**
 * The whole collection as a user runs it: `j1-integration collect` in its own
 * process against the simulator, then the files it wrote compared with the
 * tenant's ground truth.
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
import { Faults } from '../simulator';
import { invocationConfig } from '../src';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import {
  edgesOf,
  expectApplicationsExact,
  expectAssignmentsExact,
  expectCompleteAndExact,
  expectGroupsExact,
  expectNoDuplicateKeys,
  expectUsersExact,
  stepStatuses,
} from './groundTruth';
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

describe('a clean tenant', () => {
  let run: Run;
  beforeAll(async () => {
    run = await collectTenant();
  }, 120_000);

  test('complete and exact: every step succeeds, and the graph is the tenant', () => {
    expect(run.result.exitCode).toBe(0);
    expectCompleteAndExact(run.collection, run.t.tenant);
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
    const steps = stepStatuses(run.collection);
    expect(steps[Steps.SSO_APPS]).toBe('success');
    expect(steps[Steps.SSO_USAGE]).toBe('failure');
    expect(steps[Steps.APPLICATION_ASSIGNMENTS]).toBe('success');
    expect(run.collection.summary.metadata.partialDatasets.types).toContain(
      Relationships.USER_USES_APPLICATION._type,
    );
    expectNoDuplicateKeys(run.collection);
    expectApplicationsExact(run.collection, run.t.tenant, {
      usageKnown: false,
    });
    expectAssignmentsExact(run.collection, run.t.tenant);
    // Usage is unknown, not zero.
    for (const application of run.collection.entities.filter(
      (e) => e._type === Entities.APPLICATION._type,
    )) {
      expect(application).not.toHaveProperty('ssoEventCount');
      expect(application).not.toHaveProperty('lastSsoOn');
    }
    expect(
      edgesOf(run.collection, Relationships.USER_USES_APPLICATION._type),
    ).toEqual([]);
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
    const steps = stepStatuses(run.collection);
    for (const { id: step } of invocationConfig.integrationSteps) {
      expect([step, steps[step]]).toEqual([
        step,
        step === Steps.GROUP_USER_RELATIONSHIPS ? 'failure' : 'success',
      ]);
    }
    expect(run.collection.summary.metadata.partialDatasets.types).toEqual([
      Relationships.GROUP_HAS_USER._type,
    ]);
    expectNoDuplicateKeys(run.collection);
    expectUsersExact(run.collection, run.t.tenant);
    expectGroupsExact(run.collection, run.t.tenant, { memberCounts: false });
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
