import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CollectResult, runCollect } from '../runner/collect';
import { outputDirectory } from '../report/collections';
import { Faults, startSimulator, Tenant } from '../simulator';
import { TEST_API_KEY } from './tenant';

export interface CollectedTenant {
  result: CollectResult;
  /** Remove it when done. */
  workDirectory: string;
  /** The collection root: `<work directory>/.j1-integration`. */
  output: string;
}

/**
 * Serves a (possibly hand-edited) tenant from the simulator and collects it
 * with `j1-integration collect` in a work directory of its own, as a user
 * would. The simulator is closed before this returns.
 */
export async function collectTenant(
  tenant: Tenant,
  options: { faults?: Faults; env?: NodeJS.ProcessEnv } = {},
): Promise<CollectedTenant> {
  const simulator = await startSimulator({
    tenants: [tenant],
    apiKey: TEST_API_KEY,
    port: 0,
    faults: options.faults,
  });
  const workDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-work-'));
  try {
    const result = await runCollect(
      {
        ...process.env,
        ...options.env,
        API_KEY: TEST_API_KEY,
        API_BASE_URL: simulator.apiBaseUrl,
        INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
      },
      { workDirectory },
    );
    return { result, workDirectory, output: outputDirectory(workDirectory) };
  } finally {
    await simulator.close();
  }
}
