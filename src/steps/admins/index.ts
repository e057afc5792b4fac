import {
  createDirectRelationship,
  IntegrationProviderAPIError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { DataKeys, Entities, Relationships, Steps } from '../constants';
import { accountHas } from '../job-state';
import { organizationScopes } from '../organizations';
import { UserIdsByEmail } from '../users';
import { userKey } from '../users/converter';
import { adminKey, createAdminEntity } from './converter';

/**
 * The key's administrators (`GET /api/users`), each on the account of its own
 * organization — or, for a multi-tenant portal's own administrators, on every
 * collected account they administer — and linked to the user with the same
 * e-mail when there is one. The route is undocumented: a 403 or 404 skips it
 * with one warning and the rest of the graph is unaffected.
 */
export async function fetchAdmins(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const { client, scopes } = await organizationScopes(context);
  const accountsByOrganization = new Map(
    scopes.map((s) => [s.organizationId, s.account]),
  );
  // The key's organizations, collected or not: an administrator of one that
  // was not collected (ORG_ID names another) belongs to none of our accounts.
  const keyOrganizations = new Set(
    (await client.listOrganizations()).map((org) => org._id ?? org.id),
  );
  const userIdsByEmail =
    (await jobState.getData<UserIdsByEmail>(DataKeys.USER_IDS_BY_EMAIL)) ?? {};
  let linkedToUsers = 0;
  let ofOtherOrganizations = 0;

  try {
    await client.iterateAdministrators(async (admin) => {
      const entity = createAdminEntity(admin);
      if (!entity) return;
      const organizationId = entity.organizationId as string | undefined;
      const home = organizationId && accountsByOrganization.get(organizationId);
      if (!home && organizationId && keyOrganizations.has(organizationId)) {
        ofOtherOrganizations++;
        return;
      }
      await jobState.addEntity(entity);

      // No collected home: a portal's own administrator, over every organization.
      const relationships: Relationship[] = (
        home ? [home] : scopes.map((s) => s.account)
      ).map((account) => accountHas(account, entity));
      for (const userId of userIdsByEmail[entity.email as string] ?? []) {
        relationships.push(
          createDirectRelationship({
            _class: RelationshipClass.IS,
            fromType: Entities.ADMIN._type,
            fromKey: adminKey(entity.id as string),
            toType: Entities.USER._type,
            toKey: userKey(userId),
          }),
        );
        linkedToUsers++;
      }
      await jobState.addRelationships(relationships);
    });
  } catch (err) {
    if (
      err instanceof IntegrationProviderAPIError &&
      (err.status === 403 || err.status === 404)
    ) {
      logger.warn(
        { status: err.status, endpoint: err.endpoint },
        `Administrators were not collected: JumpCloud answered ${err.status} to ${err.endpoint} ` +
          (err.status === 403
            ? '(the API key’s administrator role may not list administrators).'
            : '(this undocumented route is not available to this key).') +
          ' Everything else is collected.',
      );
      return;
    }
    throw err;
  }
  logger.info(
    { linkedToUsers },
    `Linked ${linkedToUsers} administrators to the users with their e-mail.`,
  );
  if (ofOtherOrganizations > 0) {
    logger.info(
      { ofOtherOrganizations },
      `Skipped ${ofOtherOrganizations} administrators of organizations that were not collected.`,
    );
  }
}

export const adminSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ADMINS,
    name: 'Fetch Administrators',
    entities: [Entities.ADMIN],
    relationships: [
      Relationships.ACCOUNT_HAS_ADMIN,
      Relationships.ADMIN_IS_USER,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.USERS],
    executionHandler: fetchAdmins,
  },
];
