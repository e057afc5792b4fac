/**
 * `npm run bench`: the full collection, as `j1-integration collect` runs it
 * from the compiled package, against the simulator in a process of its own
 * (each pinned to its own CPU), on three tenant sizes: with a fixed latency
 * per request, then at zero latency, then the SDK floor (a synthetic
 * integration that writes the same graph and makes no request), at once and
 * at the collection's pace. Heavy L is also collected with three times the
 * sign-in events; its zero-latency collection, its floor and the three-times
 * collection are run again with V8's old space capped at 512 MB. Every run is
 * made `--runs` times (3), and each of its figures is the median: the same
 * code varies by up to a quarter in CPU time and a fifth in peak RSS from one
 * run to the next.
 * Writes docs/performance.md (unless --no-write).
 *
 *   npm run bench [-- --tenants S,M,L] [--latency 50] [--runs 3] [--no-write]
 */
import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DIST_DIRECTORY, Measurement, runCollect } from '../runner/collect';
import {
  countCollection,
  outputDirectory,
  PROJECT_ROOT,
} from '../report/collections';
import { TenantOptions } from '../simulator';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../src/config';
import { floorPlanOf, pacedPlan, stepTimesOf } from './floorPlan';
import {
  SimulatorProcessOptions,
  SimulatorReady,
  SimulatorReply,
  SimulatorRequest,
} from './simulatorProcess';

const API_KEY = 'jca_fake_benchmark_key_not_a_secret_00';
/** The collector (and the SDK floor) runs on one CPU, the simulator on the other. */
const COLLECTOR_CPU = 0;
const SIMULATOR_CPU = 1;

/**
 * The tenants: users sign in to about 5.5 applications each in 30 days (the
 * usual picture); device groups, policies and SaaS Management at the
 * simulator's proportionate defaults; devices one per ten users.
 */
const TENANTS: Record<string, TenantOptions> = {
  S: {
    users: 1_000,
    groups: 50,
    membersPerGroup: 20,
    applications: 20,
    ssoEvents: 10_000,
    signInPairs: 5_600,
    systems: 100,
    admins: 10,
  },
  M: {
    users: 10_000,
    groups: 500,
    membersPerGroup: 50,
    applications: 50,
    ssoEvents: 100_000,
    signInPairs: 56_000,
    systems: 1_000,
    admins: 20,
  },
  L: {
    users: 100_000,
    groups: 5_000,
    membersPerGroup: 50,
    applications: 300,
    ssoEvents: 1_000_000,
    signInPairs: 560_000,
    systems: 10_000,
    admins: 50,
  },
};
/** Heavy L again with this many times the events: memory must not follow. */
const MORE_EVENTS = 3;

/**
 * Heavy L with MORE_EVENTS × the events, at zero latency, left alone and with
 * the old space capped. Judged capped: there the peak follows what the run
 * holds, not where V8's last full collection fell, which alone moves the
 * uncapped peak by more than a tenth from one run to the next.
 */
export interface MoreEventsFigures {
  uncapped: RunFigures;
  capped: RunFigures;
}

export interface RunFigures {
  wallTimeMs: number;
  cpuTimeMs: number;
  peakRssBytes: number;
  requests: number;
  entities: number;
  relationships: number;
  failedSteps: string[];
}

export interface TenantFigures {
  name: string;
  options: TenantOptions;
  minimumRequests: number;
  signInPairs: number;
  latency: RunFigures;
  zeroLatency: RunFigures;
  floor: RunFigures;
  /** The floor run at the pace of the collection it writes again. */
  pacedFloor: RunFigures;
  /** Zero latency and the floor with V8's old space capped (L only). */
  capped?: { collection: RunFigures; floor: RunFigures };
}

/**
 * V8's old space capped as an operator would cap it for a collector given
 * 1 GiB: a heap that must stay small is collected more often, so the peak
 * shows what the run needs rather than how far V8 let the heap grow.
 */
