import { Entity } from '@jupiterone/integration-sdk-core';
import { JumpCloudAdministrator } from '../../client';
import {
  cleanEmail,
  cleanString,
  cleanTime,
  firstString,
  isTrue,
} from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function adminKey(adminId: string): string {
  return `${Entities.ADMIN._type}:${adminId}`;
}

/**
 * A JumpCloud administrator (a console account, kept apart from users) as a
 * `jumpcloud_admin` entity; undefined without an id.
 */
export function createAdminEntity(
  admin: JumpCloudAdministrator,
): Entity | undefined {
  const id = cleanString(admin._id ?? admin.id);
  if (!id) return undefined;
  const email = cleanEmail(admin.email);
  const fullName = [cleanString(admin.firstname), cleanString(admin.lastname)]
    .filter(Boolean)
    .join(' ');
  const name = firstString(fullName, email, admin.email) ?? id;
  return createEntity(admin, {
    _key: adminKey(id),
    _type: Entities.ADMIN._type,
    _class: Entities.ADMIN._class,
    id,
    email,
    emailDomain: email ? [email.split('@')[1]] : undefined,
    name,
    displayName: name,
    firstName: cleanString(admin.firstname),
    lastName: cleanString(admin.lastname),
    role: firstString(admin.roleName, admin.role),
    // MFA is in place when the administrator has enrolled a second factor;
    // JumpCloud's "enableMultiFactor" alone only asks for one.
    mfaEnabled: isTrue(admin.totpEnrolled),
    mfaRequired: isTrue(admin.enableMultiFactor),
    suspended: isTrue(admin.suspended),
    active: !isTrue(admin.suspended),
    organizationId: cleanString(admin.organization),
    createdOn: cleanTime(admin.created),
    admin: true,
  });
}
