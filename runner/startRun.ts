/**
 * What `npm start` does once the configuration is checked (see start.ts):
 * the demo simulator when there is no key, the collection, its summary,
 * report and changes, and the closing paragraph when it failed.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { CheckedConfiguration, DEFAULT_SSO_EVENTS_DAYS } from '../src/config';
import { startSimulator } from '../simulator';
import { changeHeadline, computeChanges } from '../report/changes';
import {
  CollectResult,
  currentCode,
  QUIET_ENVIRONMENT,
  runCollect,
} from './collect';
import {
  countCollection,
  PROJECT_ROOT,
  readSummary,
  StepResult,
  Summary,
} from '../report/collections';
import {
  CollectorError,
  firstError,
  skippedAndWhy,
  stepFailures,
  withoutColours,
} from './collectorLog';
import { CollectionNotes, writeCollectionNotes } from '../report/notes';
import { keepPreviousCollection } from './previous';
import { writeReport } from '../report/report';
import {
  DEMO_API_KEY,
  demoDay,
  demoTenant,
  describeRevision,
  DemoNote,
  nextDemoRevision,
} from './demo';

/** Where `npm start` saves the collector's whole log, in its folder. */
export const LOG_FILE_NAME = '.j1-integration-log.txt';

/**
 * Collects into `<root>/.j1-integration` (keeping the collection before in
 * `.j1-integration-previous`) and tells what was collected; the exit code.
 * `variables` are the environment and .env together, already checked.
 */
export async function collectAndReport(
  root: string,
  variables: NodeJS.ProcessEnv,
  checked: CheckedConfiguration,
): Promise<number> {
  const output = path.join(root, '.j1-integration');
  const logFile = path.join(root, LOG_FILE_NAME);
  const env: NodeJS.ProcessEnv = { ...variables, ...QUIET_ENVIRONMENT };
  const kept = await keepPreviousCollection(root);
  let stopSimulator: (() => Promise<void>) | undefined;
  let source: string;
  let ssoEventsDays = checked.ssoEventsDays;
  let demo: DemoNote | undefined;

  if (checked.apiKey) {
    source = 'the JumpCloud tenant configured by API_KEY';
    console.log(`Collecting ${source} ...`);
  } else {
    const day = demoDay();
    const revision = await nextDemoRevision(root, day);
    const tenant = demoTenant(day, revision);
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
      // Set empty rather than removed: the collector would take them from
      // .env again. The demo tenant's sign-ins span the default window.
      ORG_ID: '',
      REGION: '',
      SSO_EVENTS_DAYS: '',
    });
    ssoEventsDays = DEFAULT_SSO_EVENTS_DAYS;
    demo = { day: day.toISOString(), revision };
    source = `the built-in demo tenant "${tenant.organization.displayName}"`;
    console.log(
      `No API_KEY set: collecting ${source} ` +
        `(${tenant.users.length} users, ${tenant.groups.length} groups) from the simulator at ${simulator.url}.\n` +
        'Set API_KEY (and REGION, ORG_ID if needed) in the environment or .env to collect a real tenant.\n' +
        `${describeRevision(tenant)}\n`,
    );
  }

  try {
    const { code, note } = await currentCode();
    console.log(note);
    const workDirectory = root === PROJECT_ROOT ? undefined : root;
    const result = await runCollect(env, {
      echo: process.env.LOG_COLLECT === 'true',
      code,
      workDirectory,
    });
    await fs.writeFile(logFile, withoutColours(result.output));
    if (result.outputDirectory !== output) {
      // The compiled package writes under dist/: the tools read .j1-integration.
      await fs.rm(output, { recursive: true, force: true });
      await fs
        .rename(result.outputDirectory, output)
        .catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
    }
    const summary = await readSummary(output);
    if (!summary) {
      printStopped(result, false, logFile);
      return 1;
    }
    const notes: CollectionNotes = {
      collectedAt: Date.now(),
      ssoEventsDays,
      source,
      ...(demo ? { demo } : {}),
    };
    await writeCollectionNotes(output, notes);

    const failed = summary.integrationStepResults.filter(
      (step) => step.status !== 'success',
    );
    const failures = stepFailures(result.output);
    await printSummary(output, summary, result.wallTimeMs);
    printSkipped(result.output, failed);
    await printReport(output);
    if (kept) await printChanges(kept, output);

    if (result.exitCode !== 0) {
      printStopped(result, true, logFile);
      return 1;
    }
    if (failed.length > 0) {
      printFailedSteps(summary, failed, failures, logFile);
      return 1;
    }
    return 0;
  } finally {
    await stopSimulator?.();
  }
}

