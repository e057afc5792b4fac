import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { accountContext, accountHas } from '../job-state';
import { Entities, Relationships, Steps } from '../constants';
import { Progress } from '../progress';
import { createUserEntity } from './converter';

export async function fetchUsers(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const { client, account, links } = await accountContext(context);
  let withoutId = 0;
  const progress = new Progress(logger, 'users read');

  await client.iterateUsers(async (user) => {
    progress.add();
    const entity = createUserEntity(user, links);
    if (!entity) {
      withoutId++;
      return;
    }
    await jobState.addEntity(entity);
    await jobState.addRelationship(accountHas(account, entity));
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
