import {
  createDirectRelationship,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { GraphConnection, JumpCloudSystemGroup } from '../../client';
import { IntegrationConfig } from '../../config';
import { forEachConcurrently } from '../concurrency';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { deviceKey, sudoRights } from '../devices/converter';
import { groupKey } from '../groups/converter';
import { accountHas, GraphWriter, hasKey } from '../job-state';
import { logSkipped, plural } from '../log';
import { forEachOrganization } from '../organizations';
import {
  asUnavailable,
  isFatal,
  unreadItemsError,
  missingPermission,
} from '../partial';
import { Progress } from '../progress';
import { userKey } from '../users/converter';
import { createDeviceGroupEntity, deviceGroupKey } from './converter';

type IdsByOrganization = Record<string, string[]>;

/**
 * Device (system) groups with their direct members: device group HAS device
 * for each member that was collected as a device. A group deleted while it
 * was read is left out; member lists that cannot be read fail this step
 * alone, after every group is written.
 */
export async function fetchDeviceGroups(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const idsByOrganization: IdsByOrganization = {};
  const writer = new GraphWriter(jobState);
  const skipped = {
    withoutId: 0,
    deleted: 0,
    devicesNotCollected: 0,
    notDevices: 0,
  };
  let groupCount = 0;
  let unread:
    | { error: Error & { endpoint?: string }; count: number }
    | undefined;

  try {
    await forEachOrganization(
      context,
      async ({ api, account, links, organizationId }, client) => {
        const groups: JumpCloudSystemGroup[] = [];
        try {
          await api.iterateSystemGroups((group) => {
            groups.push(group);
          });
        } catch (err) {
          throw asUnavailable(err, {
            cannotRead: 'device groups (system groups)',
            notCollected: 'device groups, their members and their bindings',
            needs: 'the administrator role needs read access to Device Groups',
          });
        }
        groupCount += groups.length;
        const ids: string[] = (idsByOrganization[organizationId] = []);
        const progress = new Progress(
          logger,
          'device groups read with their members',
          () => groups.length,
        );
        let fatal: unknown;
        // One 403 says the key may not read this organization's member lists.
        let forbidden = false;

        await forEachConcurrently(
          groups,
          client.settings.maxConcurrentRequests,
          async (group) => {
            let members: GraphConnection[] | undefined;
            let read = false;
            if (!fatal && !forbidden && group.id) {
              try {
                members = await api.listSystemGroupMembers(group.id);
                if (!members) {
                  skipped.deleted++;
                  return;
                }
                read = true;
              } catch (err) {
                if (isFatal(err)) fatal ??= err;
                forbidden ||=
                  err instanceof IntegrationProviderAuthorizationError;
                unread ??= { error: err as Error, count: 0 };
              }
            }
            progress.add();

            const deviceIds = new Set<string>();
            for (const member of members ?? []) {
              if (member?.to?.type === 'system' && member.to.id) {
                deviceIds.add(member.to.id);
              } else {
                skipped.notDevices++;
              }
            }
            const entity = createDeviceGroupEntity(
              group,
              read ? deviceIds.size : undefined,
              links,
            );
            if (!entity) {
              skipped.withoutId++;
              return;
            }
            if (!read && unread) unread.count++;
            ids.push(entity.id as string);
            await writer.addEntity(entity);
            const edges: Relationship[] = [accountHas(account, entity)];
            for (const deviceId of deviceIds) {
              if (!hasKey(jobState, deviceKey(deviceId))) {
                skipped.devicesNotCollected++;
                continue;
              }
              edges.push(
                createDirectRelationship({
                  _class: RelationshipClass.HAS,
                  fromType: Entities.DEVICE_GROUP._type,
                  fromKey: entity._key,
                  toType: Entities.DEVICE._type,
                  toKey: deviceKey(deviceId),
                }),
              );
            }
            await writer.addRelationships(edges);
          },
        );
        if (fatal) throw fatal;
      },
    );
  } finally {
    await jobState.setData(
      DataKeys.DEVICE_GROUP_IDS_BY_ORGANIZATION,
      idsByOrganization,
    );
    // Last: a write that fails must not cost later steps this data.
    await writer.flush();
  }

  logSkipped(
    logger,
    ['device group record or member', 'device group records and members'],
    {
      withoutId: [skipped.withoutId, 'device group records without an id'],
      deleted: [
        skipped.deleted,
        'device groups deleted while they were read (the member list and the group itself answered 404)',
      ],
      devicesNotCollected: [
        skipped.devicesNotCollected,
        'members that are not in the collected device list (added since it was read)',
      ],
      notDevices: [skipped.notDevices, 'members of another kind than a device'],
    },
  );
  if (unread) {
    throw unreadItemsError(unread, groupCount, {
      permission: {
        cannotRead: 'device group members',
        notCollected: 'device group memberships',
        needs:
          'the administrator role needs read access to Device Groups; devices were collected',
      },
      what: "device groups' member lists",
      notCollected: 'Device group memberships',
      kept: 'Devices and device groups (without member counts where unknown)',
    });
  }
}

/**
 * Who is bound to which devices, directly: user group ASSIGNED device group
 * and user ASSIGNED device group (read per device group), and user group
 * ASSIGNED device (read per user group or per device, whichever side has
 * fewer objects), each with the sudo rights of the binding. Effective access
 * through all these paths is user USES device, from fetch-devices.
 */
export async function buildDeviceBindingRelationships(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const [deviceGroups, userGroups, devices] = await Promise.all(
    [
      DataKeys.DEVICE_GROUP_IDS_BY_ORGANIZATION,
      DataKeys.USER_GROUP_IDS_BY_ORGANIZATION,
      DataKeys.DEVICE_IDS_BY_ORGANIZATION,
    ].map(
      async (key) => (await jobState.getData<IdsByOrganization>(key)) ?? {},
    ),
  );
  const skipped = { notCollected: 0, otherTargets: 0, deleted: 0 };
  let forbidden: IntegrationProviderAuthorizationError | undefined;
  let built = 0;

  /** An ASSIGNED edge from a binding's other end, when it was collected. */
  const binding = (
    connection: GraphConnection,
    to: { _type: string; _key: string },
    from: Record<string, { _type: string; key: (id: string) => string }>,
  ): Relationship | undefined => {
    const end = from[connection?.to?.type];
    if (!end) {
      skipped.otherTargets++;
      return undefined;
    }
    const fromKey = end.key(connection.to.id);
    if (!hasKey(jobState, fromKey)) {
      skipped.notCollected++;
      return undefined;
    }
    return createDirectRelationship({
      _class: RelationshipClass.ASSIGNED,
      fromType: end._type,
      fromKey,
      toType: to._type,
      toKey: to._key,
      properties: sudoRights(connection.attributes),
    });
  };
  const USER = { _type: Entities.USER._type, key: userKey };
  const USER_GROUP = { _type: Entities.GROUP._type, key: groupKey };

  await forEachOrganization(
    context,
    async ({ api, organizationId }, client) => {
      const systemIds = devices[organizationId] ?? [];
      const groupIds = userGroups[organizationId] ?? [];
      const byUserGroup = groupIds.length <= systemIds.length;
      const reads: [
        kind: 'systemGroup' | 'userGroup' | 'system',
        id: string,
      ][] = [
        ...(deviceGroups[organizationId] ?? []).map(
          (id) => ['systemGroup', id] as ['systemGroup', string],
        ),
        ...(byUserGroup ? groupIds : systemIds).map(
          (id) =>
            [byUserGroup ? 'userGroup' : 'system', id] as [
              'userGroup' | 'system',
              string,
            ],
        ),
      ];
      const progress = new Progress(
        logger,
        'device groups, user groups and devices read with their bindings',
        () => reads.length,
      );

      await forEachConcurrently(
        reads,
        client.settings.maxConcurrentRequests,
        async ([kind, id]) => {
          if (forbidden) return;
          let connections: GraphConnection[] | undefined;
          try {
            connections = await api.listBindings(
              kind,
              id,
              kind === 'systemGroup'
                ? ['user', 'user_group']
                : kind === 'userGroup'
                ? ['system']
                : ['user_group'],
            );
          } catch (err) {
            if (err instanceof IntegrationProviderAuthorizationError) {
              forbidden ??= err;
              return;
            }
            throw err;
          }
          if (!connections) {
            skipped.deleted++;
            return;
          }
          const edges: Relationship[] = [];
          for (const connection of connections) {
            const edge =
              kind === 'systemGroup'
                ? binding(
                    connection,
                    {
                      _type: Entities.DEVICE_GROUP._type,
                      _key: deviceGroupKey(id),
                    },
                    { user: USER, user_group: USER_GROUP },
                  )
                : kind === 'system'
                ? binding(
                    connection,
                    { _type: Entities.DEVICE._type, _key: deviceKey(id) },
                    { user_group: USER_GROUP },
                  )
                : bindingToDevice(connection, id);
            if (edge) edges.push(edge);
          }
          await jobState.addRelationships(edges);
          built += edges.length;
          progress.add();
        },
      );
    },
  );

  /** user group → device read from the user group's side. */
  function bindingToDevice(
    connection: GraphConnection,
    userGroupId: string,
  ): Relationship | undefined {
    if (connection?.to?.type !== 'system') {
      skipped.otherTargets++;
      return undefined;
    }
    const toKey = deviceKey(connection.to.id);
    if (!hasKey(jobState, toKey)) {
      skipped.notCollected++;
      return undefined;
    }
    return createDirectRelationship({
      _class: RelationshipClass.ASSIGNED,
      fromType: Entities.GROUP._type,
      fromKey: groupKey(userGroupId),
      toType: Entities.DEVICE._type,
      toKey,
      properties: sudoRights(connection.attributes),
    });
  }

  logger.info({ built }, `Built ${plural(built, 'device binding')}.`);
  logSkipped(logger, 'device binding', {
    notCollected: [
      skipped.notCollected,
      'naming a user, user group or device that was not collected (deleted since the lists were read)',
    ],
    otherTargets: [
      skipped.otherTargets,
      'to another kind of object than a user, user group or device',
    ],
    deleted: [
      skipped.deleted,
      'of device groups, user groups or devices deleted while their bindings were read',
    ],
  });
  if (forbidden) {
    throw missingPermission(forbidden.endpoint, {
      cannotRead:
        'device bindings (associations of device groups, user groups and devices)',
      notCollected:
        'who is assigned which devices and device groups, with sudo',
      needs:
        'the administrator role needs read access to Device Groups, User Groups and Devices',
    });
  }
}

export const deviceGroupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DEVICE_GROUPS,
    ingestionSourceId: IngestionSources.DEVICES,
    name: 'Fetch Device Groups',
    entities: [Entities.DEVICE_GROUP],
    relationships: [
      Relationships.ACCOUNT_HAS_DEVICE_GROUP,
      Relationships.DEVICE_GROUP_HAS_DEVICE,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.DEVICES],
    executionHandler: fetchDeviceGroups,
  },
  {
    id: Steps.DEVICE_BINDINGS,
    ingestionSourceId: IngestionSources.DEVICES,
    name: 'Build Device Bindings',
    entities: [],
    relationships: [
      Relationships.GROUP_ASSIGNED_DEVICE_GROUP,
      Relationships.USER_ASSIGNED_DEVICE_GROUP,
      Relationships.GROUP_ASSIGNED_DEVICE,
    ],
    dependsOn: [Steps.USERS, Steps.GROUPS, Steps.DEVICES, Steps.DEVICE_GROUPS],
    executionHandler: buildDeviceBindingRelationships,
  },
];
