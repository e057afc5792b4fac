import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { DataKeys, Entities, Relationships, Steps } from '../constants';
import { accountHas, GraphWriter, hasKey, setSharedData } from '../job-state';
import { forEachOrganization } from '../organizations';
import { Progress } from '../progress';
import { logSkipped } from '../log';
import { createUserEntity, userKey } from './converter';

/** Collected user ids by lower-cased e-mail, for matching administrators and people. */
export type UserIdsByEmail = Record<string, string[]>;

/**
 * Every user of every collected organization, linked to its account, and
 * manager MANAGES user for each user whose manager was collected too.
 */
export async function fetchUsers(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const userIdsByEmail: UserIdsByEmail = {};
  const userIdsByOrganization: Record<string, string[]> = {};
  const skipped = { withoutId: 0, managerNotCollected: 0 };
  const writer = new GraphWriter(jobState);

  try {
    await forEachOrganization(
      context,
      async ({ api, account, links, organizationId }) => {
        const progress = new Progress(logger, 'users read');
        const managers: [userId: string, managerId: string][] = [];
        const userIds: string[] = (userIdsByOrganization[organizationId] = []);

        await api.iterateUsers(async (user) => {
          progress.add();
          const entity = createUserEntity(user, links);
          if (!entity) {
            skipped.withoutId++;
            return;
          }
          await writer.addEntity(entity);
          await writer.addRelationship(accountHas(account, entity));
          const id = entity.id as string;
          userIds.push(id);
          if (typeof entity.email === 'string') {
            // `[id]`, not `[]` then push: an array grown by push has room
            // for 17, and there are as many arrays as users (12 MiB per 100,000).
            const sharing = userIdsByEmail[entity.email];
            if (sharing) sharing.push(id);
            else userIdsByEmail[entity.email] = [id];
          }
          if (typeof entity.managerId === 'string' && entity.managerId !== id) {
            managers.push([id, entity.managerId]);
          }
        });

        // Every user of the organization is in now, so a manager is known by key.
        await writer.flush();
        const edges: Relationship[] = [];
        for (const [userId, managerId] of managers) {
          if (!hasKey(jobState, userKey(managerId))) {
            skipped.managerNotCollected++;
            continue;
          }
          edges.push(
            createDirectRelationship({
              _class: RelationshipClass.MANAGES,
              fromType: Entities.USER._type,
              fromKey: userKey(managerId),
              toType: Entities.USER._type,
              toKey: userKey(userId),
            }),
          );
        }
        await writer.addRelationships(edges);
      },
    );
  } finally {
    // Kept even when an organization failed: the other organizations' users
    // are in the graph, and later steps link to them.
    // 11 MiB on 100,000 users, read by two steps and let go by the last.
    await setSharedData(jobState, DataKeys.USER_IDS_BY_EMAIL, userIdsByEmail, [
      Steps.USER_PEOPLE,
      Steps.ADMINS,
    ]);
    await jobState.setData(
      DataKeys.USER_IDS_BY_ORGANIZATION,
      userIdsByOrganization,
    );
    // Last: a write that fails must not cost later steps this data.
    await writer.flush();
  }
  logSkipped(
    logger,
    ['user record or manager link', 'user records and manager links'],
    {
      withoutId: [skipped.withoutId, 'user records without an id'],
      managerNotCollected: [
        skipped.managerNotCollected,
        'manager links naming users that are not in the collected user list (deleted, or of another organization)',
      ],
    },
  );
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS,
    name: 'Fetch Users',
    entities: [Entities.USER],
    relationships: [
      Relationships.ACCOUNT_HAS_USER,
      Relationships.USER_MANAGES_USER,
    ],
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchUsers,
  },
];
