import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { outputDirectory, PROJECT_ROOT } from '../report/collections';

/**
 * Running `j1-integration collect` (or `run`) as a separate process, exactly
 * as a user would, on the integration's TypeScript sources or on the compiled
 * package that `npm run build` writes to dist/.
 */

/**
 * For every process the runner starts: the SDK runtime loads aws-sdk v2,
 * which otherwise prints its end-of-support notice into every log.
 */
export const QUIET_ENVIRONMENT = {
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
} as const;

/** Where `npm run build` writes the compiled integration. */
export const DIST_DIRECTORY = path.join(PROJECT_ROOT, 'dist');

/**
 * The integration code a collection runs: `src/` through ts-node, or the
 * compiled JavaScript in `dist/src/` (no TypeScript at run time).
 */
export type IntegrationCode = 'sources' | 'compiled';

/**
 * The compiled package when `npm run build` has compiled the sources as they
 * are now (dist/ newer than every source file), else the sources, with a line
 * that says which and why.
 */
export async function currentCode(): Promise<{
  code: IntegrationCode;
  note: string;
}> {
  const built = await mtime(path.join(DIST_DIRECTORY, 'src', 'index.js'));
  if (built === undefined) {
    return {
      code: 'sources',
      note: 'Running the TypeScript sources (npm run build compiles them to dist/).',
    };
  }
  const newest = await newestSource(path.join(PROJECT_ROOT, 'src'));
  if (newest > built) {
    return {
      code: 'sources',
      note: 'Running the TypeScript sources: dist/ is older than src/ (npm run build updates it).',
    };
  }
  return {
    code: 'compiled',
    note: 'Running the compiled integration in dist/.',
  };
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The latest change to a source file under `directory`, tests left out. */
async function newestSource(directory: string): Promise<number> {
  let newest = 0;
  for (const entry of await fs.readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, await newestSource(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, (await fs.stat(full)).mtimeMs);
    }
  }
  return newest;
}

export interface CollectResult {
  exitCode: number;
  output: string;
  wallTimeMs: number;
  /** Where this run wrote its collection: `<project path>/.j1-integration`. */
  outputDirectory: string;
  /** Peak resident memory of the collector process, when measured. */
  peakRssBytes?: number;
  /** User and system CPU time of the collector process, when measured. */
  cpuTimeMs?: number;
}

/** How the collector process is measured (Linux, with GNU time). */
export interface Measurement {
  /** Pin the collector to this CPU (taskset), apart from the simulator's. */
  cpu?: number;
}

export interface CollectOptions {
  /** Stream the collector's log to this terminal too. */
  echo?: boolean;
  /**
   * Run as if the project lived here (its `src` linked in), so that output
   * goes to `<workDirectory>/.j1-integration` and no `.env` of the project is
   * read: runs in parallel (tests, benchmarks) stay apart.
   */
  workDirectory?: string;
  /** The sources (default) or the compiled package in dist/. */
  code?: IntegrationCode;
  /**
   * With workDirectory: another integration's compiled code (the folder the
   * CLI loads as src/), such as the benchmark's SDK floor.
   */
  integrationDirectory?: string;
  args?: string[];
  /** Peak resident memory and CPU time of the collector, from GNU time. */
  measure?: Measurement;
}

/** Runs the SDK's `j1-integration collect` in its own process. */
export function runCollect(
  env: NodeJS.ProcessEnv,
  options: CollectOptions = {},
): Promise<CollectResult> {
  return runIntegrationCli('collect', env, options);
}

/** Where and as whom `j1-integration run` uploads: the synchronization API. */
export interface UploadTarget {
  /** e.g. https://api.us.jupiterone.io, or a local receiver in tests. */
  apiBaseUrl: string;
  integrationInstanceId: string;
  /** The JupiterOne API key (not JumpCloud's). */
  apiKey: string;
  account: string;
}

/**
 * Runs `j1-integration run`: collects like `collect` and uploads to the
 * synchronization API while the steps run, then finalizes the job with the
 * partial types.
 */
export function runUpload(
  env: NodeJS.ProcessEnv,
  target: UploadTarget,
  options: CollectOptions = {},
): Promise<CollectResult> {
  return runIntegrationCli('run', env, {
    ...options,
    args: [
      '--api-base-url',
      target.apiBaseUrl,
      '--integrationInstanceId',
      target.integrationInstanceId,
      '--api-key',
      target.apiKey,
      '--account',
      target.account,
      ...(options.args ?? []),
    ],
  });
}

/**
 * One `j1-integration <command>` in its own process, exactly as a user would
 * start it, with its log captured (and echoed on request).
 */
export async function runIntegrationCli(
  command: 'collect' | 'run',
  env: NodeJS.ProcessEnv,
  options: CollectOptions = {},
): Promise<CollectResult> {
  const compiled = options.code === 'compiled';
  // The CLI loads <project path>/src and writes <project path>/.j1-integration.
  const projectPath =
    options.workDirectory ?? (compiled ? DIST_DIRECTORY : PROJECT_ROOT);
  if (options.workDirectory) {
    await fs.mkdir(projectPath, { recursive: true });
    await fs
      .symlink(
        options.integrationDirectory ??
          (compiled
            ? path.join(DIST_DIRECTORY, 'src')
            : path.join(PROJECT_ROOT, 'src')),
        path.join(projectPath, 'src'),
        'dir',
      )
      .catch((err) => {
        if (err.code !== 'EEXIST') throw err;
      });
  }
  const cli = [
    path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration'),
    command,
    '--project-path',
    projectPath,
    ...(options.args ?? []),
  ];
  const timeFile = options.measure
    ? path.join(
        await fs.mkdtemp(path.join(os.tmpdir(), 'jc-time-')),
        'time.txt',
      )
    : undefined;
  const [program, ...args] = timeFile
    ? [...measured(timeFile, options.measure!), ...cli]
    : cli;
  const started = Date.now();
  const result = await new Promise<CollectResult>((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: projectPath,
      // ts-node looks for tsconfig.json from the working directory; without
      // ours it would compile for ES5, where for-of over a Map does nothing.
      env: {
        TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'),
        ...env,
        ...QUIET_ENVIRONMENT,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const collectOutput = (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on('data', collectOutput);
    child.stderr.on('data', collectOutput);
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        exitCode: code ?? 1,
        output: Buffer.concat(chunks).toString('utf8'),
        wallTimeMs: Date.now() - started,
        outputDirectory: outputDirectory(projectPath),
      }),
    );
  });
  if (!timeFile) return result;
  const figures = await fs.readFile(timeFile, 'utf8');
  await fs.rm(path.dirname(timeFile), { recursive: true, force: true });
  return { ...result, ...parseTimeFigures(figures) };
}

/** GNU time, writing user and system seconds and peak RSS (KiB) to a file, then taskset. */
function measured(file: string, measure: Measurement): string[] {
  return [
    '/usr/bin/time',
    '-f',
    '%U %S %M',
    '-o',
    file,
    ...(measure.cpu === undefined ? [] : ['taskset', '-c', `${measure.cpu}`]),
  ];
}

/** The last line of GNU time's output (a line before it may say the exit status). */
export function parseTimeFigures(
  text: string,
): Pick<CollectResult, 'cpuTimeMs' | 'peakRssBytes'> {
  const last = text.trim().split('\n').pop() ?? '';
  const match = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last);
  if (!match) throw new Error(`Unreadable GNU time figures: ${text}`);
  return {
    cpuTimeMs: Math.round((Number(match[1]) + Number(match[2])) * 1000),
    peakRssBytes: Number(match[3]) * 1024,
  };
}
