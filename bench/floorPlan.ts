import * as path from 'path';
import { forEachGraphObject, readSummary } from '../report/collections';
import { FloorPlan, FloorShape, FloorType } from './floor';

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
