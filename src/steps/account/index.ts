import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { consoleLinks, getOrCreateClient } from '../../client';
import { IntegrationConfig } from '../../config';
import { DataKeys, Entities, Steps } from '../constants';
import { createAccountEntity, selectOrganization } from './converter';

export async function fetchAccount({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const organization = selectOrganization(
    await client.listOrganizations(),
    client.settings.orgId,
  );
  const account = await jobState.addEntity(
    createAccountEntity(organization, consoleLinks(client.settings.region)),
  );
  await jobState.setData(DataKeys.ACCOUNT_ENTITY, account);
}

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACCOUNT,
    name: 'Fetch Account',
    entities: [Entities.ACCOUNT],
    relationships: [],
    executionHandler: fetchAccount,
  },
];
