/**
 * The package as a platform installs it: `npm pack` (which builds dist/), the
 * tarball installed into an empty folder next to the SDK's CLI 8.41.0, and
 * `j1-integration collect --project-path node_modules/<name>/dist` against
 * the simulator, compared with the ground truth. No TypeScript at run time.
 */
import { execFile } from 'child_process';
import { builtinModules } from 'module';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { readCollection, PROJECT_ROOT } from '../report/collections';
import { generateTenant, startSimulator } from '../simulator';
import { expectCompleteAndExact } from './groundTruth';
import { TEST_API_KEY } from './tenant';

const run = promisify(execFile);

const packageJson = require('../package.json') as {
  name: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

let folder: string;
let tarball: string;
let contents: string[];

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-package-'));
  const { stdout } = await run(
    'npm',
    ['pack', '--silent', '--pack-destination', folder],
    { cwd: PROJECT_ROOT, maxBuffer: 16 * 2 ** 20 },
  );
  tarball = path.join(folder, stdout.trim().split('\n').pop()!);
  contents = (await run('tar', ['-tzf', tarball])).stdout
    .trim()
    .split('\n')
    .map((entry) => entry.replace(/^package\//, ''))
    .sort();
}, 120_000);

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

test('the name is this project’s own, not under the @jupiterone scope', () => {
  expect(packageJson.name).not.toMatch(/^@jupiterone\//);
  expect(path.basename(tarball)).toMatch(
    new RegExp(`^${packageJson.name}-\\d+\\.\\d+\\.\\d+\\.tgz$`),
  );
});

test('the tarball holds the compiled integration, the questions, the docs, README and licence, and nothing else', async () => {
  const sources = (await listFiles(path.join(PROJECT_ROOT, 'src')))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => `dist/src/${file.replace(/\.ts$/, '.js')}`);
  expect(sources.length).toBeGreaterThan(20);
  expect(contents).toEqual(
    [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/docs/jupiterone.md',
      'dist/jupiterone/questions/questions.yaml',
      ...sources,
    ].sort(),
  );
});

test('installed next to the SDK CLI, it collects a tenant exactly from the compiled code', async () => {
  const install = path.join(folder, 'platform');
  await fs.mkdir(install);
  await fs.writeFile(
    path.join(install, 'package.json'),
    JSON.stringify({ name: 'platform', private: true }),
  );
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      tarball,
      '@jupiterone/integration-sdk-cli@8.41.0',
    ],
    { cwd: install, maxBuffer: 16 * 2 ** 20 },
  );
  const installed = path.join(install, 'node_modules', packageJson.name);

  // No TypeScript in what runs, and one copy of the SDK core (its error
  // classes are told apart by instanceof).
  const files = await listFiles(path.join(installed, 'dist'));
  expect(files.filter((f) => /\.ts$/.test(f))).toEqual([]);
  const cores = (await listFiles(path.join(install, 'node_modules'))).filter(
    (f) => f.endsWith('@jupiterone/integration-sdk-core/package.json'),
  );
  expect(cores).toEqual(['@jupiterone/integration-sdk-core/package.json']);

  const tenant = generateTenant({
    seed: 41,
    users: 120,
    groups: 8,
    applications: 6,
    ssoEvents: 800,
    systems: 30,
    admins: 3,
  });
  const simulator = await startSimulator({
    tenants: [tenant],
    apiKey: TEST_API_KEY,
    port: 0,
  });
  try {
    const project = path.join(installed, 'dist');
    const { stdout, stderr } = await run(
      path.join(install, 'node_modules', '.bin', 'j1-integration'),
      ['collect', '--project-path', project],
      {
        cwd: install,
        maxBuffer: 64 * 2 ** 20,
        env: {
          PATH: process.env.PATH,
          API_KEY: TEST_API_KEY,
          API_BASE_URL: simulator.apiBaseUrl,
          INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
        },
      },
    );
    expect(`${stdout}${stderr}`).not.toContain('ts-node');
    const collection = await readCollection(
      path.join(project, '.j1-integration'),
    );
    expectCompleteAndExact(collection, tenant);
  } finally {
    await simulator.close();
  }
}, 180_000);

test('every package the compiled integration requires is a dependency (the SDK core a peer the platform brings), and no dependency is unused', async () => {
  const dist = path.join(PROJECT_ROOT, 'dist', 'src');
  const required = new Set<string>();
  for (const file of await listFiles(dist)) {
    const code = await fs.readFile(path.join(dist, file), 'utf8');
    const requires = /require\("([^".][^"]*)"\)/g;
    for (let m = requires.exec(code); m; m = requires.exec(code)) {
      const name = m[1];
      const parts = name.split('/');
      const pkg = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (!builtinModules.includes(pkg)) required.add(pkg);
    }
  }
  expect([...required].sort()).toEqual(
    [
      ...Object.keys(packageJson.dependencies),
      ...Object.keys(packageJson.peerDependencies),
    ].sort(),
  );
  expect(Object.keys(packageJson.peerDependencies)).toEqual([
    '@jupiterone/integration-sdk-core',
  ]);
});

/** Every file under `directory`, relative to it, with `/` separators. */
async function listFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files.push(path.relative(directory, full).split(path.sep).join('/'));
    }
  };
  await walk(directory);
  return files.sort();
}
