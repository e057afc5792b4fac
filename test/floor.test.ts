import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseTimeFigures, runCollect } from '../runner/collect';
import {
  forEachGraphObject,
  outputDirectory,
  PROJECT_ROOT,
} from '../report/collections';
import { generateTenant } from '../simulator';
import { floorKey, nestedTexts, ownValues } from '../bench/floor';
import {
  floorPlanOf,
  pacedPlan,
  planCounts,
  stepTimesOf,
} from '../bench/floorPlan';
import { medianRun } from '../bench/run';
import { collectTenant } from './collectTenant';

/** Per type: how many objects, their key lengths and their property names. */
async function shapes(root: string) {
  const byType = new Map<
    string,
    { count: number; keyLengths: Set<number>; properties: Set<string> }
  >();
  for (const kind of ['entities', 'relationships'] as const) {
    await forEachGraphObject(path.join(root, 'graph'), kind, (o) => {
      let shape = byType.get(o._type);
      if (!shape) {
        shape = { count: 0, keyLengths: new Set(), properties: new Set() };
        byType.set(o._type, shape);
      }
      shape.count++;
      shape.keyLengths.add(String(o._key).length);
      for (const name of Object.keys(o)) shape.properties.add(name);
    });
  }
  return byType;
}

test('floorKey keeps the length and is unique per type number and index', () => {
  const like = 'jumpcloud_user:6268edef4a62449900000001';
  const keys = new Set<string>();
  for (const type of [0, 1, 35])
    for (const i of [0, 1, 2, 1000, 2 ** 30]) {
      const key = floorKey(like, type, i);
      expect(key).toHaveLength(like.length);
      expect(key.startsWith('jumpcloud_user:6268edef4a624499')).toBe(true);
      keys.add(key);
    }
  expect(keys.size).toBe(15);
});

test("each floor object gets its own nested values, equal to the sample's, as JSON.parse gives each record read its own", () => {
  const sample = {
    _key: 'jumpcloud_user:6268edef4a62449900000001',
    _class: ['User'],
    email: 'henry.okafor21@example.com',
    emailDomain: ['example.com'],
    _rawData: [
      { name: 'default', rawData: { email: 'henry.okafor21@example.com' } },
    ],
  };
  const texts = nestedTexts(sample);
  // _class is one constant per type in the collection too.
  expect(texts.map(([name]) => name)).toEqual(['emailDomain', '_rawData']);
  const one = ownValues(texts);
  const other = ownValues(texts);
  expect(one).toEqual({
    emailDomain: sample.emailDomain,
    _rawData: sample._rawData,
  });
  expect(one._rawData).not.toBe(other._rawData);
  expect(one._rawData).not.toBe(sample._rawData);
  expect(one.emailDomain).not.toBe(other.emailDomain);
});

test("step times are read from the SDK's log lines, coloured or not, from the first step's start", () => {
  const log = [
    '\x1b[90m23:59:59.900Z\x1b[39m \x1b[32m INFO\x1b[39m Local: \x1b[36mStarting step "Fetch Account"...\x1b[39m\x1b[90m (stepId=fetch-account)\x1b[39m',
    '23:59:59.950Z  INFO Local: Completed step "Fetch Account". (stepId=fetch-account)',
    '23:59:59.960Z  INFO Local: Starting step "Fetch Users"... (stepId=fetch-users)',
    '00:00:01.400Z  INFO Local: Fetched 100 users. (stepId=fetch-users)',
    '00:00:02.460Z  INFO Local: Completed step "Fetch Users". (stepId=fetch-users)',
    '23:59:59.970Z  INFO Local: Starting step "Map Users to People"... (stepId=map-users-to-people)',
  ].join('\n');
  expect(Object.fromEntries(stepTimesOf(log))).toEqual({
    'fetch-account': { startMs: 0, endMs: 50 },
    'fetch-users': { startMs: 60, endMs: 2560 },
    'map-users-to-people': { startMs: 70, endMs: 70 },
  });
});