const CAPPED_OLD_SPACE_MB = 512;
const CAPPED_ENV = {
  NODE_OPTIONS: `--max-old-space-size=${CAPPED_OLD_SPACE_MB}`,
};

/** The simulator in its own process, pinned to SIMULATOR_CPU. */
class SimulatorProcess {
  private readonly replies: {
    resolve: (reply: SimulatorReply) => void;
    reject: (err: Error) => void;
  }[] = [];
  private exited?: Error;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: SimulatorReady,
  ) {
    child.on('message', (reply: SimulatorReply) =>
      this.replies.shift()?.resolve(reply),
    );
    // A simulator that dies fails the benchmark instead of hanging it.
    child.on('exit', (code) => {
      this.exited = new Error(`The simulator exited with ${code}`);
      for (const { reject } of this.replies.splice(0)) reject(this.exited);
    });
  }

  static start(tenant: TenantOptions): Promise<SimulatorProcess> {
    const options: SimulatorProcessOptions = { tenant, apiKey: API_KEY };
    const child = spawn(
      'taskset',
      [
        '-c',
        `${SIMULATOR_CPU}`,
        process.execPath,
        '--max-old-space-size=8192',
        '-r',
        'ts-node/register/transpile-only',
        path.join(__dirname, 'simulatorProcess.ts'),
        JSON.stringify(options),
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: PROJECT_ROOT },
    );
    return new Promise((resolve, reject) => {
      const failed = (code: number | null) =>
        reject(new Error(`The simulator exited with ${code}`));
      child.once('error', reject);
      child.once('exit', failed);
      child.once('message', (reply: SimulatorReply) => {
        if (!('ready' in reply)) return;
        child.off('exit', failed);
        resolve(new SimulatorProcess(child, reply.ready));
      });
    });
  }

  private ask(request: SimulatorRequest): Promise<SimulatorReply> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.replies.push({ resolve, reject });
      this.child.send(request);
    });
  }

  async startRun(latencyMs: number): Promise<void> {
    await this.ask({ run: { latencyMs } });
  }

  async requests(): Promise<number> {
    const reply = await this.ask({ count: true });
    return 'requests' in reply ? reply.requests : NaN;
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ close: true });
    });
  }
}

const MEASURE: Measurement = { cpu: COLLECTOR_CPU };

/** The log of the collection kept for the floor. */
const COLLECT_LOG = 'collect.log';

/**
 * One collection from dist/ against the simulator; the collection is left in
 * `keep` (a folder) when given, for the SDK floor's plan.
 */
async function collectOnce(
  simulator: SimulatorProcess,
  latencyMs: number,
  keep?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunFigures> {
  await simulator.startRun(latencyMs);
  const workDirectory =
    keep ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'jc-bench-')));
  try {
    const result = await runCollect(
      {
        ...process.env,
        API_KEY,
        API_BASE_URL: simulator.ready.apiBaseUrl,
        INSIGHTS_API_BASE_URL: simulator.ready.insightsApiBaseUrl,
        ...env,
      },
      { workDirectory, measure: MEASURE, code: 'compiled' },
    );
    if (result.exitCode !== 0) {
      throw new Error(
        `collect exited with ${result.exitCode}:\n${result.output.slice(
          -4000,
        )}`,
      );
    }
    if (keep) await fs.writeFile(path.join(keep, COLLECT_LOG), result.output);
    return await figures(result, workDirectory, await simulator.requests());
  } finally {
    if (!keep) await fs.rm(workDirectory, { recursive: true, force: true });
  }
}

/**
 * The SDK floor writing what the collection in `collection` holds: at once,
 * or `paced`, each step when the collection ran it.
 */
