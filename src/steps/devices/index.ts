import {
  createDirectRelationship,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { forEachConcurrently } from '../concurrency';
import { DataKeys, Entities, Relationships, Steps } from '../constants';
import { accountHas, hasKey } from '../job-state';
import { forEachOrganization } from '../organizations';
import { missingPermission } from '../permissions';
import { Progress } from '../progress';
import { userKey } from '../users/converter';
import { createDeviceEntity, deviceKey } from './converter';

/**
 * Every system (device) of every collected organization, on its account, and
 * user USES device for each user bound to it, directly or through a group.
 * A binding can be read from either side; the side with fewer objects needs
 * fewer requests, so that is the side asked.
 */
export async function fetchDevices(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const userIdsByOrganization =
    (await jobState.getData<Record<string, string[]>>(
      DataKeys.USER_IDS_BY_ORGANIZATION,
    )) ?? {};
  const skipped = { withoutId: 0, usersNotCollected: 0, notUsers: 0 };
  let forbidden: IntegrationProviderAuthorizationError | undefined;
  let bindings = 0;

  await forEachOrganization(
    context,
    async ({ api, account, links, organizationId }, client) => {
      const systemIds: string[] = [];
      const progress = new Progress(logger, 'devices read');
      await api.iterateSystems(async (system) => {
        progress.add();
        const entity = createDeviceEntity(system, links);
        if (!entity) {
          skipped.withoutId++;
          return;
        }
        await jobState.addEntity(entity);
        await jobState.addRelationship(accountHas(account, entity));
        systemIds.push(entity.id as string);
      });

      const userIds = userIdsByOrganization[organizationId] ?? [];
      const bySystem = systemIds.length <= userIds.length;
      const edge = (
        userId: string,
        systemId: string,
      ): Relationship | undefined => {
        if (!hasKey(jobState, userKey(userId))) {
          skipped.usersNotCollected++;
          return undefined;
        }
        return createDirectRelationship({
          _class: RelationshipClass.USES,
          fromType: Entities.USER._type,
          fromKey: userKey(userId),
          toType: Entities.DEVICE._type,
          toKey: deviceKey(systemId),
        });
      };
      const bindingProgress = new Progress(
        logger,
        bySystem
          ? 'devices read with their users'
          : 'users read with their devices',
        () => (bySystem ? systemIds.length : userIds.length),
      );

      await forEachConcurrently(
        bySystem ? systemIds : userIds,
        client.settings.maxConcurrentRequests,
        async (id) => {
          if (forbidden) return;
          const edges: Relationship[] = [];
          const keep = (relationship: Relationship | undefined) => {
            if (relationship) edges.push(relationship);
          };
          try {
            if (bySystem) {
              await api.iterateSystemUsers(id, (row) => {
                if (row?.type === 'user') keep(edge(row.id, id));
                else skipped.notUsers++;
              });
            } else {
              await api.iterateUserSystems(id, (row) => {
                if (
                  row?.type === 'system' &&
                  hasKey(jobState, deviceKey(row.id))
                )
                  keep(edge(id, row.id));
              });
            }
          } catch (err) {
            if (err instanceof IntegrationProviderAuthorizationError) {
              forbidden ??= err;
              return;
            }
            // Deleted between the lists: nothing bound any more.
            if (
              err instanceof IntegrationProviderAPIError &&
              err.status === 404
            )
              return;
            throw err;
          }
          await jobState.addRelationships(edges);
          bindings += edges.length;
          bindingProgress.add();
        },
      );
    },
  );

  logger.info(
    { bindings, skipped },
    `Built ${bindings} user USES device relationships.`,
  );
  if (skipped.usersNotCollected + skipped.notUsers > 0) {
    logger.info(
      { skipped },
      `Skipped ${
        skipped.usersNotCollected + skipped.notUsers
      } device bindings: ${
        skipped.usersNotCollected
      } to users that were not collected, ${skipped.notUsers} not to users.`,
    );
  }
  if (forbidden) {
    throw missingPermission(forbidden.endpoint, {
      cannotRead: 'which users are bound to devices',
      notCollected: 'user USES device relationships',
      needs: 'the administrator role needs read access to Devices',
      resourceType: [Relationships.USER_USES_DEVICE._type],
    });
  }
}

export const deviceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DEVICES,
    name: 'Fetch Devices',
    entities: [Entities.DEVICE],
    relationships: [
      Relationships.ACCOUNT_HAS_DEVICE,
      Relationships.USER_USES_DEVICE,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.USERS],
    executionHandler: fetchDevices,
  },
];
