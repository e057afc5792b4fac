import {
  createDirectRelationship,
  Entity,
  JobState,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { DataKeys } from './constants';

/**
 * Relationships a step builds in bulk are written this many at a time: the
 * SDK's buffer size, so that each flush writes whole graph files.
 */
const WRITE_BATCH = 500;

/**
 * The account entities fetch-account stored, one per collected organization.
 * Steps that depend on it run even when fetch-account failed (the SDK still
 * runs dependents), so say so plainly instead of failing on a null.
 */
export async function getAccountEntities(
  jobState: JobState,
): Promise<Entity[]> {
  const accounts = await jobState.getData<Entity[]>(DataKeys.ACCOUNT_ENTITIES);
  if (!accounts?.length) {
    throw new Error(
      'No JumpCloud account was collected (fetch-account failed), so nothing can be attached to one.',
    );
  }
  return accounts;
}

/**
 * Stores data that `readers` (step ids) read and nothing needs after them:
 * the last of them to call finishedReading lets it go, instead of the data
 * living to the end of the run. A reader that does not run (its source
 * switched off) never finishes: the data then stays, which costs memory,
 * never a result.
 */
export async function setSharedData(
  jobState: JobState,
  key: string,
  data: unknown,
  readers: readonly string[],
): Promise<void> {
  await jobState.setData(key, data);
  await jobState.setData(readersLeftKey(key), new Set(readers));
}

/** `reader` is done with the data at `key`; the last reader deletes it. */
export async function finishedReading(
  jobState: JobState,
  key: string,
  reader: string,
): Promise<void> {
  const left = await jobState.getData<Set<string>>(readersLeftKey(key));
  if (!left) return;
  // One set shared by the readers, changed and checked in one turn: two
  // readers finishing together cannot both miss being last.
  left.delete(reader);
  if (left.size === 0) {
    await jobState.deleteData(key);
    await jobState.deleteData(readersLeftKey(key));
  }
}

function readersLeftKey(key: string): string {
  return `${key}:readers-left`;
}

/** account HAS entity, from keys. */
export function accountHas(
  account: Entity,
  entity: { _key: string; _type: string },
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromType: account._type,
    fromKey: account._key,
    toType: entity._type,
    toKey: entity._key,
  });
}

/**
 * Whether an entity or relationship with this key was collected. SDK 8.41
 * answers synchronously from memory (its type also allows a promise, for later
 * SDKs); relationship steps rely on that to stay free of disk reads.
 */
export function hasKey(jobState: JobState, key: string): boolean {
  const answer = jobState.hasKey(key);
  if (typeof answer !== 'boolean') {
    throw new Error(
      'jobState.hasKey answered asynchronously: this integration needs SDK 8.41.',
    );
  }
  return answer;
}

/**
 * Writes what a step builds WRITE_BATCH objects at a time instead of one by
 * one: fewer and fuller graph files, and less work per object. What is
 * pending is not yet known to `jobState.hasKey`, so a step flushes before it
 * looks up its own keys, and always at its end (in a `finally`, so that what
 * was read before a failure is kept).
 */
export class GraphWriter {
  private entities: Entity[] = [];
  private readonly pendingEntityKeys = new Set<string>();
  private relationships: Relationship[] = [];

  constructor(private readonly jobState: JobState) {}

  /** Whether an entity with this key is written or about to be. */
  hasEntity(key: string): boolean {
    return this.pendingEntityKeys.has(key) || hasKey(this.jobState, key);
  }

  async addEntity(entity: Entity): Promise<void> {
    this.entities.push(entity);
    this.pendingEntityKeys.add(entity._key);
    if (this.entities.length >= WRITE_BATCH) await this.flushEntities();
  }

  async addRelationships(relationships: Relationship[]): Promise<void> {
    for (const relationship of relationships)
      this.relationships.push(relationship);
    if (this.relationships.length >= WRITE_BATCH)
      await this.flushRelationships();
  }

  async addRelationship(relationship: Relationship): Promise<void> {
    await this.addRelationships([relationship]);
  }

  async flush(): Promise<void> {
    await this.flushEntities();
    await this.flushRelationships();
  }

  private async flushEntities(): Promise<void> {
    const batch = this.entities;
    this.entities = [];
    if (batch.length === 0) return;
    try {
      await this.jobState.addEntities(batch);
    } finally {
      for (const entity of batch) this.pendingEntityKeys.delete(entity._key);
    }
  }

  private async flushRelationships(): Promise<void> {
    const batch = this.relationships;
    this.relationships = [];
    if (batch.length > 0) await this.jobState.addRelationships(batch);
  }
}
