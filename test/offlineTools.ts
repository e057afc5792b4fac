import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GraphObject, PROJECT_ROOT, Summary } from '../report/collections';

/**
 * For the tests of the offline tools: running `npm run report` and
 * `npm run changes` as a user would, collections made incomplete by hand
 * (as a failed or cut-short run leaves them), and a way to see that nothing
 * was written.
 */

export interface ToolRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * `report/<tool>.ts` with ts-node from the project root, exactly as its npm
 * script runs it; with `npm`, through `npm run --silent <tool>` itself.
 */
export function runTool(
  tool: 'report' | 'changes',
  args: string[],
  options: { npm?: boolean } = {},
): Promise<ToolRun> {
  const [command, commandArgs] = options.npm
    ? ['npm', ['run', '--silent', tool, '--', ...args]]
    : [
        path.join(PROJECT_ROOT, 'node_modules', '.bin', 'ts-node'),
        ['--transpile-only', path.join('report', `${tool}.ts`), ...args],
      ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/**
 * Everything under a folder (path, size and modification time), or
 * undefined when it does not exist: equal before and after means nothing
 * was written there.
 */
export async function folderState(
  directory: string,
): Promise<string[] | undefined> {
  const state: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const stat = await fs.stat(full);
      state.push(`${full} ${stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) await walk(full);
    }
  };
  try {
    await walk(directory);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return state.sort();
}

/** Size and time of one file, or undefined when there is none. */
export async function fileState(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    return `${stat.size} ${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

export interface CopyOptions {
  /** Objects to keep; the default keeps all. */
  keep?: (object: GraphObject) => boolean;
  /** The copy's summary.json; undefined leaves it out (a run cut short). */
  summary?: (summary: Summary) => Summary | undefined;
}

/** A copy of a collection (graph files and summary), changed by hand. */
export async function copyCollection(
  root: string,
  options: CopyOptions = {},
): Promise<string> {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-copy-'));
  const keep = options.keep ?? (() => true);
  const walk = async (from: string, to: string): Promise<void> => {
    await fs.mkdir(to, { recursive: true });
    for (const entry of await fs.readdir(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) await walk(source, target);
      else if (entry.name.endsWith('.json')) {
        const content = JSON.parse(await fs.readFile(source, 'utf8'));
        for (const kind of ['entities', 'relationships'])
          if (content[kind]) content[kind] = content[kind].filter(keep);
        await fs.writeFile(target, JSON.stringify(content));
      }
    }
  };
  await walk(path.join(root, 'graph'), path.join(copy, 'graph'));
  const summary = JSON.parse(
    await fs.readFile(path.join(root, 'summary.json'), 'utf8'),
  ) as Summary;
  const changed = options.summary ? options.summary(summary) : summary;
  if (changed)
    await fs.writeFile(
      path.join(copy, 'summary.json'),
      JSON.stringify(changed, null, 2),
    );
  return copy;
}

/** A summary in which one step failed, as the SDK records it. */
export function failStep(
  summary: Summary,
  stepId: string,
  status = 'failure',
): Summary {
  const step = summary.integrationStepResults.find((s) => s.id === stepId)!;
  step.status = status;
  // The SDK takes a failed step's types for partial; a disabled one's not.
  if (status !== 'disabled') markPartial(summary, step.declaredTypes);
  return summary;
}

/** A summary that lists types as partial (their steps succeeded). */
export function markPartial(summary: Summary, types: string[]): Summary {
  const partial = summary.metadata.partialDatasets.types;
  for (const type of types) if (!partial.includes(type)) partial.push(type);
  return summary;
}

/** The step of a summary that reads a type. */
export function stepOf(summary: Summary, type: string) {
  return summary.integrationStepResults.find((s) =>
    s.declaredTypes.includes(type),
  )!;
}

/** The refusal is one sentence on one line. */
export function isOneSentence(text: string): boolean {
  const line = text.trim();
  return !line.includes('\n') && line.endsWith('.') && !/\.\s+\S/.test(line);
}
