import { SystemUser } from './types';

/**
 * Turns computed user values into a v1 systemuser record. Every record is
 * built with the same literal and its optional fields are added in one fixed
 * order: V8 then shares a handful of hidden classes between 100k users
 * instead of building (and garbage-collecting) one per user, which was the
 * bulk of generation time and memory.
 */

export interface UserDraft {
  id: string;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  activated: boolean;
  suspended: boolean;
  account_locked: boolean;
  account_locked_date: string | null;
  password_expired: boolean;
  password_never_expires: boolean;
  totp_enabled: boolean;
  department: string | null;
  jobTitle: string | null;
  employeeType: string | null;
  company: string | null;
  costCenter: string | null;
  location: string | null;
  externally_managed: boolean;
  external_source_type: string;
  sudo: boolean;
  passwordless_sudo: boolean;
  organization: string;
  unixId: number;
  badLoginAttempts: number;
  created: string;
  phoneNumbers?: SystemUser['phoneNumbers'];
  // Absent from the record when undefined.
  middlename?: string;
  displayname?: string;
  description?: string;
  employeeIdentifier?: string | null;
  manager?: string | null;
  mfa?: SystemUser['mfa'];
  mfaEnrollment?: SystemUser['mfaEnrollment'];
  state?: SystemUser['state'];
  password_date?: string | null;
  password_expiration_date?: string | null;
  alternateEmail?: string;
  recoveryEmail?: SystemUser['recoveryEmail'];
  restrictedFields?: SystemUser['restrictedFields'];
}

// Shared and frozen: 100k users each holding four empty arrays add up.
const NONE: readonly never[] = Object.freeze([]);

export function assembleUser(d: UserDraft): SystemUser {
  const user: SystemUser = {
    account_locked: d.account_locked,
    account_locked_date: d.account_locked_date,
    activated: d.activated,
    addresses: NONE,
    allow_public_key: true,
    attributes: NONE,
    badLoginAttempts: d.badLoginAttempts,
    company: d.company,
    costCenter: d.costCenter,
    department: d.department,
    disableDeviceMaxLoginAttempts: false,
    email: d.email,
    employeeType: d.employeeType,
    enable_managed_uid: false,
    enable_user_portal_multifactor: false,
    external_dn: '',
    external_source_type: d.external_source_type,
    externally_managed: d.externally_managed,
    firstname: d.firstname,
    jobTitle: d.jobTitle,
    lastname: d.lastname,
    ldap_binding_user: false,
    location: d.location,
    organization: d.organization,
    password_never_expires: d.password_never_expires,
    passwordless_sudo: d.passwordless_sudo,
    phoneNumbers: d.phoneNumbers ?? NONE,
    samba_service_user: false,
    ssh_keys: NONE,
    sudo: d.sudo,
    suspended: d.suspended,
    systemUsername: '',
    unix_guid: d.unixId,
    unix_uid: d.unixId,
    username: d.username,
    created: d.created,
    password_expired: d.password_expired,
    totp_enabled: d.totp_enabled,
    _id: d.id,
    id: d.id,
  };
  if (d.middlename !== undefined) user.middlename = d.middlename;
  if (d.displayname !== undefined) user.displayname = d.displayname;
  if (d.description !== undefined) user.description = d.description;
  if (d.employeeIdentifier !== undefined)
    user.employeeIdentifier = d.employeeIdentifier;
  if (d.manager !== undefined) user.manager = d.manager;
  if (d.mfa !== undefined) user.mfa = d.mfa;
  if (d.mfaEnrollment !== undefined) user.mfaEnrollment = d.mfaEnrollment;
  if (d.state !== undefined) user.state = d.state;
  if (d.password_date !== undefined) user.password_date = d.password_date;
  if (d.password_expiration_date !== undefined) {
    user.password_expiration_date = d.password_expiration_date;
  }
  if (d.alternateEmail !== undefined) user.alternateEmail = d.alternateEmail;
  if (d.recoveryEmail !== undefined) user.recoveryEmail = d.recoveryEmail;
  if (d.restrictedFields !== undefined)
    user.restrictedFields = d.restrictedFields;
  return user;
}
