/**
 * The map in docs/development.md, kept true: which top-level folder may
 * import which. Imports are followed through every file they reach, so a
 * helper cannot carry the simulator into the integration by the back door.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../report/collections';

const FOLDERS = ['src', 'simulator', 'report', 'runner', 'bench', 'test'];

/** Project files a file imports (relative imports only), resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const found: string[] = [];
  const pattern = /(?:from|require\()\s*'(\.[^']*)'/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const target = path.normalize(path.join(path.dirname(file), m[1]));
    const candidates = [`${target}.ts`, path.join(target, 'index.ts')];
    const resolved = candidates.find((c) => exists(c));
    if (resolved) found.push(resolved);
  }
  return found;
}

function exists(file: string): boolean {
  try {
    readFileSync(path.join(PROJECT_ROOT, file));
    return true;
  } catch {
    return false;
  }
}

/** Every project file reachable from `start` through imports. */
function reachable(start: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return seen;
}

/** The TypeScript files of a folder that git tracks or would track. */
function filesIn(folder: string, filter: (file: string) => boolean): string[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', folder],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  )
    .split('\n')
    .filter((f) => f.endsWith('.ts') && filter(f));
}

const folderOf = (file: string) => file.split(path.sep)[0];
const isTest = (file: string) => file.endsWith('.test.ts');

test('the integration (src, tests left out) reaches nothing outside src', () => {
  const outside = [...reachable(filesIn('src', (f) => !isTest(f)))].filter(
    (f) => folderOf(f) !== 'src',
  );
  expect(outside).toEqual([]);
});

test('nothing in src, its tests included, reaches the simulator or the tools', () => {
  const reached = [...reachable(filesIn('src', () => true))];
  const tools = reached.filter((f) =>
    ['simulator', 'report', 'runner', 'bench'].includes(folderOf(f)),
  );
  expect(tools).toEqual([]);
});

test('the simulator reaches only itself and the client’s type definitions', () => {
  const outside = [...reachable(filesIn('simulator', () => true))].filter(
    (f) => folderOf(f) !== 'simulator',
  );
  expect(
    outside.filter((f) => f !== path.join('src', 'client', 'types.ts')),
  ).toEqual([]);
});

test('the report reaches only itself and the integration’s names', () => {
  const outside = [...reachable(filesIn('report', (f) => !isTest(f)))].filter(
    (f) => !['report', 'src'].includes(folderOf(f)),
  );
  expect(outside).toEqual([]);
});

test('the runner and the benchmark never reach the tests', () => {
  const reached = [
    ...reachable([
      ...filesIn('runner', () => true),
      ...filesIn('bench', () => true),
    ]),
  ];
  expect(reached.filter((f) => folderOf(f) === 'test')).toEqual([]);
});

test('every TypeScript file lives in one of the folders of the map', () => {
  const all = filesIn('.', () => true);
  expect(all.length).toBeGreaterThan(100);
  expect(all.filter((f) => !FOLDERS.includes(folderOf(f)))).toEqual([]);
});
