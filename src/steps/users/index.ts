import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { consoleLinks, getOrCreateClient } from '../../client';
import { IntegrationConfig } from '../../config';
import { getAccountEntity } from '../job-state';
import { Entities, Relationships, Steps } from '../constants';
import { createUserEntity } from './converter';

export async function fetchUsers({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const account = await getAccountEntity(jobState);
  const links = consoleLinks(client.settings.region);
  let withoutId = 0;

  await client.iterateUsers(async (user) => {
    const entity = createUserEntity(user, links);
    if (!entity) {
      withoutId++;
      return;
    }
    await jobState.addEntity(entity);
    await jobState.addRelationship(
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        fromType: Entities.ACCOUNT._type,
        fromKey: account._key,
        toType: Entities.USER._type,
        toKey: entity._key,
      }),
    );
  });

  if (withoutId > 0) {
    logger.warn(
      { withoutId },
      `Skipped ${withoutId} user records without an id.`,
    );
  }
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS,
    name: 'Fetch Users',
    entities: [Entities.USER],
    relationships: [Relationships.ACCOUNT_HAS_USER],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchUsers,
  },
];
