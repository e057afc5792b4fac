/**
 * `npm start`: collects a JumpCloud tenant and prints what was collected.
 * Without API_KEY (in the environment or .env) it starts the built-in
 * simulator with a demo tenant and collects that; with API_KEY it collects the
 * real tenant the configuration points at.
 */
import * as dotenv from 'dotenv';
import { promises as fs } from 'fs';
import * as path from 'path';
import { generateTenant, startSimulator } from '../src/simulator';
import {
  countByType,
  PROJECT_ROOT,
  readCollection,
  runCollect,
} from './collection';

const DEMO_API_KEY = 'demo-key-for-the-built-in-simulator';

async function main(): Promise<number> {
  const dotEnv = await readDotEnv();
  const realKey = (process.env.API_KEY ?? dotEnv.API_KEY ?? '').trim();
  const env: NodeJS.ProcessEnv = { ...process.env };
  let stopSimulator: (() => Promise<void>) | undefined;

  if (realKey) {
    console.log('Collecting the JumpCloud tenant configured by API_KEY ...');
  } else {
    const tenant = generateTenant({ seed: 1, ssoEvents: 12_000 });
    const simulator = await startSimulator({
      tenants: [tenant],
      apiKey: DEMO_API_KEY,
      port: 0,
    });
    stopSimulator = () => simulator.close();
    Object.assign(env, {
      API_KEY: DEMO_API_KEY,
      API_BASE_URL: simulator.apiBaseUrl,
      INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
    });
    delete env.ORG_ID;
    delete env.REGION;
    console.log(
      `No API_KEY set: collecting the built-in demo tenant "${tenant.organization.displayName}" ` +
        `(${tenant.users.length} users, ${tenant.groups.length} groups) from the simulator at ${simulator.url}.\n` +
        'Set API_KEY (and REGION, ORG_ID if needed) in the environment or .env to collect a real tenant.\n',
    );
  }

  try {
    const result = await runCollect(env, {
      echo: process.env.LOG_COLLECT === 'true',
    });
    let collection;
    try {
      collection = await readCollection();
    } catch {
      console.error(result.output);
      console.error(
        `\nThe collection did not finish (j1-integration collect exited with ${result.exitCode}); its log is above.`,
      );
      return 1;
    }
    if (result.exitCode !== 0) console.error(result.output);
    printSummary(collection, result.wallTimeMs);
    const failed = collection.summary.integrationStepResults.filter(
      (step) => step.status !== 'success',
    );
    if (failed.length > 0) {
      console.log(problemsFrom(result.output));
    }
    return result.exitCode !== 0 || failed.length > 0 ? 1 : 0;
  } finally {
    await stopSimulator?.();
  }
}

function printSummary(
  collection: Awaited<ReturnType<typeof readCollection>>,
  wallTimeMs: number,
) {
  const table = (title: string, counts: Map<string, number>) => {
    console.log(`${title}:`);
    for (const [type, count] of counts) {
      console.log(`  ${type.padEnd(45)} ${String(count).padStart(8)}`);
    }
    if (counts.size === 0) console.log('  (none)');
  };
  table('Entities', countByType(collection.entities));
  table('Relationships', countByType(collection.relationships));
  console.log('Steps:');
  for (const step of collection.summary.integrationStepResults) {
    console.log(`  ${step.id.padEnd(45)} ${step.status}`);
  }
  const partial = collection.summary.metadata.partialDatasets.types;
  if (partial.length > 0) {
    console.log(
      `Partial types (kept, not replaced, upstream): ${partial.join(', ')}`,
    );
  }
  console.log(`Time taken: ${(wallTimeMs / 1000).toFixed(1)} s`);
  console.log(
    `Output: ${path.relative(
      process.cwd(),
      path.join(PROJECT_ROOT, '.j1-integration'),
    )}/`,
  );
}

/** The warnings and errors of the collect log, for steps that did not succeed. */
function problemsFrom(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => {
      try {
        const entry = JSON.parse(line);
        return entry.level >= 40
          ? `  - ${entry.msg}${
              entry.err?.message ? `: ${entry.err.message}` : ''
            }`
          : undefined;
      } catch {
        return undefined;
      }
    })
    .filter((line): line is string => Boolean(line));
  return lines.length > 0 ? `Problems:\n${[...new Set(lines)].join('\n')}` : '';
}

async function readDotEnv(): Promise<Record<string, string>> {
  try {
    return dotenv.parse(await fs.readFile(path.join(process.cwd(), '.env')));
  } catch {
    return {};
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