/**
 * The paragraph a run ends with when the collector stopped: the first error
 * (without colours, stacks or metrics), what to do, and where the log is.
 */
function printStopped(
  result: CollectResult,
  finished: boolean,
  logFile: string,
) {
  const error = firstError(result.output);
  const lines = [
    '',
    finished
      ? `The collection failed: j1-integration collect exited with code ${result.exitCode}.`
      : `The collection failed: j1-integration collect ${
          result.exitCode === 0
            ? 'ended'
            : `stopped with exit code ${result.exitCode}`
        } before it finished.`,
  ];
  if (error) {
    const where = error.step
      ? `Step "${error.step}"`
      : error.validation
      ? 'Checking the configuration and the API key'
      : undefined;
    lines.push(`  ${where ? `${where}: ` : ''}${error.reason}`);
  } else {
    lines.push('  Its log names no error.');
  }
  lines.push(`What to do: ${whatToDo(error)}`);
  lines.push(fullLog(logFile));
  console.error(lines.join('\n'));
}

/** The closing paragraph when the run finished but steps failed. */
function printFailedSteps(
  summary: Summary,
  failed: StepResult[],
  failures: Map<string, CollectorError>,
  logFile: string,
) {
  const total = summary.integrationStepResults.length;
  const lines = [
    '',
    `${failed.length} of ${total} steps failed; what they collect is missing or partial in this collection (the rest is complete):`,
  ];
  for (const step of failed)
    lines.push(`  - ${step.name}: ${failureReason(step, failures)}`);
  const first = failed
    .map((step) => failures.get(step.name))
    .find((f) => f !== undefined);
  lines.push(`What to do: ${whatToDo(first)}`);
  lines.push(fullLog(logFile));
  console.error(lines.join('\n'));
}

function failureReason(
  step: StepResult,
  failures: Map<string, CollectorError>,
): string {
  const failure = failures.get(step.name);
  if (failure) return failure.reason;
  if (step.status === 'partial_success_due_to_dependency_failure')
    return 'incomplete, because a step it depends on failed.';
  return `ended with status ${step.status}.`;
}

function whatToDo(error: CollectorError | undefined): string {
  switch (error?.code) {
    case 'PROVIDER_AUTHENTICATION_ERROR':
      return (
        'JumpCloud refused the API key. Put a current API key of an administrator in API_KEY ' +
        '(in the environment or .env), and set REGION (us, eu or in) to the region of the organization, ' +
        'or API_BASE_URL to its host; then run npm start again.'
      );
    case 'PROVIDER_AUTHORIZATION_ERROR':
      return (
        'The API key may not read what is named above (or the organization lacks the feature): ' +
        "give the key's administrator that access in the JumpCloud console, then run npm start again."
      );
    case 'PROVIDER_RETRIES_EXCEEDED_ERROR':
      return (
        'JumpCloud could not be reached, or kept failing: check the network, any proxy, and that REGION ' +
        '(or API_BASE_URL) names the right host; then run npm start again.'
      );
    case 'CONFIG_VALIDATION_ERROR':
      return 'Change what the error names (in the environment or .env), then run npm start again.';
    default:
      return 'Run npm start again; if it fails the same way, the full log has the details.';
  }
}

function fullLog(logFile: string): string {
  return `Full log: ${displayPath(
    logFile,
  )} (LOG_COLLECT=true npm start also prints it as it runs).`;
}

async function printSummary(
  output: string,
  summary: Summary,
  wallTimeMs: number,
) {
  // Counted file by file: a large tenant need not fit in memory.
  const counts = await countCollection(output);
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
  console.log(`Output: ${displayPath(output)}/`);
}

/**
 * The collector's own account of what it left out and why; failed steps are
 * left to the closing paragraph.
 */
function printSkipped(output: string, failed: StepResult[]) {
  const lines = skippedAndWhy(output).filter(
    (line) => !failed.some((step) => line.startsWith(`${step.name}: `)),
  );
  if (lines.length === 0) return;
  console.log('\nSkipped, and why:');
  for (const line of lines) console.log(`  - ${line}`);
}

async function printReport(output: string) {
  try {
    const report = await writeReport({ collectionDirectory: output });
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

async function printChanges(previous: string, output: string) {
  try {
    const changes = await computeChanges(previous, output);
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
