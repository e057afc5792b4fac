import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createIntegrationLogger,
  executeIntegrationInstance,
  InMemoryGraphObjectStore,
} from '@jupiterone/integration-sdk-runtime';
import { generateIngestionSourcesConfig } from '@jupiterone/integration-sdk-cli/dist/src/commands/generate-ingestion-sources-config';
import { StepResultStatus } from '@jupiterone/integration-sdk-core';
import { invocationConfig } from '../src';
import {
  Entities,
  IngestionSource,
  IngestionSources,
  Relationships,
  Steps,
} from '../src/steps/constants';
import { ingestionConfig } from '../src/steps/sources';
import { startTestTenant, TestTenant } from './tenant';

/**
 * Each optional area is an ingestion source the user can switch off in the
 * tile: its steps (and their dependents) do not run, make no request and
 * write nothing, and the rest of the graph is collected as usual.
 */

interface SwitchCase {
  source: IngestionSource;
  /** Steps that must not run. */
  steps: string[];
  /** Request paths (or Insights) that must not be made. */
  paths: RegExp[];
  /** Types that must not be written. */
  types: string[];
  /** Properties that must be absent from every configured SSO application. */
  applicationProperties?: string[];
}

const CASES: SwitchCase[] = [
  {
    source: IngestionSources.SIGN_IN_USAGE,
    steps: [Steps.SSO_USAGE],
    paths: [/\/events/],
    types: [Relationships.USER_USES_APPLICATION._type],
    applicationProperties: ['ssoEventCount', 'ssoUserCount', 'lastSsoOn'],
  },
  {
    source: IngestionSources.DEVICES,
    steps: [Steps.DEVICES, Steps.DEVICE_GROUPS, Steps.DEVICE_BINDINGS],
    paths: [/\/systems/, /\/systemgroups/],
    types: [
      Entities.DEVICE._type,
      Entities.DEVICE_GROUP._type,
      Relationships.USER_USES_DEVICE._type,
      Relationships.GROUP_ASSIGNED_DEVICE_GROUP._type,
    ],
  },
  {
    source: IngestionSources.AUTH_POLICIES,
    steps: [Steps.AUTH_POLICIES],
    paths: [/\/authn\/policies/],
    types: [Entities.AUTH_POLICY._type],
    applicationProperties: ['mfaRequiredByPolicy'],
  },
  {
    source: IngestionSources.ADMINISTRATORS,
    steps: [Steps.ADMINS],
    paths: [/^\/api\/users/],
    types: [Entities.ADMIN._type],
  },
  {
    source: IngestionSources.SAAS_MANAGEMENT,
    steps: [Steps.SAAS_MANAGEMENT, Steps.SAAS_SSO_RELATIONSHIPS],
    paths: [/\/saas-management\//],
    types: [
      Entities.SAAS_APPLICATION._type,
      Entities.SAAS_ACCOUNT._type,
      Relationships.SAAS_APPLICATION_IS_APPLICATION._type,
    ],
  },
];

/** The runtime flushes at each step's end; in memory there is nothing to flush. */
class MemoryStore extends InMemoryGraphObjectStore {
  async flush(): Promise<void> {
    // Nothing to write: the objects stay in memory for the test to read.
  }
}

async function collect(t: TestTenant, disabled: IngestionSource[]) {
  const store = new MemoryStore();
  t.simulator.requests.length = 0;
  const result = await executeIntegrationInstance(
    createIntegrationLogger({
      name: 'sources-test',
      invocationConfig,
      pretty: false,
    }).child({ level: 'error' } as never),
    {
      id: 'sources-test',
      accountId: 'test',
      name: 'sources test',
      integrationDefinitionId: 'graph-jumpcloud-plus',
      config: t.config,
      disabledSources: disabled.map((ingestionSourceId) => ({
        ingestionSourceId,
      })),
    },
    invocationConfig,
    { current: { startedOn: Date.now() } },
    { graphObjectStore: store },
  );
  const entities = store.collectEntities();
  const types = new Set([
    ...entities.map((e) => e._type),
    ...store.collectRelationships().map((r) => r._type),
  ]);
  const applications = entities.filter(
    (e) =>
      e._type === Entities.APPLICATION._type && e.source === 'configuration',
  );
  const paths = t.simulator.requests.map((r) => r.path);
  return { result, types, applications, paths };
}

describe('ingestion sources: each switch', () => {
  let t: TestTenant;
  let everything: Awaited<ReturnType<typeof collect>>;
  const environment = { ...process.env };
  beforeAll(async () => {
    // The runtime empties its storage directory first: never the project's own.
    process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = await fs.mkdtemp(
      path.join(os.tmpdir(), 'jc-sources-'),
    );
    process.env.DISABLE_DISK_USAGE_METRIC = '1';
    t = await startTestTenant({ users: 60, groups: 6, systems: 20 });
    everything = await collect(t, []);
  });
  afterAll(async () => {
    await t.simulator.close();
    await fs.rm(process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY!, {
      recursive: true,
      force: true,
    });
    process.env = environment;
  });

  test('every source is offered in the tile, and every source has steps', () => {
    expect(Object.keys(ingestionConfig).sort()).toEqual(
      Object.values(IngestionSources).sort(),
    );
    for (const source of Object.values(IngestionSources)) {
      expect(
        invocationConfig.integrationSteps.filter(
          (s) => s.ingestionSourceId === source,
        ).length,
      ).toBeGreaterThan(0);
    }
  });

  test('the tile’s sources config names each source with the steps that depend on it', () => {
    const generated = generateIngestionSourcesConfig(
      ingestionConfig,
      invocationConfig.integrationSteps,
    );
    expect(Object.keys(generated).sort()).toEqual(
      Object.values(IngestionSources).sort(),
    );
    expect(generated[IngestionSources.DEVICES].childIngestionSources).toEqual(
      expect.arrayContaining([Steps.DEVICE_GROUPS, Steps.DEVICE_BINDINGS]),
    );
    expect(
      generated[IngestionSources.SAAS_MANAGEMENT].childIngestionSources,
    ).toEqual([Steps.SAAS_SSO_RELATIONSHIPS]);
    for (const source of Object.values(IngestionSources)) {
      expect(generated[source].title).toBeTruthy();
      expect(generated[source].description).toBeTruthy();
    }
  });

  test('with every source on, each case has something to switch off', () => {
    for (const c of CASES) {
      for (const type of c.types) expect(everything.types).toContain(type);
      for (const path of c.paths) {
        expect(everything.paths.some((p) => path.test(p))).toBe(true);
      }
      for (const property of c.applicationProperties ?? []) {
        expect(
          everything.applications.some((a) => a[property] !== undefined),
        ).toBe(true);
      }
    }
  });

  test.each(CASES.map((c) => [c.source, c]))(
    'switching off %s: no request, nothing written, the rest collected',
    async (_source, c) => {
      const off = await collect(t, [c.source]);
      const statuses = Object.fromEntries(
        off.result.integrationStepResults.map((s) => [s.id, s.status]),
      );
      for (const step of c.steps) {
        expect(statuses[step]).toBe(StepResultStatus.DISABLED);
      }
      for (const [step, status] of Object.entries(statuses)) {
        if (!c.steps.includes(step)) {
          expect([step, status]).toEqual([step, StepResultStatus.SUCCESS]);
        }
      }
      for (const path of c.paths) {
        expect(off.paths.filter((p) => path.test(p))).toEqual([]);
      }
      for (const type of c.types) expect(off.types).not.toContain(type);
      for (const property of c.applicationProperties ?? []) {
        for (const application of off.applications) {
          expect(application).not.toHaveProperty(property);
        }
      }
      // Every type the switched-off steps do not declare is still written.
      for (const type of everything.types) {
        if (!declaredBy(type, c.steps)) expect(off.types).toContain(type);
      }
    },
  );
});

function declaredBy(type: string, steps: string[]): boolean {
  return invocationConfig.integrationSteps
    .filter((s) => steps.includes(s.id))
    .some(
      (s) =>
        s.entities.some((e) => e._type === type) ||
        s.relationships.some((r) => r._type === type),
    );
}
