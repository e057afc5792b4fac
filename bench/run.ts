/**
 * `npm run bench`: the full collection, as `j1-integration collect` runs it,
 * against the simulator with a fixed latency per request, on three tenant
 * sizes; then again at zero latency for what the machine itself allows.
 * Writes docs/performance.md (unless --no-write).
 *
 *   npm run bench [-- --tenants S,M,L] [--latency 50] [--no-write]
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { currentCode, IntegrationCode, runCollect } from '../runner/collect';
import {
  countCollection,
  outputDirectory,
  PROJECT_ROOT,
} from '../report/collections';
import {
  generateTenant,
  RunningSimulator,
  startSimulator,
  Tenant,
  TenantOptions,
} from '../simulator';
import { minimumRequests } from './minimumRequests';

const API_KEY = 'jca_fake_benchmark_key_not_a_secret_00';

/**
 * The issue's three tenants; devices (one per ten users) and administrators
 * are this project's choice, so that every step is measured.
 */
const TENANTS: Record<string, TenantOptions> = {
  S: {
    users: 1_000,
    groups: 50,
    membersPerGroup: 20,
    applications: 20,
    ssoEvents: 10_000,
    systems: 100,
    admins: 10,
  },
  M: {
    users: 10_000,
    groups: 500,
    membersPerGroup: 50,
    applications: 50,
    ssoEvents: 100_000,
    systems: 1_000,
    admins: 20,
  },
  L: {
    users: 100_000,
    groups: 5_000,
    membersPerGroup: 50,
    applications: 300,
    ssoEvents: 1_000_000,
    systems: 10_000,
    admins: 50,
  },
};

export interface RunFigures {
  wallTimeMs: number;
  requests: number;
  peakRssBytes?: number;
  entities: number;
  relationships: number;
  failedSteps: string[];
}

export interface TenantFigures {
  name: string;
  options: TenantOptions;
  minimumRequests: number;
  latency: RunFigures;
  zeroLatency: RunFigures;
}

