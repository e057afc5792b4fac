import * as path from 'path';
import { forEachGraphObject, readSummary } from '../report/collections';
import { FloorPlan, FloorShape, FloorType } from './floor';

/** When a step ran, in ms after the collection's first step started. */
export interface StepTime {
  startMs: number;
  endMs: number;
}

/**
 * The SDK's "Starting step" and "Completed step" log lines, each with its
 * time (colours or not).
 */
const STEP_LINE =
  /(\d\d):(\d\d):(\d\d(?:\.\d+)?)Z\s+INFO\b.*?\b(Starting|Completed) step "[^"]*".*?\(stepId=([^)\s,]+)/;

/**
 * When each step of a collection ran, read from its log: what the SDK floor
 * replays to cost the platform at the collection's pace.
 */
export function stepTimesOf(log: string): Map<string, StepTime> {
  const times = new Map<string, StepTime>();
  let zero: number | undefined;
  // Colour codes start with ESC, a control character by definition.
  // eslint-disable-next-line no-control-regex
  for (const line of log.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const m = STEP_LINE.exec(line);
    if (!m) continue;
    const [, hours, minutes, secondsText, what, stepId] = m;
    const ms = ((+hours * 60 + +minutes) * 60 + +secondsText) * 1000;
    zero ??= ms;
    // A run that passes midnight: its later times are on the next day.
    const at = Math.round(ms < zero ? ms + 86_400_000 - zero : ms - zero);
    const time = times.get(stepId) ?? { startMs: at, endMs: at };
    if (what === 'Starting') time.startMs = at;
    else time.endMs = at;
    times.set(stepId, time);
  }
  return times;
}

/** The plan, each step to be run when it ran in the collection. */
export function pacedPlan(
  plan: FloorPlan,
  times: Map<string, StepTime>,
): FloorPlan {
  return {
    steps: plan.steps.map((step) => ({ ...step, ...times.get(step.id) })),
  };
}

/**
 * What the SDK floor writes, taken from a real collection: its steps and
 * their dependencies, and per step each type it wrote and, for each set of
 * property names its objects had, how many and one of them as written.
 */
export async function floorPlanOf(collectionRoot: string): Promise<FloorPlan> {
  const summary = await readSummary(collectionRoot);
  if (!summary) throw new Error(`No summary.json in ${collectionRoot}`);
  const graph = path.join(collectionRoot, 'graph');
  const steps: FloorPlan['steps'] = [];
  for (const result of summary.integrationStepResults) {
    const types = new Map<string, FloorType>();
    for (const kind of ['entities', 'relationships'] as const) {
      const shapes = new Map<string, FloorShape>();
      await forEachGraphObject(path.join(graph, result.id), kind, (o) => {
        let type = types.get(`${kind}:${o._type}`);
        if (!type) {
          type = { kind, type: o._type, shapes: [] };
          types.set(`${kind}:${o._type}`, type);
        }
        const names = `${o._type} ${Object.keys(o).sort().join(' ')}`;
        const known = shapes.get(names);
        if (known) known.count++;
        else {
          const shape = { count: 1, sample: o as Record<string, unknown> };
          shapes.set(names, shape);
          type.shapes.push(shape);
        }
      });
    }
    steps.push({
      id: result.id,
      name: result.name,
      dependsOn: result.dependsOn ?? [],
      types: [...types.values()],
    });
  }
  return { steps };
}

/** Objects per type in a plan, to compare a floor's collection with it. */
export function planCounts(plan: FloorPlan): Map<string, number> {
  const counts = new Map<string, number>();
  for (const step of plan.steps)
    for (const t of step.types)
      for (const shape of t.shapes)
        counts.set(t.type, (counts.get(t.type) ?? 0) + shape.count);
  return counts;
}
