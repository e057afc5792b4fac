import { Entity } from '@jupiterone/integration-sdk-core';
import { ConsoleLinks, JumpCloudUserGroup } from '../../client';
import { cleanEmail, cleanString, firstString } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function groupKey(groupId: string): string {
  return `${Entities.GROUP._type}:${groupId}`;
}

/**
 * A JumpCloud user group as a `jumpcloud_group` entity; `memberCount` is the
 * number of distinct users JumpCloud lists as direct members, undefined when
 * the member lists could not be read.
 */
export function createGroupEntity(
  group: JumpCloudUserGroup,
  memberCount: number | undefined,
  links: ConsoleLinks,
): Entity | undefined {
  const id = cleanString(group.id);
  if (!id) return undefined;
  const name = firstString(group.name) ?? id;
  return createEntity(group, {
    _key: groupKey(id),
    _type: Entities.GROUP._type,
    _class: Entities.GROUP._class,
    id,
    name,
    displayName: name,
    description: cleanString(group.description),
    email: cleanEmail(group.email),
    memberCount,
    webLink: links.group(id),
  });
}