async function floorOnce(
  collection: string,
  { paced = false, env = {} as NodeJS.ProcessEnv } = {},
): Promise<RunFigures> {
  const workDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-floor-'));
  try {
    const planFile = path.join(workDirectory, 'plan.json');
    const plan = await floorPlanOf(outputDirectory(collection));
    await fs.writeFile(
      planFile,
      JSON.stringify(
        paced
          ? pacedPlan(
              plan,
              stepTimesOf(
                await fs.readFile(path.join(collection, COLLECT_LOG), 'utf8'),
              ),
            )
          : plan,
      ),
    );
    const result = await runCollect(
      { ...process.env, FLOOR_PLAN: planFile, ...env },
      {
        workDirectory,
        measure: MEASURE,
        integrationDirectory: path.join(DIST_DIRECTORY, 'bench', 'floor'),
      },
    );
    if (result.exitCode !== 0)
      throw new Error(`The SDK floor failed:\n${result.output.slice(-4000)}`);
    return await figures(result, workDirectory, 0);
  } finally {
    await fs.rm(workDirectory, { recursive: true, force: true });
  }
}

async function figures(
  result: Awaited<ReturnType<typeof runCollect>>,
  workDirectory: string,
  requests: number,
): Promise<RunFigures> {
  const output = outputDirectory(workDirectory);
  const counts = await countCollection(output);
  const summary = JSON.parse(
    await fs.readFile(path.join(output, 'summary.json'), 'utf8'),
  );
  const sum = (m: Map<string, number>) =>
    [...m.values()].reduce((a, b) => a + b, 0);
  return {
    wallTimeMs: result.wallTimeMs,
    cpuTimeMs: result.cpuTimeMs!,
    peakRssBytes: result.peakRssBytes!,
    requests,
    entities: sum(counts.entities),
    relationships: sum(counts.relationships),
    failedSteps: summary.integrationStepResults
      .filter((s: { status: string }) => s.status !== 'success')
      .map((s: { id: string }) => s.id),
  };
}

/** Each figure the median of the runs' (the runs write the same graph). */
export function medianRun(runs: RunFigures[]): RunFigures {
  const median = (pick: (run: RunFigures) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2
      ? sorted[middle]
      : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  return {
    wallTimeMs: median((r) => r.wallTimeMs),
    cpuTimeMs: median((r) => r.cpuTimeMs),
    peakRssBytes: median((r) => r.peakRssBytes),
    requests: median((r) => r.requests),
    entities: median((r) => r.entities),
    relationships: median((r) => r.relationships),
    failedSteps: [...new Set(runs.flatMap((r) => r.failedSteps))],
  };
}

/** `run` made `times` times, each printed; the median of them. */
async function repeated(
  times: number,
  label: string,
  minimumRequests: number,
  run: (i: number) => Promise<RunFigures>,
): Promise<RunFigures> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < times; i++) {
    runs.push(await run(i));
    console.log(
      `  ${label}, run ${i + 1}: ${describe(runs[i], minimumRequests)}`,
    );
  }
  return medianRun(runs);
}

