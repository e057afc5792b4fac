import {
  createMappedRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  DataKeys,
  MappedRelationships,
  PERSON_ENTITY,
  Steps,
} from '../constants';
import { UserIdsByEmail } from '../users';
import { userKey } from '../users/converter';
import { plural } from '../log';
import { finishedReading, GraphWriter } from '../job-state';

/**
 * user IS Person: a mapped relationship from each user with a valid e-mail to
 * the platform's person with that e-mail, so that one person's accounts across
 * integrations line up. The platform creates the person when none exists.
 */
export function createUserPersonRelationship(
  userId: string,
  email: string,
): Relationship {
  return createMappedRelationship({
    _class: MappedRelationships.USER_IS_PERSON._class,
    _type: MappedRelationships.USER_IS_PERSON._type,
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: userKey(userId),
      targetFilterKeys: [['_class', 'email']],
      targetEntity: { ...PERSON_ENTITY, email, displayName: email },
      skipTargetCreation: false,
    },
  });
}

export async function mapUsersToPeople({
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const userIdsByEmail = await jobState.getData<UserIdsByEmail>(
    DataKeys.USER_IDS_BY_EMAIL,
  );
  if (!userIdsByEmail) {
    logger.warn(
      'Users were not collected (fetch-users did not finish); no user is mapped to a person.',
    );
    return;
  }
  let mapped = 0;
  const writer = new GraphWriter(jobState);
  try {
    // for…in, not Object.entries: no pair array per e-mail (100 k on the
    // largest tenants) for the collector to clear.
    for (const email in userIdsByEmail) {
      const userIds = userIdsByEmail[email];
      for (const id of userIds) {
        await writer.addRelationship(createUserPersonRelationship(id, email));
      }
      mapped += userIds.length;
    }
    await writer.flush();
  } finally {
    await finishedReading(
      jobState,
      DataKeys.USER_IDS_BY_EMAIL,
      Steps.USER_PEOPLE,
    );
  }
  logger.info(
    { mapped },
    `Mapped ${plural(mapped, 'user')} to people by e-mail.`,
  );
}

export const peopleSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USER_PEOPLE,
    name: 'Map Users to People',
    entities: [],
    relationships: [],
    mappedRelationships: [MappedRelationships.USER_IS_PERSON],
    dependsOn: [Steps.USERS],
    executionHandler: mapUsersToPeople,
  },
];
