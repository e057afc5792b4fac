import { IntegrationExecutionContext } from '@jupiterone/integration-sdk-core';
import { getOrCreateClient } from './client';
import { IntegrationConfig } from './config';
import { selectOrganizations } from './steps/account/converter';

/**
 * Checks the configuration and proves the key with one cheap call, failing in
 * seconds: a refused key is never retried, and the call gets few attempts.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const client = getOrCreateClient(context.instance.config, context.logger);
  const organizations = selectOrganizations(
    await client.listOrganizations(),
    client.settings,
  );
  context.logger.info(
    {
      organizationIds: organizations.map((org) => org._id ?? org.id),
      region: client.settings.region,
      apiBaseUrl: client.settings.apiBaseUrl,
    },
    `JumpCloud API key accepted; collecting ${organizations.length} organization(s).`,
  );
}
