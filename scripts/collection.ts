import { spawn } from 'child_process';
import { promises as fs, readFileSync } from 'fs';
import { forEachGraphObject, GraphKind } from './graphFiles';
import * as path from 'path';

/**
 * Running `j1-integration collect` as a separate process, exactly as a user
 * would, and reading back what it wrote to `.j1-integration/`.
 */

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const OUTPUT_DIRECTORY = path.join(PROJECT_ROOT, '.j1-integration');

export interface CollectResult {
  exitCode: number;
  output: string;
  wallTimeMs: number;
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
  const projectPath = options.workDirectory ?? PROJECT_ROOT;
  if (options.workDirectory) {
    await fs.mkdir(projectPath, { recursive: true });
    await fs
      .symlink(
        path.join(PROJECT_ROOT, 'src'),
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

export interface StepResult {
  id: string;
  name: string;
  status: string;
  declaredTypes: string[];
  partialTypes: string[];
  encounteredTypes: string[];
}

export interface Summary {
  integrationStepResults: StepResult[];
  metadata: { partialDatasets: { types: string[] } };
}

export interface GraphObject {
  _key: string;
  _type: string;
  [property: string]: unknown;
}

export interface Collection {
  summary: Summary;
  entities: GraphObject[];
  relationships: GraphObject[];
}

/** Where collect writes when run with this work directory. */
export function outputDirectory(workDirectory = PROJECT_ROOT): string {
  return path.join(workDirectory, '.j1-integration');
}

/** Everything collect wrote: the summary and every entity and relationship. */
export async function readCollection(
  directory = OUTPUT_DIRECTORY,
): Promise<Collection> {
  const summary = JSON.parse(
    await fs.readFile(path.join(directory, 'summary.json'), 'utf8'),
  ) as Summary;
  const entities: GraphObject[] = [];
  const relationships: GraphObject[] = [];
  const graph = path.join(directory, 'graph');
  await forEachGraphObject(graph, 'entities', (o) => entities.push(o));
  await forEachGraphObject(graph, 'relationships', (o) =>
    relationships.push(o),
  );
  return { summary, entities, relationships };
}

/**
 * Counts per type of what collect wrote, one file at a time, so that a very
 * large collection need not fit in memory at once.
 */
export async function countCollection(directory = OUTPUT_DIRECTORY): Promise<{
  entities: Map<string, number>;
  relationships: Map<string, number>;
}> {
  const graph = path.join(directory, 'graph');
  const count = async (kind: GraphKind) => {
    const counts = new Map<string, number>();
    await forEachGraphObject(graph, kind, (o) => {
      counts.set(o._type, (counts.get(o._type) ?? 0) + 1);
    });
    return counts;
  };
  return {
    entities: await count('entities'),
    relationships: await count('relationships'),
  };
}
