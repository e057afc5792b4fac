import { spawn } from 'child_process';
import { promises as fs, readFileSync } from 'fs';
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
  /** Peak resident memory of the collector process (Linux), when measured. */
  peakRssBytes?: number;
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
  args?: string[];
  /** Sample the collector's peak resident memory (VmHWM, Linux only). */
  measureMemory?: boolean;
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
        compiled
          ? path.join(DIST_DIRECTORY, 'src')
          : path.join(PROJECT_ROOT, 'src'),
        path.join(projectPath, 'src'),
        'dir',
      )
      .catch((err) => {
        if (err.code !== 'EEXIST') throw err;
      });
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration'),
      [command, '--project-path', projectPath, ...(options.args ?? [])],
      {
        cwd: projectPath,
        // ts-node looks for tsconfig.json from the working directory; without
        // ours it would compile for ES5, where for-of over a Map does nothing.
        env: {
          TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'),
          ...env,
          ...QUIET_ENVIRONMENT,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const chunks: Buffer[] = [];
    const collectOutput = (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on('data', collectOutput);
    child.stderr.on('data', collectOutput);
    let peakRssBytes: number | undefined;
    const sampler = options.measureMemory
      ? setInterval(() => {
          peakRssBytes = readPeakRss(child.pid) ?? peakRssBytes;
        }, 100)
      : undefined;
    child.on('error', reject);
    child.on('exit', () => {
      if (sampler) clearInterval(sampler);
    });
    child.on('close', (code) =>
      resolve({
        exitCode: code ?? 1,
        output: Buffer.concat(chunks).toString('utf8'),
        wallTimeMs: Date.now() - started,
        outputDirectory: outputDirectory(projectPath),
        peakRssBytes,
      }),
    );
  });
}

/** The high-water mark of a process's resident memory, from /proc. */
function readPeakRss(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // gone already, or not Linux
  }
}
