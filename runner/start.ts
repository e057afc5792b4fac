/**
 * `npm start`: collects a JumpCloud tenant and prints what was collected.
 * Without API_KEY (in the environment or .env) it starts the built-in
 * simulator with a demo tenant and collects that; with API_KEY it collects the
 * real tenant the configuration points at.
 *
 * Then it writes the offline report (.j1-integration/report.html), and, when
 * there was an earlier collection (kept in .j1-integration-previous/), says
 * in a line what changed since; `npm run changes` tells the details.
 */
import * as dotenv from 'dotenv';
import { promises as fs } from 'fs';
import * as path from 'path';
import { DEFAULT_SSO_EVENTS_DAYS } from '../src/config';
import { generateTenant, startSimulator } from '../simulator';
import { changeHeadline, computeChanges } from '../report/changes';
import { currentCode, runCollect } from './collect';
import {
  countCollection,
  OUTPUT_DIRECTORY,
  PROJECT_ROOT,
  Summary,
} from '../report/collections';
import { skippedAndWhy } from './collectorLog';
import { readSummary } from '../report/collections';
import { writeCollectionNotes } from '../report/notes';
import { keepPreviousCollection } from './previous';
import { writeReport } from '../report/report';

const DEMO_API_KEY = 'demo-key-for-the-built-in-simulator';

async function main(): Promise<number> {
  const dotEnv = await readDotEnv();
  const realKey = (process.env.API_KEY ?? dotEnv.API_KEY ?? '').trim();
  const env: NodeJS.ProcessEnv = { ...process.env };
  let stopSimulator: (() => Promise<void>) | undefined;
  let source: string;
  let ssoEventsDays = DEFAULT_SSO_EVENTS_DAYS;

  if (realKey) {
    source = 'the JumpCloud tenant configured by API_KEY';
    const days = Number(process.env.SSO_EVENTS_DAYS ?? dotEnv.SSO_EVENTS_DAYS);
    if (Number.isInteger(days) && days > 0) ssoEventsDays = days;
    console.log(`Collecting ${source} ...`);
  } else {
    // The simulator derives ids from creation times counted back from "now":
    // a clock fixed to the start of the day keeps the demo's ids, and so
    // `npm run changes` between two demo runs of a day, stable.
    const startOfDay = new Date();
    startOfDay.setUTCHours(0, 0, 0, 0);
    const tenant = generateTenant({
      seed: 1,
      ssoEvents: 12_000,
      now: startOfDay,
    });
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
    // The demo tenant's sign-ins span the default window.
    delete env.SSO_EVENTS_DAYS;
    source = `the built-in demo tenant "${tenant.organization.displayName}"`;
    console.log(
      `No API_KEY set: collecting ${source} ` +
        `(${tenant.users.length} users, ${tenant.groups.length} groups) from the simulator at ${simulator.url}.\n` +
        'Set API_KEY (and REGION, ORG_ID if needed) in the environment or .env to collect a real tenant.\n',
    );
  }

  try {
    const kept = await keepPreviousCollection(PROJECT_ROOT);
    const { code, note } = await currentCode();
    console.log(note);
    const result = await runCollect(env, {
      echo: process.env.LOG_COLLECT === 'true',
      code,
    });
    if (result.outputDirectory !== OUTPUT_DIRECTORY) {
      // The compiled package writes under dist/: the tools read .j1-integration.
      await fs.rm(OUTPUT_DIRECTORY, { recursive: true, force: true });
      await fs
        .rename(result.outputDirectory, OUTPUT_DIRECTORY)
        .catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
    }
    const summary = await readSummary(OUTPUT_DIRECTORY);
    if (!summary) {
      console.error(result.output);
      console.error(
        `\nThe collection did not finish (j1-integration collect exited with ${result.exitCode}); its log is above.`,
      );
      return 1;
    }
    if (result.exitCode !== 0) console.error(result.output);
    await writeCollectionNotes(OUTPUT_DIRECTORY, {
      collectedAt: Date.now(),
      ssoEventsDays,
      source,
    });

    await printSummary(summary, result.wallTimeMs);
    printSkipped(result.output);
    await printReport();
    if (kept) await printChanges(kept);

    const failed = summary.integrationStepResults.filter(
      (step) => step.status !== 'success',
    );
    return result.exitCode !== 0 || failed.length > 0 ? 1 : 0;
  } finally {
    await stopSimulator?.();
  }
}

async function printSummary(summary: Summary, wallTimeMs: number) {
  // Counted file by file: a large tenant need not fit in memory.
  const counts = await countCollection(OUTPUT_DIRECTORY);
  const table = (title: string, byType: Map<string, number>) => {
    console.log(`${title}:`);
    for (const [type, count] of [...byType].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      console.log(`  ${type.padEnd(45)} ${String(count).padStart(8)}`);
    }
    if (byType.size === 0) console.log('  (none)');
  };
  table('Entities', counts.entities);
  table('Relationships', counts.relationships);
  console.log('Steps:');
  for (const step of summary.integrationStepResults) {
    console.log(`  ${step.id.padEnd(45)} ${step.status}`);
  }
  const partial = summary.metadata.partialDatasets.types;
  if (partial.length > 0) {
    console.log(
      `Partial types (kept, not replaced, upstream): ${partial.join(', ')}`,
    );
  }
  console.log(`Time taken: ${(wallTimeMs / 1000).toFixed(1)} s`);
  console.log(`Output: ${displayPath(OUTPUT_DIRECTORY)}/`);
}

/** The collector's own account of what it left out and why. */
function printSkipped(output: string) {
  const lines = skippedAndWhy(output);
  if (lines.length === 0) return;
  console.log('\nSkipped, and why:');
  for (const line of lines) console.log(`  - ${line}`);
}

async function printReport() {
  try {
    const report = await writeReport();
    console.log('\nFindings:');
    for (const line of report.headline) console.log(`  ${line}`);
    console.log(
      `Report: ${displayPath(
        report.file,
      )} (one self-contained HTML file; open it in a browser)`,
    );
  } catch (err) {
    console.error(`The report could not be written: ${(err as Error).message}`);
  }
}

async function printChanges(previous: string) {
  try {
    const changes = await computeChanges(previous, OUTPUT_DIRECTORY);
    if (!changes.sameOrganization) {
      console.log(
        '\nThe previous collection was of another organization: no changes to show.',
      );
      return;
    }
    console.log('\nSince the previous collection:');
    for (const line of changeHeadline(changes)) console.log(`  ${line}`);
    console.log('Details: npm run changes');
  } catch (err) {
    console.error(
      `The changes since the previous collection could not be computed: ${
        (err as Error).message
      }`,
    );
  }
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
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
