import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { accountHas, finishedReading, hasKey } from '../job-state';
import { asUnavailable } from '../partial';
import { logSkipped, plural } from '../log';
import { organizationScopes } from '../organizations';
import { UserIdsByEmail } from '../users';
import { userKey } from '../users/converter';
import { adminKey, createAdminEntity } from './converter';

/**
 * The key's administrators (`GET /api/users`), each on the account of its own
 * organization — or, for a multi-tenant portal's own administrators, on every
 * collected account they administer — and linked to the user with the same
 * e-mail when there is one. When the route wants `x-org-id` (one list per
 * organization), an administrator sits on the account of each list that
 * names it. The route is undocumented: a 402, 403 or 404 fails this step
 * alone with one warning, so that its types are reported partial and the
 * platform keeps the administrators it had.
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

  /** The accounts an administrator sits on; none when not ours to collect. */
  const accountsOf = (
    entity: Entity,
    listedFor: string | undefined,
  ): Entity[] => {
    if (listedFor) return [accountsByOrganization.get(listedFor)!];
    const organizationId = entity.organizationId as string | undefined;
    const home = organizationId && accountsByOrganization.get(organizationId);
    if (home) return [home];
    if (organizationId && keyOrganizations.has(organizationId)) return [];
    // No collected home: a portal's own administrator, over every organization.
    return scopes.map((s) => s.account);
  };

  try {
    await client.iterateAdministrators(
      scopes.map((s) => s.organizationId),
      async (admin, listedFor) => {
        const entity = createAdminEntity(admin);
        if (!entity) return;
        const accounts = accountsOf(entity, listedFor);
        if (accounts.length === 0) {
          ofOtherOrganizations++;
          return;
        }
        const relationships: Relationship[] = accounts.map((account) =>
          accountHas(account, entity),
        );
        // Listed once per organization: the administrator itself is written once.
        if (!hasKey(jobState, entity._key)) {
          await jobState.addEntity(entity);
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
        }
        await jobState.addRelationships(relationships);
      },
    );
  } catch (err) {
    throw asUnavailable(err, {
      cannotRead:
        'administrators (GET /api/users, a route JumpCloud does not document)',
      notCollected: 'administrators',
      needs:
        'an administrator role that may list administrators, such as Administrator With Billing; everything else is collected',
    });
  } finally {
    await finishedReading(jobState, DataKeys.USER_IDS_BY_EMAIL, Steps.ADMINS);
  }
  logger.info(
    { linkedToUsers },
    `Linked ${plural(
      linkedToUsers,
      'administrator',
    )} to the users with the same e-mail.`,
  );
  logSkipped(logger, 'administrator', {
    ofOtherOrganizations: [
      ofOtherOrganizations,
      'of organizations that were not collected (ORG_ID names another)',
    ],
  });
}

export const adminSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ADMINS,
    ingestionSourceId: IngestionSources.ADMINISTRATORS,
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
