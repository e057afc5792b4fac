/**
 * Raw JumpCloud record shapes as the simulator serves them. Optional fields
 * are optional on purpose: real records omit them.
 */

export interface Organization {
  _id: string;
  id: string;
  displayName: string | null;
  logoUrl: string | null;
  created: string;
}

export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';

export interface SystemUser {
  _id: string;
  id: string;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  middlename?: string;
  displayname?: string;
  state?: UserState;
  activated: boolean;
  suspended: boolean;
  account_locked: boolean;
  account_locked_date: string | null;
  password_expired: boolean;
  password_expiration_date?: string | null;
  password_date?: string | null;
  password_never_expires: boolean;
  totp_enabled: boolean;
  mfa?: {
    configured: boolean;
    exclusion: boolean;
    exclusionUntil?: string;
    exclusionDays?: number;
  };
  mfaEnrollment?: {
    overallStatus: MfaEnrollmentStatus;
    totpStatus: MfaEnrollmentStatus;
    pushStatus: MfaEnrollmentStatus;
    webAuthnStatus: MfaEnrollmentStatus;
    jcGoStatus?: MfaEnrollmentStatus;
  };
  department?: string | null;
  jobTitle?: string | null;
  employeeType?: string | null;
  employeeIdentifier?: string | null;
  company?: string | null;
  costCenter?: string | null;
  location?: string | null;
  description?: string;
  manager?: string | null;
  externally_managed: boolean;
  sudo: boolean;
  created: string;
  [field: string]: unknown;
}

export interface GraphObject {
  attributes: Record<string, unknown> | null;
  id: string;
  type: string;
}

export interface GraphConnection {
  attributes: Record<string, unknown> | null;
  to: GraphObject;
}

export interface UserGroup {
  attributes: Record<string, unknown> | null;
  id: string;
  name: string;
  type: 'user_group';
  email: string;
  description: string;
  membershipMethod?: string;
  [field: string]: unknown;
}

export interface Application {
  _id: string;
  id: string;
  name: string;
  displayName: string;
  displayLabel: string;
  description: string;
  active: boolean;
  beta: boolean;
  color: string | null;
  organization: string;
  logo: { url: string; color?: string };
  ssoUrl: string;
  learnMore: string;
  created: string;
  databaseAttributes: unknown[];
  sso: {
    type: 'saml' | 'oidc';
    jit: boolean;
    beta: boolean;
    hidden?: boolean;
    idpCertExpirationAt?: string;
  };
  config: Record<string, unknown>;
  [field: string]: unknown;
}

/** An administrator: signs in to the console, shows up as a DI initiator. */
export interface Administrator {
  id: string;
  email: string;
}

/** A connector that was deleted but still appears in sign-in history. */
export interface RemovedApplication {
  id: string;
  name: string;
  displayLabel: string;
  ssoUrl: string;
  ssoType: 'saml' | 'oidc';
}