async function collectOnce(
  tenant: Tenant,
  latencyMs: number,
  code: IntegrationCode,
): Promise<RunFigures> {
  const simulator: RunningSimulator = await startSimulator({
    tenants: [tenant],
    apiKey: API_KEY,
    port: 0,
    faults: { latencyMs },
  });
  const workDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-bench-'));
  try {
    const result = await runCollect(
      {
        ...process.env,
        API_KEY,
        API_BASE_URL: simulator.apiBaseUrl,
        INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
      },
      { workDirectory, measureMemory: true, code },
    );
    if (result.exitCode !== 0) {
      throw new Error(
        `collect exited with ${result.exitCode}:\n${result.output.slice(
          -4000,
        )}`,
      );
    }
    const output = outputDirectory(workDirectory);
    const counts = await countCollection(output);
    const summary = JSON.parse(
      await fs.readFile(path.join(output, 'summary.json'), 'utf8'),
    );
    const sum = (m: Map<string, number>) =>
      [...m.values()].reduce((a, b) => a + b, 0);
    return {
      wallTimeMs: result.wallTimeMs,
      requests: simulator.requests.length,
      peakRssBytes: result.peakRssBytes,
      entities: sum(counts.entities),
      relationships: sum(counts.relationships),
      failedSteps: summary.integrationStepResults
        .filter((s: { status: string }) => s.status !== 'success')
        .map((s: { id: string }) => s.id),
    };
  } finally {
    await simulator.close();
    await fs.rm(workDirectory, { recursive: true, force: true });
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
  const results: TenantFigures[] = [];
  const { code, note } = await currentCode();
  console.log(note);

  for (const name of names) {
    const options = TENANTS[name];
    if (!options) throw new Error(`Unknown tenant ${name}; use S, M or L.`);
    const tenant = generateTenant({ seed: 42, ...options });
    const minimum = minimumRequests(tenant);
    console.log(
      `${name}: ${JSON.stringify(options)}; minimum requests ${minimum}`,
    );
    const latency = await collectOnce(tenant, latencyMs, code);
    console.log(`  ${latencyMs} ms latency: ${describe(latency, minimum)}`);
    const zeroLatency = await collectOnce(tenant, 0, code);
    console.log(`  zero latency: ${describe(zeroLatency, minimum)}`);
    results.push({
      name,
      options,
      minimumRequests: minimum,
      latency,
      zeroLatency,
    });
  }

  if (!args.includes('--no-write')) {
    const file = path.join(PROJECT_ROOT, 'docs', 'performance.md');
    await fs.writeFile(file, report(results, latencyMs, code));
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  }
}

function describe(run: RunFigures, minimum: number): string {
  return (
    `${seconds(run.wallTimeMs)} s, ${run.requests} requests (${(
      run.requests / minimum
    ).toFixed(3)}× minimum), ` +
    `peak RSS ${mib(run.peakRssBytes)} MiB, ${run.entities} entities, ${
      run.relationships
    } relationships` +
    (run.failedSteps.length ? `, FAILED: ${run.failedSteps.join(', ')}` : '')
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mib = (bytes?: number) =>
  bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(0);
const thousands = (n: number) => n.toLocaleString('en-US');

/** Each target, met or not, from the figures of this run. */
function verdicts(results: TenantFigures[]): string[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const mark = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  const lines: string[] = [];
  const worst = Math.max(
    ...results.map((r) => r.latency.requests / r.minimumRequests),
  );
  lines.push(
    `- Requests: at most ${worst.toFixed(3)} × the minimum: ${mark(
      worst <= 1.02,
    )}.`,
  );
  const m = byName.get('M');
  if (m)
    lines.push(
      `- M: ${seconds(m.latency.wallTimeMs)} s: ${mark(
        m.latency.wallTimeMs < 20_000,
      )}.`,
    );
  const l = byName.get('L');
  if (l) {
    lines.push(
      `- L: ${seconds(l.latency.wallTimeMs)} s: ${mark(
        l.latency.wallTimeMs < 180_000,
      )}.`,
    );
    lines.push(
      `- L peak RSS: ${mib(l.latency.peakRssBytes)} MiB: ${mark(
        (l.latency.peakRssBytes ?? Infinity) < 2 ** 30,
      )}.`,
    );
  }
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    const size = b.options.users! / a.options.users!;
    const time = b.latency.wallTimeMs / a.latency.wallTimeMs;
    lines.push(
      `- ${a.name} → ${b.name}: ${size.toFixed(0)} × the users, ${time.toFixed(
        1,
      )} × the time: ${mark(
        time <= size * 1.1,
      )} (linear or better; a fixed start-up cost makes small tenants relatively slower).`,
    );
  }
  return lines;
}

function report(
  results: TenantFigures[],
  latencyMs: number,
  code: IntegrationCode,
): string {
  const cpu = os.cpus();
  const rows = results.map((r) => {
    const objects = r.zeroLatency.entities + r.zeroLatency.relationships;
    return (
      `| ${r.name} | ${thousands(r.options.users!)} / ${thousands(
        r.options.groups!,
      )} / ${r.options.membersPerGroup} / ` +
      `${r.options.applications} / ${thousands(
        r.options.ssoEvents!,
      )} / ${thousands(r.options.systems!)} | ${seconds(
        r.latency.wallTimeMs,
      )} s | ` +
      `${thousands(r.latency.requests)} | ${thousands(r.minimumRequests)} | ${(
        r.latency.requests / r.minimumRequests
      ).toFixed(3)} | ` +
      `${mib(r.latency.peakRssBytes)} MiB | ${thousands(
        r.latency.entities,
      )} | ${thousands(r.latency.relationships)} | ` +
      `${seconds(r.zeroLatency.wallTimeMs)} s (${thousands(
        Math.round(objects / (r.zeroLatency.wallTimeMs / 1000)),
      )} objects/s) |`
    );
  });
  return `# Performance

Measured by \`npm run bench\`: the full collection (every step, run by
\`j1-integration collect\` in its own process, schema validation on, on ${
    code === 'compiled'
      ? 'the compiled package in dist/'
      : 'the TypeScript sources through ts-node (run `npm run build` first to measure the compiled package)'
  }) against
the built-in simulator with ${latencyMs} ms added to every response, then again
with no added latency for what the machine itself allows. Peak RSS is the
collector process's high-water mark (VmHWM). The minimum number of requests is
computed from the tenant: the organization list and the configuration check's
one user; for each list, one page per 100 items up to a short page (a total is
not trusted to end a walk, so 200 items take three pages; device bindings from
whichever side, devices or users, needs fewer); for sign-ins, one count and
one page per 10,000 events. Devices (one per ten users) and administrators
are not in the issue's table; they are added so that every step is measured.

| tenant | users / groups / members per group / applications / SSO events in 30 days / devices | wall time at ${latencyMs} ms | requests | minimum | ratio | peak RSS | entities | relationships | zero latency |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Targets: requests ≤ 1.02 × minimum; at ${latencyMs} ms latency M under 20 s and L under
3 minutes; peak RSS under 1 GiB at L; wall time growing linearly with tenant
size.

${verdicts(results).join('\n')}

Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(
    os.totalmem() /
    2 ** 30
  ).toFixed(0)} GiB memory,
${os.type()} ${os.release()}, Node ${process.version}; measured ${new Date()
    .toISOString()
    .slice(0, 10)}.

Reproduce: \`npm ci && npm run bench\` (or \`npm run bench -- --tenants S,M\`
for the smaller ones; \`--no-write\` leaves this file alone).

## Why it is fast

- One client per run with one limiter (10 requests in flight by default) shared
  by every step; \`fetch-users\` and \`fetch-groups\` (with the member lists) run
  at the same time.
- Offset lists request the pages up to the reported total ahead, a few at a
  time (the page at the total included: a walk ends on a short page).
- Member lists are read once, in \`fetch-groups\`; the membership step builds
  edges from keys (\`jobState.hasKey\`) with no disk reads and no requests.
- The organization and application lists are read once per run and shared.
- Sign-ins: 10,000 rows a page with only the fields used, in up to 8 parallel
  \`search_after\` chains over slices of the window, folded into one record per
  user and application, so memory does not grow with the events.
`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
