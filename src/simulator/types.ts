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

/** Administrator role names as `GET /api/users` reports them in `roleName`. */
export type AdminRoleName =
  | 'Administrator With Billing'
  | 'Administrator'
  | 'Manager'
  | 'Command Runner With Billing'
  | 'Command Runner'
  | 'Help Desk'
  | 'Billing Only'
  | 'Read Only';

/**
 * An administrator as `GET /api/users` returns it (v1 `userreturn`): signs in
 * to the console, shows up as a DI initiator. Separate from system users; an
 * admin who is also a user shares only the e-mail address.
 */
export interface Administrator {
  _id: string;
  id: string;
  email: string;
  firstname: string;
  lastname: string;
  /** The role's id; `roleName` is its label. */
  role: string;
  roleName: AdminRoleName;
  organization: string;
  /** Present on portal-level (provider) administrators only. */
  provider?: string;
  suspended: boolean;
  enableMultiFactor: boolean;
  totpEnrolled: boolean;
  created: string;
  sessionCount: number;
  usersTimeZone: string;
  lastWhatsNewChecked: string;
  passwordUpdatedAt: string;
  disableIntroduction: boolean;
  apiKeyAllowed: boolean;
  apiKeySet: boolean;
  /** Only when the admin has an API key. */
  apiKeyUpdatedAt?: string;
  /** Only when TOTP is enrolled. */
  totpUpdatedAt?: string;
}

export interface OsVersionDetail {
  osName: string;
  releaseName: string;
  major: string;
  minor: string;
  patch: string;
  majorNumber: number;
  minorNumber: number;
  patchNumber: number;
  revision: string;
  distributionName: string;
  version: string;
}

/**
 * A device as `GET /api/systems` returns it (v1 `system`). Nested objects are
 * often shared between records and frozen; treat records as read-only.
 */
export interface JcSystem {
  _id: string;
  id: string;
  active: boolean;
  agentHasFullDiskAccess: boolean;
  agentVersion: string;
  allowMultiFactorAuthentication: boolean;
  allowPublicKeyAuthentication: boolean;
  allowSshPasswordAuthentication: boolean;
  allowSshRootLogin: boolean;
  /** EC2 instances only. */
  amazonInstanceID?: string;
  arch: string;
  archFamily: string;
  attributes: readonly unknown[];
  azureAdJoined: boolean;
  builtInCommands: readonly { type: 'security'; name: string }[];
  created: string;
  description: string;
  desktopCapable: boolean;
  displayName: string;
  domainInfo: { partOfDomain: boolean; domainName: string };
  fde: { active: boolean; keyPresent: boolean };
  fileSystem: string | null;
  hasServiceAccount: boolean;
  hostname: string;
  hwVendor: string | null;
  isPolicyBound: boolean;
  /** null: the agent never checked in. */
  lastContact: string | null;
  mdm: Record<string, unknown>;
  modifySSHDConfig: boolean;
  networkInterfaces: readonly {
    address: string;
    family: 'IPv4' | 'IPv6';
    internal: boolean;
    name: string;
  }[];
  organization: string;
  os: string;
  osFamily: string;
  osVersionDetail: OsVersionDetail;
  policyStats: Record<string, number>;
  primarySystemUser: { id: string | null };
  provisionMetadata: {
    provisioner: {
      type: 'administrator' | 'mdm' | 'user';
      provisionerId?: string;
    };
  };
  remoteIP: string;
  serialNumber: string | null;
  sshRootEnabled: boolean;
  sshdParams: readonly { name: string; value: string }[];
  systemInsights: { state: 'enabled' | 'disabled' | 'deferred' };
  /** Offset from UTC in minutes. */
  systemTimezone: number;
  tags: readonly string[];
  templateName: string;
  userMetrics: readonly {
    userName: string;
    admin: boolean;
    managed: boolean;
    suspended: boolean;
    secureTokenEnabled: boolean;
  }[];
  version: string;
  [field: string]: unknown;
}

/** A row of the v2 traversal routes (`/systems/{id}/users`, `/users/{id}/systems`). */
export interface GraphObjectWithPaths {
  id: string;
  type: string;
  compiledAttributes: Record<string, unknown> | null;
  paths: GraphConnection[][];
}

/** A connector that was deleted but still appears in sign-in history. */
export interface RemovedApplication {
  id: string;
  name: string;
  displayLabel: string;
  ssoUrl: string;
  ssoType: 'saml' | 'oidc';
}