async function measureTenant(
  name: string,
  options: TenantOptions,
  latencyMs: number,
  runs: number,
): Promise<TenantFigures> {
  const simulator = await SimulatorProcess.start({ seed: 42, ...options });
  const kept = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-bench-kept-'));
  try {
    const { minimumRequests, signInPairs } = simulator.ready;
    console.log(
      `${name}: ${JSON.stringify(options)}; ${signInPairs} sign-in pairs; ` +
        `minimum requests ${minimumRequests}`,
    );
    const latency = await repeated(
      runs,
      `${latencyMs} ms latency`,
      minimumRequests,
      () => collectOnce(simulator, latencyMs),
    );
    // The first zero-latency collection is the one the floor writes again.
    const zeroLatency = await repeated(
      runs,
      'zero latency',
      minimumRequests,
      (i) => collectOnce(simulator, 0, i === 0 ? kept : undefined),
    );
    const floor = await repeated(runs, 'SDK floor', minimumRequests, () =>
      floorOnce(kept),
    );
    const pacedFloor = await repeated(
      runs,
      "SDK floor at the collection's pace",
      minimumRequests,
      () => floorOnce(kept, { paced: true }),
    );
    const capped =
      name === 'L'
        ? {
            collection: await repeated(
              runs,
              `zero latency, old space capped at ${CAPPED_OLD_SPACE_MB} MB`,
              minimumRequests,
              () => collectOnce(simulator, 0, undefined, CAPPED_ENV),
            ),
            floor: await repeated(
              runs,
              `SDK floor, old space capped at ${CAPPED_OLD_SPACE_MB} MB`,
              minimumRequests,
              () => floorOnce(kept, { env: CAPPED_ENV }),
            ),
          }
        : undefined;
    return {
      name,
      options,
      minimumRequests,
      signInPairs,
      latency,
      zeroLatency,
      floor,
      pacedFloor,
      capped,
    };
  } finally {
    await simulator.close();
    await fs.rm(kept, { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const names = (option('--tenants') ?? 'S,M,L').split(',');
  const latencyMs = Number(option('--latency') ?? 50);
  const runs = Number(option('--runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error('--runs takes a whole number of runs, 1 or more.');
  }
  await fs.access(path.join(DIST_DIRECTORY, 'bench', 'floor', 'index.js'));

  const results: TenantFigures[] = [];
  for (const name of names) {
    const options = TENANTS[name];
    if (!options) throw new Error(`Unknown tenant ${name}; use S, M or L.`);
    results.push(await measureTenant(name, options, latencyMs, runs));
  }
  let moreEvents: MoreEventsFigures | undefined;
  if (names.includes('L')) {
    const options = {
      ...TENANTS.L,
      ssoEvents: TENANTS.L.ssoEvents! * MORE_EVENTS,
    };
    const simulator = await SimulatorProcess.start({ seed: 42, ...options });
    try {
      const { minimumRequests } = simulator.ready;
      moreEvents = {
        uncapped: await repeated(
          runs,
          `L with ${MORE_EVENTS} × the events, zero latency`,
          minimumRequests,
          () => collectOnce(simulator, 0),
        ),
        capped: await repeated(
          runs,
          `L with ${MORE_EVENTS} × the events, zero latency, old space capped at ${CAPPED_OLD_SPACE_MB} MB`,
          minimumRequests,
          () => collectOnce(simulator, 0, undefined, CAPPED_ENV),
        ),
      };
    } finally {
      await simulator.close();
    }
  }

  if (!args.includes('--no-write')) {
    const file = path.join(PROJECT_ROOT, 'docs', 'performance.md');
    const kept = await handWritten(file);
    await fs.writeFile(
      file,
      report(results, latencyMs, runs, moreEvents) + kept,
    );
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  }
}

/** Below this line docs/performance.md is written by hand (the heap break-down) and kept. */
const HAND_WRITTEN =
  '<!-- Written by hand from here on; npm run bench keeps it. -->';

async function handWritten(file: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const at = text.indexOf(HAND_WRITTEN);
  return at < 0 ? `\n${HAND_WRITTEN}\n` : `\n${text.slice(at)}`;
}

function describe(run: RunFigures, minimum: number): string {
  const requests =
    run.requests === 0
      ? 'no requests'
      : `${run.requests} requests (${(run.requests / minimum).toFixed(
          3,
        )}× minimum)`;
  return (
    `${seconds(run.wallTimeMs)} s, CPU ${seconds(run.cpuTimeMs)} s, ` +
    `${requests}, peak RSS ${mib(run.peakRssBytes)} MiB, ${
      run.entities
    } entities, ${run.relationships} relationships` +
    (run.failedSteps.length ? `, FAILED: ${run.failedSteps.join(', ')}` : '')
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const thousands = (n: number) => n.toLocaleString('en-US');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)} ×`;

/** Wall time the requests need at `latencyMs` with every slot busy, plus the floor's. */
function wallBound(r: TenantFigures, latencyMs: number): number {
  return (
    1.1 * ((r.latency.requests * latencyMs) / DEFAULT_MAX_CONCURRENT_REQUESTS) +
    r.floor.wallTimeMs
  );
}

/** Each target, met or not, from the figures of this run. */
function verdicts(
  results: TenantFigures[],
  latencyMs: number,
  moreEvents?: MoreEventsFigures,
): string[] {
  const mark = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  const lines: string[] = [];
  for (const r of results) {
    const req = r.latency.requests / r.minimumRequests;
    const rss = Math.max(r.latency.peakRssBytes, r.zeroLatency.peakRssBytes);
    const cpu = Math.max(r.latency.cpuTimeMs, r.zeroLatency.cpuTimeMs);
    const bound = wallBound(r, latencyMs);
    lines.push(
      `- ${r.name}: requests ${req.toFixed(3)} × the minimum (≤ 1.02: ${mark(
        req <= 1.02,
      )}); peak RSS ${mib(rss)} MiB, ${ratio(
        rss,
        r.floor.peakRssBytes,
      )} the floor's (≤ 1.2${r.name === 'L' ? ' and under 1 GiB' : ''}: ${mark(
        rss <= 1.2 * r.floor.peakRssBytes && (r.name !== 'L' || rss < 2 ** 30),
      )}); CPU ${seconds(cpu)} s, ${ratio(
        cpu,
        r.floor.cpuTimeMs,
      )} the floor's (≤ 1.3: ${mark(
        cpu <= 1.3 * r.floor.cpuTimeMs,
      )}); wall time ${seconds(
        r.latency.wallTimeMs,
      )} s at ${latencyMs} ms (≤ ${seconds(bound)} s: ${mark(
        r.latency.wallTimeMs <= bound,
      )}).`,
    );
  }
  const l = results.find((r) => r.name === 'L');
  if (l?.capped) {
    const { collection, floor } = l.capped;
    lines.push(
      `- L with the old space capped at ${CAPPED_OLD_SPACE_MB} MB, zero latency (for comparison): peak RSS ${mib(
        collection.peakRssBytes,
      )} MiB, ${ratio(
        collection.peakRssBytes,
        floor.peakRssBytes,
      )} the floor's capped alike; CPU ${seconds(
        collection.cpuTimeMs,
      )} s, ${ratio(collection.cpuTimeMs, floor.cpuTimeMs)}.`,
    );
  }
  if (l?.capped && moreEvents) {
    const { capped, uncapped } = moreEvents;
    const base = l.capped.collection.peakRssBytes;
    lines.push(
      `- L with ${MORE_EVENTS} × the sign-in events, old space capped: peak RSS ${mib(
        capped.peakRssBytes,
      )} MiB against ${mib(base)} MiB (${ratio(
        capped.peakRssBytes,
        base,
      )}; memory does not follow the events, ≤ 1.05: ${mark(
        capped.peakRssBytes <= 1.05 * base,
      )}). Left alone: ${mib(uncapped.peakRssBytes)} MiB against ${mib(
        l.zeroLatency.peakRssBytes,
      )} MiB (${ratio(uncapped.peakRssBytes, l.zeroLatency.peakRssBytes)}).`,
    );
  }
  return lines;
}

function tenantColumns(o: TenantOptions): string {
  return (
    `${thousands(o.users!)} / ${thousands(o.groups!)} / ${
      o.membersPerGroup
    } / ` +
    `${o.applications} / ${thousands(o.ssoEvents!)} / ${thousands(o.systems!)}`
  );
}

function row(
  name: string,
  run: RunFigures,
  floor: RunFigures,
  minimum: number | undefined,
): string {
  return (
    `| ${name} | ${seconds(run.wallTimeMs)} s | ${seconds(
      run.cpuTimeMs,
    )} s (${ratio(run.cpuTimeMs, floor.cpuTimeMs)}) | ${mib(
      run.peakRssBytes,
    )} MiB (${ratio(run.peakRssBytes, floor.peakRssBytes)}) | ` +
    (minimum === undefined
      ? '– | – |'
      : `${thousands(run.requests)} | ${(run.requests / minimum).toFixed(
          3,
        )} |`) +
    ` ${thousands(run.entities)} | ${thousands(run.relationships)} |`
  );
}

function report(
  results: TenantFigures[],
  latencyMs: number,
  runs: number,
  moreEvents?: MoreEventsFigures,
): string {
  const cpu = os.cpus();
  const sizes = results.map(
    (r) =>
      `| ${r.name} | ${tenantColumns(r.options)} | ${thousands(
        r.signInPairs,
      )} | ${thousands(r.minimumRequests)} |`,
  );
  const capped = `old space capped at ${CAPPED_OLD_SPACE_MB} MB`;
  const rows = results.flatMap((r) => [
    row(`${r.name} at ${latencyMs} ms`, r.latency, r.floor, r.minimumRequests),
    row(`${r.name} at zero latency`, r.zeroLatency, r.floor, r.minimumRequests),
    row(`${r.name} SDK floor`, r.floor, r.floor, undefined),
    row(
      `${r.name} SDK floor at the collection's pace`,
      r.pacedFloor,
      r.floor,
      undefined,
    ),
    ...(r.capped
      ? [
          row(
            `${r.name} at zero latency, ${capped} (× the floor capped alike)`,
            r.capped.collection,
            r.capped.floor,
            r.minimumRequests,
          ),
          row(
            `${r.name} SDK floor, ${capped}`,
            r.capped.floor,
            r.capped.floor,
            undefined,
          ),
        ]
      : []),
  ]);
  const l = results.find((r) => r.name === 'L');
  if (l?.capped && moreEvents)
    rows.push(
      row(
        `L, ${MORE_EVENTS} × the events, zero latency`,
        moreEvents.uncapped,
        l.floor,
        undefined,
      ),
      row(
        `L, ${MORE_EVENTS} × the events, zero latency, ${capped} (× the floor capped alike)`,
        moreEvents.capped,
        l.capped.floor,
        undefined,
      ),
    );
  return `# Performance

Measured by \`npm run bench\`, which builds the package and then runs, for
each tenant:

- the full collection (every step) from the compiled package in dist/, by
  \`j1-integration collect\` in its own process with schema validation on,
  against the built-in simulator with ${latencyMs} ms added to every response,
  then again with no added latency${runs === 1 ? '' : `, ${runs} times each`};
- the **SDK floor**: a synthetic integration (bench/floor) on the same SDK and
  CLI, run the same way, that writes what that collection wrote (the same
  steps and dependencies, the same number of entities and relationships of
  each type, keys of the same length, the same properties, each object
  with nested values of its own as a parsed record has them) and makes no
  request. It is what the platform itself costs; every run is also shown as a
  ratio to it. It is run ${runs === 1 ? 'once' : `${runs} times`} too;
- the same floor **at the collection's pace**: each step starts when the
  first zero-latency collection's did (by its log) and spreads its writes to
  end when that step ended. It is what the platform costs when it writes at
  the speed of a real collection, for comparison; the targets are judged
  against the floor above;
- at L, the zero-latency collection and the floor again with V8's old space
  capped at ${CAPPED_OLD_SPACE_MB} MB (\`NODE_OPTIONS=--max-old-space-size=${CAPPED_OLD_SPACE_MB}\`), as an operator
  would run a collector given 1 GiB. Left alone, V8 lets the heap grow to
  about four times what its last full collection kept, and where that
  collection falls decides much of the peak; capped, the peak follows what
  the run needs. For comparison too: the RSS and CPU targets are
  judged uncapped;
- at L, ${MORE_EVENTS} × the sign-in events (the same users, applications and
  pairs), at zero latency, left alone and capped alike, ${
    runs === 1 ? 'once' : `${runs} times`
  } each.
  Whether memory follows the events is judged capped: left alone, where V8's
  last full collection falls moves the peak of the same run by up to a fifth.

${
  runs === 1
    ? 'Each figure is one run.'
    : `The figures of a run made ${runs} times are each the median of its ${runs}:
