import {
  createDirectRelationship,
  Entity,
  JobState,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { DataKeys } from './constants';

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
