import {
  createDirectRelationship,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { GraphObjectWithPaths } from '../../client';
import { IntegrationConfig } from '../../config';
import { forEachConcurrently } from '../concurrency';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { accountHas, GraphWriter, hasKey } from '../job-state';
import { forEachOrganization } from '../organizations';
import { asUnavailable, missingPermission } from '../partial';
import { logSkipped, plural } from '../log';
import { Progress } from '../progress';
import { userKey } from '../users/converter';
import {
  createDeviceEntity,
  deviceKey,
  usesDeviceProperties,
} from './converter';

/**
 * Every system (device) of every collected organization, on its account, and
 * user USES device for each user bound to it, directly or through a group:
 * JumpCloud's own traversal, with the rights its paths compile to (sudo,
 * sudo without a password), whether a direct binding is among them, and
 * how many paths there are.
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
  const skipped = {
    withoutId: 0,
    usersNotCollected: 0,
    devicesNotCollected: 0,
    otherTargets: 0,
    deleted: 0,
  };
  let forbidden: IntegrationProviderAuthorizationError | undefined;
  let bindings = 0;
  const deviceIdsByOrganization: Record<string, string[]> = {};
  const writer = new GraphWriter(jobState);

  try {
    await forEachOrganization(
      context,
      async ({ api, account, links, organizationId }, client) => {
        const systemIds: string[] = (deviceIdsByOrganization[organizationId] =
          []);
        const progress = new Progress(logger, 'devices read');
        try {
          await api.iterateSystems(async (system) => {
            progress.add();
            const entity = createDeviceEntity(system, links);
            if (!entity) {
              skipped.withoutId++;
              return;
            }
            await writer.addEntity(entity);
            await writer.addRelationship(accountHas(account, entity));
            systemIds.push(entity.id as string);
          });
        } catch (err) {
          throw asUnavailable(err, {
            cannotRead: 'devices (systems)',
            notCollected: 'devices and who uses them',
            needs: 'the administrator role needs read access to Devices',
          });
        }

        // The devices are looked up by key from here on.
        await writer.flush();
        const userIds = userIdsByOrganization[organizationId] ?? [];
        const bySystem = systemIds.length <= userIds.length;
        const edge = (
          userId: string,
          systemId: string,
          row: GraphObjectWithPaths,
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
            properties: usesDeviceProperties(row),
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
            let rows: GraphObjectWithPaths[] | undefined;
            try {
              rows = bySystem
                ? await api.listSystemUsers(id)
                : await api.listUserSystems(id);
            } catch (err) {
              if (err instanceof IntegrationProviderAuthorizationError) {
                forbidden ??= err;
                return;
              }
              throw err;
            }
            if (!rows) {
              // Deleted between the lists: nothing bound any more.
              skipped.deleted++;
              return;
            }
            const edges: Relationship[] = [];
            for (const row of rows) {
              const expected = bySystem ? 'user' : 'system';
              if (row?.type !== expected) {
                skipped.otherTargets++;
                continue;
              }
              const [userId, systemId] = bySystem ? [row.id, id] : [id, row.id];
              if (!hasKey(jobState, deviceKey(systemId))) {
                skipped.devicesNotCollected++;
                continue;
              }
              const relationship = edge(userId, systemId, row);
              if (relationship) edges.push(relationship);
            }
            await writer.addRelationships(edges);
            bindings += edges.length;
            bindingProgress.add();
          },
        );
      },
    );
  } finally {
    // Kept even when an organization failed: device groups link to these.
    await jobState.setData(
      DataKeys.DEVICE_IDS_BY_ORGANIZATION,
      deviceIdsByOrganization,
    );
    // Last: a write that fails must not cost later steps this data.
    await writer.flush();
  }

  logger.info(
    { bindings, skipped },
    `Built ${plural(bindings, 'user USES device relationship')}.`,
  );
  logSkipped(
    logger,
    ['device record or binding', 'device records and bindings'],
    {
      withoutId: [skipped.withoutId, 'device records without an id'],
      usersNotCollected: [
        skipped.usersNotCollected,
        'bindings to users that were not collected (deleted since the user list was read)',
      ],
      devicesNotCollected: [
        skipped.devicesNotCollected,
        'bindings to devices that were not collected (added since the device list was read)',
      ],
      otherTargets: [
        skipped.otherTargets,
        'bindings to another kind of object than a user or device',
      ],
      deleted: [
        skipped.deleted,
        'devices or users deleted while their bindings were read',
      ],
    },
  );
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
    ingestionSourceId: IngestionSources.DEVICES,
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