test('the SDK floor writes what the collection wrote: each type, as many, with keys of the same length and the same properties, at its pace', async () => {
  const tenant = generateTenant({
    seed: 9,
    users: 120,
    groups: 8,
    applications: 6,
    ssoEvents: 600,
    signInPairs: 400,
  });
  const collected = await collectTenant(tenant);
  const floorDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-floor-'));
  try {
    expect(collected.result.exitCode).toBe(0);
    const plan = await floorPlanOf(collected.output);
    const collectedTimes = stepTimesOf(collected.result.output);
    const planFile = path.join(floorDirectory, 'plan.json');
    await fs.writeFile(
      planFile,
      JSON.stringify(pacedPlan(plan, collectedTimes)),
    );
    const floor = await runCollect(
      { ...process.env, FLOOR_PLAN: planFile },
      {
        workDirectory: floorDirectory,
        integrationDirectory: path.join(PROJECT_ROOT, 'bench', 'floor'),
      },
    );
    expect(floor.exitCode).toBe(0);

    const real = await shapes(collected.output);
    const synthetic = await shapes(outputDirectory(floorDirectory));
    expect([...synthetic.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [type, shape] of real) {
      const other = synthetic.get(type)!;
      expect({ type, count: other.count }).toEqual({
        type,
        count: shape.count,
      });
      expect({ type, properties: [...other.properties].sort() }).toEqual({
        type,
        properties: [...shape.properties].sort(),
      });
      // Every synthetic key has a length the real keys of its type have.
      for (const length of other.keyLengths)
        expect({ type, length, known: shape.keyLengths.has(length) }).toEqual({
          type,
          length,
          known: true,
        });
    }
    expect(planCounts(plan)).toEqual(
      new Map([...real].map(([type, s]) => [type, s.count])),
    );
    // The same steps, with the same dependencies.
    const summary = JSON.parse(
      await fs.readFile(
        path.join(outputDirectory(floorDirectory), 'summary.json'),
        'utf8',
      ),
    );
    expect(
      summary.integrationStepResults.map(
        (s: { id: string; dependsOn?: string[]; status: string }) => [
          s.id,
          s.dependsOn ?? [],
          s.status,
        ],
      ),
    ).toEqual(plan.steps.map((s) => [s.id, s.dependsOn, 'success']));
    // At the collection's pace: no step of the floor ends before the
    // collection's did (its clock starts a moment after the log's).
    const floorTimes = stepTimesOf(floor.output);
    for (const step of plan.steps) {
      const { endMs } = collectedTimes.get(step.id)!;
      expect({
        step: step.id,
        endedInTime: floorTimes.get(step.id)!.endMs >= endMs - 5,
      }).toEqual({ step: step.id, endedInTime: true });
    }
  } finally {
    await fs.rm(collected.workDirectory, { recursive: true, force: true });
    await fs.rm(floorDirectory, { recursive: true, force: true });
  }
}, 120_000);

test("GNU time's figures are read from its last line, after an exit-status line", () => {
  expect(
    parseTimeFigures(
      'Command exited with non-zero status 1\n1.50 0.25 204800\n',
    ),
  ).toEqual({ cpuTimeMs: 1750, peakRssBytes: 204800 * 1024 });
  expect(() => parseTimeFigures('')).toThrow(/Unreadable GNU time figures/);
});

test('a figure made several times is the median of each of its figures', () => {
  const run = (
    wall: number,
    cpu: number,
    rss: number,
    failed: string[] = [],
  ) => ({
    wallTimeMs: wall,
    cpuTimeMs: cpu,
    peakRssBytes: rss,
    requests: 446,
    entities: 10,
    relationships: 20,
    failedSteps: failed,
  });
  // Each figure's median, from whichever run has it.
  expect(
    medianRun([run(3, 30, 900), run(1, 50, 700), run(2, 40, 1100, ['x'])]),
  ).toEqual({ ...run(2, 40, 900), failedSteps: ['x'] });
  expect(medianRun([run(1, 10, 100), run(3, 30, 300)])).toEqual(
    run(2, 20, 200),
  );
  expect(medianRun([run(5, 6, 7)])).toEqual(run(5, 6, 7));
});
