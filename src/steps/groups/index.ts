import {
  createDirectRelationship,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { GraphConnection, JumpCloudUserGroup } from '../../client';
import { IntegrationConfig } from '../../config';
import { accountHas, GraphWriter, hasKey } from '../job-state';
import { forEachOrganization } from '../organizations';
import { forEachConcurrently } from '../concurrency';
import { DataKeys, Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { IncompleteDataError, isFatal, missingPermission } from '../partial';
import { Progress } from '../progress';
import { logSkipped, plural } from '../log';
import { createGroupEntity, groupKey } from './converter';
import {
  getGroupMembership,
  GroupMembership,
  setGroupMembership,
} from './membership';

/**
 * Reads the groups and, for each, its direct member list; emits the groups
 * with their member counts and keeps the member ids for the membership step.
 * It runs alongside fetch-users: neither needs the other. A group whose
 * member list cannot be read is still written (without a member count), and
 * the membership step reports memberships partial; a group deleted while it
 * was read is left out.
 */
export async function fetchGroups(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const membership: GroupMembership = {
    members: {},
    nonUserMembers: 0,
    groups: 0,
  };
  const skipped = { withoutId: 0, deleted: 0 };
  const groupIdsByOrganization: Record<string, string[]> = {};
  const writer = new GraphWriter(jobState);

  try {
    await forEachOrganization(
      context,
      async ({ api, account, links, organizationId }, client) => {
        const groups: JumpCloudUserGroup[] = [];
        const groupIds: string[] = (groupIdsByOrganization[organizationId] =
          []);
        await api.iterateUserGroups((group) => {
          groups.push(group);
        });
        membership.groups += groups.length;
        const progress = new Progress(
          logger,
          'groups read with their members',
          () => groups.length,
        );
        let fatal: unknown;
        // One 403 says the key may not read this organization's member lists.
        let forbidden = false;

        await forEachConcurrently(
          groups,
          client.settings.maxConcurrentRequests,
          async (group) => {
            let memberIds: string[] | undefined;
            if (!forbidden && !fatal && group.id) {
              try {
                const members = await api.listUserGroupMembers(group.id);
                if (!members) {
                  skipped.deleted++;
                  return;
                }
                memberIds = userIdsOf(members, membership);
              } catch (err) {
                if (isFatal(err)) {
                  fatal ??= err;
                } else {
                  noteUnread(membership, err);
                  forbidden ||= membership.unread?.forbidden === true;
                }
              }
            }

            progress.add();
            const entity = createGroupEntity(group, memberIds?.length, links);
            if (!entity) {
              skipped.withoutId++;
              return;
            }
            if (memberIds) membership.members[entity.id as string] = memberIds;
            else if (membership.unread) membership.unread.groups++;
            groupIds.push(entity.id as string);
            await writer.addEntity(entity);
            await writer.addRelationship(accountHas(account, entity));
          },
        );
        if (fatal) throw fatal;
      },
    );
  } finally {
    // What was read is kept even when an organization failed, for its memberships.
    await setGroupMembership(jobState, membership);
    await jobState.setData(
      DataKeys.USER_GROUP_IDS_BY_ORGANIZATION,
      groupIdsByOrganization,
    );
    // Last: a write that fails must not cost later steps this data.
    await writer.flush();
  }
  logSkipped(logger, 'user group', {
    withoutId: [skipped.withoutId, 'records without an id'],
    deleted: [
      skipped.deleted,
      'deleted while they were read (the member list and the group itself answered 404)',
    ],
  });
}

/**
 * Keeps the reason a member list could not be read: the first one, or the
 * first 403 (the key's permission is what the warning must name).
 */
function noteUnread(membership: GroupMembership, err: unknown): void {
  const forbidden = err instanceof IntegrationProviderAuthorizationError;
  if (membership.unread && (membership.unread.forbidden || !forbidden)) return;
  membership.unread = {
    endpoint: (err as IntegrationProviderAPIError).endpoint ?? 'unknown',
    message: (err as Error).message,
    forbidden,
    groups: membership.unread?.groups ?? 0,
  };
}

/** The user ids of a member list; rows that are not users are counted, not linked. */
function userIdsOf(
  members: GraphConnection[],
  membership: GroupMembership,
): string[] {
  const ids: string[] = [];
  for (const member of members) {
    if (member?.to?.type === 'user' && typeof member.to.id === 'string') {
      ids.push(member.to.id);
    } else {
      membership.nonUserMembers++;
    }
  }
  return ids;
}

/**
 * group HAS user for every direct member that was collected as a user, built
 * from keys alone (no entity reads from disk).
 */
export async function buildGroupUserRelationships({
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const membership = await getGroupMembership(jobState);
  if (!membership) {
    logger.warn(
      'Group memberships were not read (fetch-groups did not finish); no group HAS user relationships are built.',
    );
    return;
  }

  let built = 0;
  let usersNotCollected = 0;
  const writer = new GraphWriter(jobState);
  // Each group's list is let go once its edges are built: the lists of
  // the largest tenants hold hundreds of thousands of ids, and the steps
  // that run alongside this one need the room.
  for (const groupId in membership.members) {
    const memberIds = membership.members[groupId];
    delete membership.members[groupId];
    const fromKey = groupKey(groupId);
    const batch: Relationship[] = [];
    for (const memberId of memberIds) {
      const toKey = userKey(memberId);
      if (!hasKey(jobState, toKey)) {
        usersNotCollected++;
        continue;
      }
      batch.push(
        createDirectRelationship({
          _class: RelationshipClass.HAS,
          fromType: Entities.GROUP._type,
          fromKey,
          toType: Entities.USER._type,
          toKey,
        }),
      );
    }
    await writer.addRelationships(batch);
    built += batch.length;
  }
  await writer.flush();
  await jobState.deleteData(DataKeys.GROUP_MEMBERSHIP);

  logSkipped(logger, 'group member row', {
    usersNotCollected: [
      usersNotCollected,
      'naming users that are not in the collected user list (deleted since it was read)',
    ],
    nonUserMembers: [
      membership.nonUserMembers,
      'naming something other than a user (JumpCloud user groups hold users only)',
    ],
  });
  logger.info(
    { built },
    `Built ${plural(built, 'group HAS user relationship')}.`,
  );

  // Failing this step (and only this step) reports its one type as partial,
  // so memberships collected earlier are kept upstream.
  const unread = membership.unread;
  if (unread?.forbidden) {
    throw missingPermission(unread.endpoint, {
      cannotRead: 'user group members',
      notCollected: 'group memberships',
      needs:
        'the key needs an administrator role with read access to User Groups; users and groups were collected',
      resourceType: [Relationships.GROUP_HAS_USER._type],
    });
  }
  if (unread) {
    throw new IncompleteDataError(unread, {
      unread: unread.groups,
      of: membership.groups,
      what: "groups' member lists",
      notCollected: 'Group memberships',
      kept: 'Users and groups (without member counts where unknown)',
    });
  }
}

export const groupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.GROUPS,
    name: 'Fetch User Groups',
    entities: [Entities.GROUP],
    relationships: [Relationships.ACCOUNT_HAS_GROUP],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchGroups,
  },
  {
    id: Steps.GROUP_USER_RELATIONSHIPS,
    name: 'Build User Group Memberships',
    entities: [],
    relationships: [Relationships.GROUP_HAS_USER],
    dependsOn: [Steps.USERS, Steps.GROUPS],
    executionHandler: buildGroupUserRelationships,
  },
];
