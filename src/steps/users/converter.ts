import { Entity } from '@jupiterone/integration-sdk-core';
import { ConsoleLinks, JumpCloudUser } from '../../client';
import {
  cleanEmail,
  cleanString,
  cleanTime,
  firstString,
  isTrue,
} from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function userKey(userId: string): string {
  return `${Entities.USER._type}:${userId}`;
}

export function userIdOf(user: JumpCloudUser): string | undefined {
  return cleanString(user._id ?? user.id);
}

/**
 * A JumpCloud user as a `jumpcloud_user` entity. Undefined when the record has
 * no id, the one thing a user cannot do without.
 */
export function createUserEntity(
  user: JumpCloudUser,
  links: ConsoleLinks,
): Entity | undefined {
  const id = userIdOf(user);
  if (!id) return undefined;

  const email = cleanEmail(user.email);
  const firstName = cleanString(user.firstname);
  const lastName = cleanString(user.lastname);
  const fullName = [firstName, lastName].filter(Boolean).join(' ');
  const name =
    firstString(user.displayname, fullName, user.username, email) ?? id;
  const state = userState(user);
  const suspended = isTrue(user.suspended) || state === 'suspended';
  const locked = isTrue(user.account_locked);
  const mfa = user.mfa ?? {};
  const enrollment = user.mfaEnrollment ?? {};
  const mfaEnrollmentStatus = cleanString(enrollment.overallStatus);

  return createEntity(user, {
    _key: userKey(id),
    _type: Entities.USER._type,
    _class: Entities.USER._class,
    id,
    username: cleanString(user.username),
    email,
    emailDomain: email ? [email.split('@')[1]] : undefined,
    name,
    displayName: name,
    firstName,
    lastName,
    state,
    // JumpCloud's "active": an activated account that is neither suspended nor locked.
    active: state === 'activated' && !suspended && !locked,
    suspended,
    locked,
    department: cleanString(user.department),
    jobTitle: cleanString(user.jobTitle),
    employeeType: cleanString(user.employeeType),
    employeeId: cleanString(user.employeeIdentifier),
    company: cleanString(user.company),
    costCenter: cleanString(user.costCenter),
    location: cleanString(user.location),
    managerId: cleanString(user.manager),
    // A second factor is in place when JumpCloud reports one configured or enrolled.
    mfaEnabled:
      isTrue(mfa.configured) ||
      isTrue(user.totp_enabled) ||
      mfaEnrollmentStatus === 'ENROLLED',
    mfaConfigured: isTrue(mfa.configured),
    mfaExclusion: isTrue(mfa.exclusion),
    mfaExclusionUntil: cleanTime(mfa.exclusionUntil),
    mfaEnrollmentStatus,
    // Each factor as JumpCloud reports it (NOT_ENROLLED, ENROLLED, ...).
    mfaTotpStatus: cleanString(enrollment.totpStatus),
    mfaPushStatus: cleanString(enrollment.pushStatus),
    mfaWebAuthnStatus: cleanString(enrollment.webAuthnStatus),
    // A WebAuthn key (FIDO2, a platform authenticator) resists phishing; codes and pushes do not.
    phishingResistantMfa: cleanString(enrollment.webAuthnStatus) === 'ENROLLED',
    totpEnabled: isTrue(user.totp_enabled),
    passwordExpired: isTrue(user.password_expired),
    passwordExpirationOn: cleanTime(user.password_expiration_date),
    createdOn: cleanTime(user.created),
    externallyManaged:
      isTrue(user.externally_managed) ||
      (Array.isArray(user.restrictedFields) &&
        user.restrictedFields.length > 0),
    sudo: isTrue(user.sudo),
    webLink: links.user(id),
  });
}

/**
 * `state` in lower case. Records from before JumpCloud added `state` have
 * none: those accounts were live unless suspended.
 */
function userState(user: JumpCloudUser): string {
  const state = cleanString(user.state)?.toLowerCase();
  if (state) return state;
  return isTrue(user.suspended) ? 'suspended' : 'activated';
}
