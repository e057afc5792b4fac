import {
  createDirectRelationship,
  Entity,
  IntegrationStepExecutionContext,
  JobState,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { consoleLinks, getOrCreateClient } from '../client';
import { IntegrationConfig } from '../config';
import { DataKeys } from './constants';

/**
 * What a step that attaches things to the account starts with: the run's
 * client, the account entity and console links for the configured region.
 */
export async function accountContext({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>) {
  const client = getOrCreateClient(instance.config, logger);
  const account = await getAccountEntity(jobState);
  return { client, account, links: consoleLinks(client.settings.region) };
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
 * The account entity fetch-account stored. Steps that depend on it run even
 * when fetch-account failed (the SDK still runs dependents), so say so plainly
 * instead of failing on a null.
 */
export async function getAccountEntity(jobState: JobState): Promise<Entity> {
  const account = await jobState.getData<Entity>(DataKeys.ACCOUNT_ENTITY);
  if (!account) {
    throw new Error(
      'The JumpCloud account was not collected (fetch-account failed), so nothing can be attached to it.',
    );
  }
  return account;
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
