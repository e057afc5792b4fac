import {
  Entity,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { createMockJobState } from '@jupiterone/integration-sdk-testing';
import { finishedReading, GraphWriter, setSharedData } from './job-state';

/** A jobState that records each write call and knows the keys written. */
function recordingJobState() {
  const keys = new Set<string>();
  const calls: { kind: 'entities' | 'relationships'; size: number }[] = [];
  const jobState = {
    hasKey: (key: string) => keys.has(key),
    addEntities: (entities: Entity[]) => {
      calls.push({ kind: 'entities', size: entities.length });
      for (const e of entities) keys.add(e._key);
      return Promise.resolve(entities);
    },
    addRelationships: (relationships: Relationship[]) => {
      calls.push({ kind: 'relationships', size: relationships.length });
      for (const r of relationships) keys.add(r._key);
      return Promise.resolve();
    },
  } as unknown as JobState;
  return { jobState, calls, keys };
}

const entity = (i: number) =>
  ({ _key: `entity-key-${i}`, _type: 't', _class: ['Entity'] } as Entity);
const relationship = (i: number) =>
  ({
    _key: `relationship-key-${i}`,
    _type: 'r',
    _class: 'HAS',
  } as Relationship);

test('writes 500 at a time and the rest on flush, losing nothing', async () => {
  const { jobState, calls, keys } = recordingJobState();
  const writer = new GraphWriter(jobState);
  for (let i = 0; i < 1_234; i++) await writer.addEntity(entity(i));
  for (let i = 0; i < 700; i++) await writer.addRelationship(relationship(i));
  expect(calls).toEqual([
    { kind: 'entities', size: 500 },
    { kind: 'entities', size: 500 },
    { kind: 'relationships', size: 500 },
  ]);
  await writer.flush();
  expect(calls.slice(3)).toEqual([
    { kind: 'entities', size: 234 },
    { kind: 'relationships', size: 200 },
  ]);
  expect(keys.size).toBe(1_234 + 700);
  await writer.flush();
  expect(calls).toHaveLength(5);
});

test('hasEntity knows the pending entities and those written', async () => {
  const { jobState } = recordingJobState();
  const writer = new GraphWriter(jobState);
  await writer.addEntity(entity(1));
  expect(jobState.hasKey('entity-key-1')).toBe(false);
  expect(writer.hasEntity('entity-key-1')).toBe(true);
  expect(writer.hasEntity('entity-key-2')).toBe(false);
  await writer.flush();
  expect(writer.hasEntity('entity-key-1')).toBe(true);
});

describe('data shared by several readers', () => {
  test('is let go when the last reader finishes, whichever it is', async () => {
    for (const order of [
      ['people', 'admins'],
      ['admins', 'people'],
    ]) {
      const jobState = createMockJobState();
      await setSharedData(jobState, 'by-email', { 'a@b.c': ['1'] }, [
        'people',
        'admins',
      ]);
      await finishedReading(jobState, 'by-email', order[0]);
      expect(await jobState.getData('by-email')).toEqual({ 'a@b.c': ['1'] });
      await finishedReading(jobState, 'by-email', order[1]);
      expect(await jobState.getData('by-email')).toBeUndefined();
    }
  });

  test('two readers finishing at the same time: the data still goes', async () => {
    const jobState = createMockJobState();
    await setSharedData(jobState, 'by-email', {}, ['people', 'admins']);
    await Promise.all([
      finishedReading(jobState, 'by-email', 'people'),
      finishedReading(jobState, 'by-email', 'admins'),
    ]);
    expect(await jobState.getData('by-email')).toBeUndefined();
  });

  test('a reader that never runs: the data stays for the others', async () => {
    const jobState = createMockJobState();
    await setSharedData(jobState, 'by-email', { x: ['1'] }, [
      'people',
      'admins',
    ]);
    await finishedReading(jobState, 'by-email', 'people');
    expect(await jobState.getData('by-email')).toEqual({ x: ['1'] });
  });
});
