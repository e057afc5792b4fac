import { Entity } from '@jupiterone/integration-sdk-core';
import { ConsoleLinks, JumpCloudSystemGroup } from '../../client';
import { cleanEmail, cleanString, firstString } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function deviceGroupKey(groupId: string): string {
  return `${Entities.DEVICE_GROUP._type}:${groupId}`;
}

/**
 * A JumpCloud system group as a `jumpcloud_device_group` entity;
 * `memberCount` is the number of distinct devices JumpCloud lists as direct
 * members, undefined when the member list could not be read.
 */
export function createDeviceGroupEntity(
  group: JumpCloudSystemGroup,
  memberCount: number | undefined,
  links: ConsoleLinks,
): Entity | undefined {
  const id = cleanString(group.id);
  if (!id) return undefined;
  const name = firstString(group.name) ?? id;
  const method = cleanString(group.membershipMethod);
  return createEntity(group, {
    _key: deviceGroupKey(id),
    _type: Entities.DEVICE_GROUP._type,
    _class: Entities.DEVICE_GROUP._class,
    id,
    name,
    displayName: name,
    description: cleanString(group.description),
    email: cleanEmail(group.email),
    membershipMethod: method,
    dynamic: method ? method.startsWith('DYNAMIC') : false,
    memberCount,
    webLink: links.deviceGroup(id),
  });
}
