import {
  createDirectRelationship,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { JumpCloudUserGroup, OrganizationClient } from '../../client';
import { IntegrationConfig } from '../../config';
import { accountHas, hasKey } from '../job-state';
import { forEachOrganization } from '../organizations';
import { forEachConcurrently } from '../concurrency';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { missingPermission } from '../permissions';
import { Progress } from '../progress';
import { createGroupEntity, groupKey } from './converter';
import {
  getGroupMembership,
  GroupMembership,
  setGroupMembership,
} from './membership';

/**
 * Reads the groups and, for each, its direct member list; emits the groups
 * with their member counts and keeps the member ids for the membership step.
 * It runs alongside fetch-users: neither needs the other.
 */
export async function fetchGroups(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const membership: GroupMembership = { members: {}, nonUserMembers: 0 };
  let withoutId = 0;

  try {
    await forEachOrganization(
      context,
      async ({ api, account, links }, client) => {
        const groups: JumpCloudUserGroup[] = [];
        await api.iterateUserGroups((group) => {
          groups.push(group);
        });
        const progress = new Progress(
          logger,
          'groups read with their members',
          () => groups.length,
        );
        let failure: Error | undefined;
        // One 403 says the key may not read this organization's member lists.
        let forbidden = false;

        await forEachConcurrently(
          groups,
          client.settings.maxConcurrentRequests,
          async (group) => {
            let memberIds: string[] | undefined;
            if (!forbidden && group.id) {
              try {
                memberIds = await readMemberIds(api, group.id);
              } catch (err) {
                if (err instanceof IntegrationProviderAuthorizationError) {
                  forbidden = true;
                  membership.forbidden ??= {
                    endpoint: err.endpoint,
                    message: err.message,
                  };
                } else if (isNotFound(err)) {
                  // Deleted between the group list and its member list: no members left.
                  memberIds = [];
                } else {
                  failure ??= err as Error;
                }
              }
            }

            progress.add();
            const entity = createGroupEntity(group, memberIds?.length, links);
            if (!entity) {
              withoutId++;
              return;
            }
            if (memberIds) membership.members[entity.id as string] = memberIds;
            await jobState.addEntity(entity);
            await jobState.addRelationship(accountHas(account, entity));
          },
        );
        if (failure) throw failure;
      },
    );
  } finally {
    // What was read is kept even when an organization failed, for its memberships.
    await setGroupMembership(jobState, membership);
  }
  if (withoutId > 0) {
    logger.warn(
      { withoutId },
      `Skipped ${withoutId} user group records without an id.`,
    );
  }

  async function readMemberIds(
    api: OrganizationClient,
    groupId: string,
  ): Promise<string[]> {
    const ids: string[] = [];
    await api.iterateUserGroupMembers(groupId, (member) => {
      if (member?.to?.type === 'user' && typeof member.to.id === 'string') {
        ids.push(member.to.id);
      } else {
        membership.nonUserMembers++;
      }
    });
    return ids;
  }
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
  for (const [groupId, memberIds] of Object.entries(membership.members)) {
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
    await jobState.addRelationships(batch);
    built += batch.length;
  }

  const skipped = usersNotCollected + membership.nonUserMembers;
  if (skipped > 0) {
    logger.info(
      { usersNotCollected, nonUserMembers: membership.nonUserMembers },
      `Skipped ${skipped} group member rows: ${usersNotCollected} point at users that were not collected (deleted since), ${membership.nonUserMembers} are not users.`,
    );
  }
  logger.info({ built }, `Built ${built} group HAS user relationships.`);

  if (membership.forbidden) {
    // Failing this step (and only this step) reports its one type as partial,
    // so memberships collected earlier are kept upstream.
    throw missingPermission(membership.forbidden.endpoint, {
      cannotRead: 'user group members',
      notCollected: 'group memberships',
      needs:
        'the key needs an administrator role with read access to User Groups; users and groups were collected',
      resourceType: [Relationships.GROUP_HAS_USER._type],
    });
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof IntegrationProviderAPIError && err.status === 404;
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
