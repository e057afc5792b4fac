import {
  IntegrationExecutionContext,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { getOrCreateClient } from './client';
import { IntegrationConfig } from './config';
import { plural } from './steps/log';
import {
  describeOrganizations,
  selectOrganizations,
} from './steps/account/converter';

/**
 * Checks the configuration and proves the key with cheap calls, failing in
 * seconds: a refused key is never retried, and the calls get few attempts.
 * Without ORG_ID, one organization's route is asked without `x-org-id`: a
 * multi-tenant portal's key refuses that even when it lists one
 * organization, and the user must be told to set ORG_ID, not to check the key.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const client = getOrCreateClient(context.instance.config, context.logger);
  const listed = await client.listOrganizations();
  const organizations = selectOrganizations(listed, client.settings);
  const { orgId, allOrganizations } = client.settings;
  if (
    !orgId &&
    !allOrganizations &&
    !(await client.readsWithoutOrganization())
  ) {
    throw new IntegrationValidationError(
      `This API key belongs to a multi-tenant (MSP) portal: JumpCloud answered "no organization selected" when asked without an organization. ` +
        `Set orgId (ORG_ID) to the organization to collect, or to "all". ${describeOrganizations(
          listed,
        )}`,
    );
  }
  context.logger.info(
    {
      organizationIds: organizations.map((org) => org._id ?? org.id),
      region: client.settings.region,
      apiBaseUrl: client.settings.apiBaseUrl,
    },
    `JumpCloud API key accepted; collecting ${plural(
      organizations.length,
      'organization',
    )}.`,
  );
}
