/**
 * `npm run record`: makes the step tests' HTTP recordings (`__recordings__/`
 * next to each step) again. With API_KEY (in the environment or .env, with
 * REGION, ORG_ID, API_BASE_URL as for a collection) they are recorded from
 * that tenant; without it, from a small tenant of the built-in simulator.
 * The key is redacted before anything is written, and a test fails if a
 * recording ever holds one.
 *
 *   npm run record                      # from the simulator
 *   API_KEY=jca_... npm run record      # from a real tenant
 */
import { spawn } from 'child_process';
import * as dotenv from 'dotenv';
import { promises as fs } from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../report/collections';
import { generateTenant, startSimulator } from '../simulator';
import { checkConfiguration, configFromEnvironment } from '../src/config';
import { QUIET_ENVIRONMENT } from './collect';

/** The tenant the committed recordings were made from. */
export function recordingTenant() {
  return generateTenant({
    seed: 10,
    users: 40,
    groups: 5,
    membersPerGroup: 8,
    applications: 6,
    ssoEvents: 300,
    systems: 10,
    admins: 4,
    oddRecords: true,
    now: new Date('2026-11-01T00:00:00Z'),
  });
}

/** Every recording (`recording.har`) below `directory`. */
export async function findRecordings(directory: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.name === '__recordings__') {
        for (const recording of await fs.readdir(full)) {
          found.push(path.join(full, recording, 'recording.har'));
        }
      } else {
        await walk(full);
      }
    }
  };
  await walk(directory);
  return found.sort();
}

const SIMULATOR_KEY = 'jca_recording_simulator_key_0000000000';

async function main(): Promise<number> {
  const dotEnv = await fs
    .readFile(path.join(PROJECT_ROOT, '.env'))
    .then((text) => dotenv.parse(text))
    .catch(() => ({} as Record<string, string>));
  const env: NodeJS.ProcessEnv = {
    ...dotEnv,
    ...process.env,
    ...QUIET_ENVIRONMENT,
    JUMPCLOUD_RECORD: 'true',
  };
  try {
    // As npm start does: every value checked, with or without a key.
    checkConfiguration(configFromEnvironment(env), {
      environment: env,
      keyOptional: true,
    });
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  let stop: (() => Promise<void>) | undefined;
  if (env.API_KEY === undefined) {
    const simulator = await startSimulator({
      tenants: [recordingTenant()],
      apiKey: SIMULATOR_KEY,
      port: 0,
    });
    stop = () => simulator.close();
    Object.assign(env, {
      API_KEY: SIMULATOR_KEY,
      API_BASE_URL: simulator.apiBaseUrl,
      INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
    });
    console.log(`Recording from the simulator at ${simulator.url}.`);
  } else {
    console.log('Recording from the tenant of API_KEY.');
  }
  try {
    // Stale recordings would be kept for requests no longer made.
    for (const har of await findRecordings(path.join(PROJECT_ROOT, 'src'))) {
      await fs.rm(path.dirname(har), { recursive: true, force: true });
    }
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(
        path.join(PROJECT_ROOT, 'node_modules', '.bin', 'jest'),
        ['--runInBand', 'src/steps/'],
        { cwd: PROJECT_ROOT, env, stdio: 'inherit' },
      );
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    await stop?.();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