the same code varies by up to a quarter in CPU time and a fifth in peak RSS
from one run to the next.`
}

The simulator runs in a process of its own, pinned to CPU ${SIMULATOR_CPU} (\`taskset\`), the
collector to CPU ${COLLECTOR_CPU}, so that the collector's figures are its own. CPU time
(user and system) and peak RSS (the high-water mark) are GNU time's for the
collector process. The minimum number of requests is computed from the
tenant: the organization list and the configuration check's one user; for
each list, one page per 100 items up to a short page (a total is not trusted
to end a walk, so 200 items take three pages; bindings from whichever side
needs fewer requests); for sign-ins, one count and one page per 10,000 events;
SaaS Management pages of 1,000.

| tenant | users / groups / members per group / applications / SSO events in 30 days / devices | user→application sign-in pairs | minimum requests |
|---|---|---|---|
${sizes.join('\n')}

| run | wall time | CPU time (× floor) | peak RSS (× floor) | requests | × minimum | entities | relationships |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Targets: requests ≤ 1.02 × the minimum; peak RSS ≤ 1.2 × the SDK floor's (and
under 1 GiB at L), and with ${MORE_EVENTS} × the sign-in events within 1.05 × L's
(both capped); CPU time ≤ 1.3 × the
floor's; wall time at ${latencyMs} ms ≤ 1.1 × (requests × ${latencyMs} ms ÷ ${DEFAULT_MAX_CONCURRENT_REQUESTS} requests in
flight) + the floor's wall time. RSS and CPU are judged on the higher of the
two runs.

${verdicts(results, latencyMs, moreEvents).join('\n')}

Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(
    os.totalmem() /
    2 ** 30
  ).toFixed(0)} GiB memory,
${os.type()} ${os.release()}, Node ${process.version}; measured ${new Date()
    .toISOString()
    .slice(0, 10)}.

Reproduce: \`npm ci && npm run bench\` (or \`npm run bench -- --tenants S,M\`
for the smaller ones; \`--no-write\` leaves this file alone). It needs Linux
with \`taskset\` and GNU time (\`/usr/bin/time\`).

## Why it is fast

- One client per run with one limiter (10 requests in flight by default) shared
  by every step; \`fetch-users\` and \`fetch-groups\` (with the member lists) run
  at the same time.
- Offset lists request the pages up to the reported total ahead, a few at a
  time (the page at the total included: a walk ends on a short page).
- Member lists are read once, in \`fetch-groups\`; the membership step builds
  edges from keys (\`jobState.hasKey\`) with no disk reads and no requests,
  then lets the lists go.
- Steps that write many objects write them 500 at a time (\`GraphWriter\`, the
  SDK's buffer size), so that each flush writes whole graph files: 4,702 files
  on heavy L instead of 7,014.
- The organization and application lists are read once per run and shared.
- Sign-ins: 10,000 rows a page with only the fields used, in up to 8 parallel
  \`search_after\` chains over slices of the window, folded into one record per
  user and application, so memory does not grow with the events. The records
  are columns of typed arrays (a user's pairs chained through them), about
  45 bytes a pair: 25 MiB for heavy L's 545,374 pairs.
- Response bodies are read as bytes and parsed in pieces of about 64 KB
  (\`src/client/json.ts\`): no answer becomes one large string, and a sign-in
  page is folded a piece at a time, so its 10,000 parsed events are never
  alive together.
- Each sign-in chain reads its pages into one buffer of its own, each page
  over the last, copying the socket's chunks in as they arrive
  (\`src/client/body.ts\`): no page leaves MBs of buffers for a full
  collection to free.
`;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
