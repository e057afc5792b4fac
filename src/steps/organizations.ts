import {
  Entity,
  IntegrationError,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import {
  consoleLinks,
  ConsoleLinks,
  getOrCreateClient,
  JumpCloudClient,
  OrganizationClient,
} from '../client';
import { IntegrationConfig } from '../config';
import { forEachConcurrently } from './concurrency';
import { getAccountEntities } from './job-state';

/** Organizations collected at the same time, at most (the client's limiter still bounds requests). */
const ORGANIZATION_CONCURRENCY = 4;

/** One collected organization: its account entity and its scoped API. */
export interface OrganizationScope {
  organizationId: string;
  account: Entity;
  api: OrganizationClient;
  links: ConsoleLinks;
}

/** The run's client and every organization fetch-account collected. */
export async function organizationScopes(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<{ client: JumpCloudClient; scopes: OrganizationScope[] }> {
  const client = getOrCreateClient(context.instance.config, context.logger);
  const links = consoleLinks(client.settings.region);
  const scopes = (await getAccountEntities(context.jobState)).map((account) => {
    const organizationId = account.id as string;
    return {
      organizationId,
      account,
      api: client.forOrganization(organizationId),
      links,
    };
  });
  return { client, scopes };
}

/**
 * Runs `work` for each collected organization, a few at a time. One
 * organization's failure does not stop the others: it is logged with the
 * organization's name, and the first failure is thrown once all are done, so
 * the step reports its types partial while every other organization's data is
 * written.
 */
export async function forEachOrganization(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
  work: (scope: OrganizationScope, client: JumpCloudClient) => Promise<void>,
): Promise<void> {
  const { client, scopes } = await organizationScopes(context);
  if (scopes.length === 1) return work(scopes[0], client);

  let failure: unknown;
  await forEachConcurrently(scopes, ORGANIZATION_CONCURRENCY, async (scope) => {
    try {
      await work(scope, client);
    } catch (err) {
      failure ??= err;
      context.logger.warn(
        { organizationId: scope.organizationId, err },
        `Organization ${scope.account.name} (${
          scope.organizationId
        }) was not completely collected: ${(err as Error).message}`,
      );
      // A revoked key fails every organization alike: stop at once.
      if (err instanceof IntegrationError && err.fatal) throw err;
    }
  });
  if (failure) throw failure;
}
