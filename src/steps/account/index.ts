import {
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { consoleLinks, getOrCreateClient } from '../../client';
import { IntegrationConfig } from '../../config';
import { DataKeys, Entities, Steps } from '../constants';
import { createAccountEntity, selectOrganizations } from './converter';

export async function fetchAccount({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const links = consoleLinks(client.settings.region);
  const organizations = selectOrganizations(
    await client.listOrganizations(),
    client.settings,
  );
  const accounts = await jobState.addEntities(
    organizations.map((organization) =>
      createAccountEntity(organization, links),
    ),
  );
  await jobState.setData(DataKeys.ACCOUNT_ENTITIES, accounts);
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
