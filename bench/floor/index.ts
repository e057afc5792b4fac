/**
 * The SDK floor: a synthetic integration on the same SDK and CLI that writes
 * what a real collection wrote (the same steps and dependencies, the same
 * number of entities and relationships of each type, keys of the same
 * length, the same properties) and makes no request. What it costs is what
 * the platform itself costs; the benchmark shows every run against it.
 *
 * The plan (see floorPlan.ts) is read from the file FLOOR_PLAN names. Built
 * with the package (`npm run build` → dist/bench/floor), so that no
 * TypeScript compiler runs inside the measured process.
 */
import { readFileSync } from 'fs';
import {
  createIntegrationEntity,
  Entity,
  IntegrationInvocationConfig,
  IntegrationStep,
  Relationship,
} from '@jupiterone/integration-sdk-core';

export interface FloorPlan {
  steps: FloorStep[];
}

export interface FloorStep {
  id: string;
  name: string;
  dependsOn: string[];
  types: FloorType[];
  /**
   * When the real collection ran the step, in ms after its first step
   * started (see pacedPlan): the floor then starts its writes no earlier and
   * spreads them to end with the step. Without them it writes at once.
   */
  startMs?: number;
  endMs?: number;
}

export interface FloorType {
  kind: 'entities' | 'relationships';
  type: string;
  /** One per set of property names the type's objects had. */
  shapes: FloorShape[];
}

export interface FloorShape {
  count: number;
  /** One object of the shape as the real collection wrote it. */
  sample: Record<string, unknown>;
}

/** As many objects per call as a page of the real API gives. */
const BATCH = 100;

/**
 * A key of the same length as `like`, unique for (type number, i): the end
 * of `like` is replaced by both numbers in base 36.
 */
export function floorKey(like: string, typeNumber: number, i: number): string {
  const suffix =
    typeNumber.toString(36).padStart(2, '0') + i.toString(36).padStart(6, '0');
  return like.slice(0, Math.max(0, like.length - suffix.length)) + suffix;
}

/** Property name and JSON text of each nested value of a sample. */
export type NestedTexts = [string, string][];

/**
 * A sample's nested values (raw record, mapping target, arrays; `_class`,
 * one constant per type, excepted), each as JSON text, for `ownValues`.
 */
export function nestedTexts(sample: Record<string, unknown>): NestedTexts {
  const texts: NestedTexts = [];
  for (const name in sample) {
    const value = sample[name];
    if (name !== '_class' && typeof value === 'object' && value !== null)
      texts.push([name, JSON.stringify(value)]);
  }
  return texts;
}

/**
 * One object's own nested values, as a collection has them: each record it
 * reads is parsed on its own, and JSON.parse gives every record its own
 * objects, arrays and strings (V8 shares only strings of up to 10
 * characters). Were one sample's values shared by every object of a shape,
 * the SDK would hold less than the collection hands it.
 */
export function ownValues(texts: NestedTexts): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, text] of texts) values[name] = JSON.parse(text);
  return values;
}

/** As the integration builds its entities (src/steps/entity.ts): every property assigned, the raw record kept. */
function entityOf(
  sample: Record<string, unknown>,
  texts: NestedTexts,
  key: string,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: { ...(sample as Entity), ...ownValues(texts), _key: key },
    },
  });
}

function relationshipOf(
  sample: Record<string, unknown>,
  texts: NestedTexts,
  typeNumber: number,
  i: number,
): Relationship {
  const relationship = {
    ...sample,
    ...ownValues(texts),
    _key: floorKey(String(sample._key), typeNumber, i),
  } as Relationship;
  for (const end of ['_fromEntityKey', '_toEntityKey'] as const) {
    if (typeof sample[end] === 'string')
      (relationship as Record<string, unknown>)[end] = floorKey(
        sample[end] as string,
        typeNumber,
        i,
      );
  }
  return relationship;
}

function stepOf(step: FloorStep, typeNumbers: Map<string, number>) {
  const declared = (kind: FloorType['kind']) =>
    step.types
      .filter((t) => t.kind === kind)
      .map((t) => ({
        _type: t.type,
        _class: (t.shapes[0].sample._class as string[] | string) ?? 'Entity',
        resourceName: t.type,
        ...(kind === 'relationships' ? { sourceType: '', targetType: '' } : {}),
      }));
  return {
    id: step.id,
    name: step.name,
    dependsOn: step.dependsOn,
    entities: declared('entities'),
    relationships: declared('relationships'),
    async executionHandler({ jobState }) {
      runStart ??= Date.now();
      const { startMs, endMs } = step;
      const total = step.types
        .flatMap((t) => t.shapes)
        .reduce((sum, shape) => sum + shape.count, 0);
      let done = 0;
      // Paced: what is written by now is the share of the step's time gone.
      const keepPace = async (): Promise<void> => {
        if (startMs === undefined || endMs === undefined) return;
        const share = total === 0 ? 1 : done / total;
        await sleepUntil(runStart! + startMs + (endMs - startMs) * share);
      };
      await keepPace();
      for (const type of step.types) {
        const n = typeNumbers.get(typeId(step, type))!;
        // i runs on across the shapes, so that every key is new.
        let i = 0;
        for (const { count, sample } of type.shapes) {
          const texts = nestedTexts(sample);
          for (let written = 0; written < count; ) {
            const size = Math.min(BATCH, count - written);
            if (type.kind === 'entities') {
              const batch: Entity[] = [];
              for (let k = 0; k < size; k++, i++)
                batch.push(
                  entityOf(sample, texts, floorKey(String(sample._key), n, i)),
                );
              await jobState.addEntities(batch);
            } else {
              const batch: Relationship[] = [];
              for (let k = 0; k < size; k++, i++)
                batch.push(relationshipOf(sample, texts, n, i));
              await jobState.addRelationships(batch);
            }
            written += size;
            done += size;
            await keepPace();
          }
        }
      }
    },
  } as IntegrationStep;
}

/** When the first step started: a paced floor's zero. */
let runStart: number | undefined;

function sleepUntil(time: number): Promise<void> {
  const wait = time - Date.now();
  return wait > 0
    ? new Promise((resolve) => setTimeout(resolve, wait))
    : Promise.resolve();
}

function loadPlan(): FloorPlan {
  const file = process.env.FLOOR_PLAN;
  return file ? JSON.parse(readFileSync(file, 'utf8')) : { steps: [] };
}

/** A type may be written by more than one step; each writes its own keys. */
const typeId = (step: FloorStep, t: FloorType) =>
  `${step.id}:${t.kind}:${t.type}`;

const plan = loadPlan();
const typeNumbers = new Map<string, number>();
for (const step of plan.steps)
  for (const t of step.types)
    typeNumbers.set(typeId(step, t), typeNumbers.size);

export const invocationConfig: IntegrationInvocationConfig = {
  instanceConfigFields: {},
  integrationSteps: plan.steps.map((step) => stepOf(step, typeNumbers)),
};
