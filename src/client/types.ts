/**
 * The JumpCloud objects this integration reads, as the API returns them.
 * Everything beyond the id is optional and may be null: real tenants hold
 * records from every era of the product.
 */

export type Nullable<T> = T | null | undefined;

/** `GET /api/organizations` list item (v1). */
export interface JumpCloudOrganization {
  _id: string;
  id?: string;
  displayName?: Nullable<string>;
  logoUrl?: Nullable<string>;
  created?: Nullable<string>;
}

/** `GET /api/systemusers` item (v1 `systemuserreturn`). */
export interface JumpCloudUser {
  _id: string;
  id?: string;
  username?: Nullable<string>;
  email?: Nullable<string>;
  firstname?: Nullable<string>;
  middlename?: Nullable<string>;
  lastname?: Nullable<string>;
  displayname?: Nullable<string>;
  state?: Nullable<string>;
  activated?: Nullable<boolean>;
  suspended?: Nullable<boolean>;
  account_locked?: Nullable<boolean>;
  password_expired?: Nullable<boolean>;
  password_expiration_date?: Nullable<string>;
  totp_enabled?: Nullable<boolean>;
  mfa?: Nullable<{
    configured?: Nullable<boolean>;
    exclusion?: Nullable<boolean>;
    exclusionUntil?: Nullable<string>;
  }>;
  mfaEnrollment?: Nullable<{
    overallStatus?: Nullable<string>;
    totpStatus?: Nullable<string>;
    pushStatus?: Nullable<string>;
    webAuthnStatus?: Nullable<string>;
  }>;
  department?: Nullable<string>;
  jobTitle?: Nullable<string>;
  employeeType?: Nullable<string>;
  employeeIdentifier?: Nullable<string>;
  company?: Nullable<string>;
  costCenter?: Nullable<string>;
  location?: Nullable<string>;
  manager?: Nullable<string>;
  externally_managed?: Nullable<boolean>;
  sudo?: Nullable<boolean>;
  created?: Nullable<string>;
  [field: string]: unknown;
}

/** `GET /api/v2/usergroups` item (v2 `UserGroup`). */
export interface JumpCloudUserGroup {
  id: string;
  name?: Nullable<string>;
  description?: Nullable<string>;
  email?: Nullable<string>;
  type?: Nullable<string>;
  [field: string]: unknown;
}

/** One edge of JumpCloud's directory graph (v2 `GraphConnection`). */
export interface GraphConnection {
  to: { id: string; type: string; attributes?: unknown };
  attributes?: unknown;
}

/** `GET /api/applications` item (v1 `application`). */
export interface JumpCloudApplication {
  _id: string;
  id?: string;
  name?: Nullable<string>;
  displayName?: Nullable<string>;
  displayLabel?: Nullable<string>;
  description?: Nullable<string>;
  active?: Nullable<boolean>;
  beta?: Nullable<boolean>;
  ssoUrl?: Nullable<string>;
  created?: Nullable<string>;
  sso?: Nullable<{ type?: Nullable<string>; [field: string]: unknown }>;
  /** SAML/OIDC settings, private keys included: never kept. */
  config?: unknown;
  [field: string]: unknown;
}

/** A Directory Insights `sso_auth` event, as much of it as we ask for. */
export interface SsoEvent {
  id?: Nullable<string>;
  timestamp?: Nullable<string>;
  service?: Nullable<string>;
  event_type?: Nullable<string>;
  initiated_by?: Nullable<{
    id?: Nullable<string>;
    type?: Nullable<string>;
    username?: Nullable<string>;
    administrator?: Nullable<boolean>;
  }>;
  application?: Nullable<{
    id?: Nullable<string>;
    name?: Nullable<string>;
    display_label?: Nullable<string>;
    sso_type?: Nullable<string>;
  }>;
  /** The outcome on sso_auth rows. */
  sso_token_success?: Nullable<boolean>;
  /** The outcome on other login events, and on any sso row that has it instead. */
  success?: Nullable<boolean>;
}

/** `GET /api/users` item (v1): an administrator, kept apart from users. */
export interface JumpCloudAdministrator {
  _id: string;
  id?: string;
  email?: Nullable<string>;
  firstname?: Nullable<string>;
  lastname?: Nullable<string>;
  role?: Nullable<string>;
  roleName?: Nullable<string>;
  organization?: Nullable<string>;
  suspended?: Nullable<boolean>;
  enableMultiFactor?: Nullable<boolean>;
  totpEnrolled?: Nullable<boolean>;
  created?: Nullable<string>;
  [field: string]: unknown;
}

/** `GET /api/systems` item (v1 `JcSystem`): a managed device. */
export interface JumpCloudSystem {
  _id: string;
  id?: string;
  displayName?: Nullable<string>;
  hostname?: Nullable<string>;
  os?: Nullable<string>;
  osFamily?: Nullable<string>;
  version?: Nullable<string>;
  osVersionDetail?: Nullable<{
    osName?: Nullable<string>;
    version?: Nullable<string>;
    [field: string]: unknown;
  }>;
  arch?: Nullable<string>;
  agentVersion?: Nullable<string>;
  active?: Nullable<boolean>;
  lastContact?: Nullable<string>;
  created?: Nullable<string>;
  serialNumber?: Nullable<string>;
  hwVendor?: Nullable<string>;
  fde?: Nullable<{
    active?: Nullable<boolean>;
    keyPresent?: Nullable<boolean>;
  }>;
  [field: string]: unknown;
}

/** A v2 traversal row: an object and the paths that bind it (`GraphObjectWithPaths`). */
export interface GraphObjectWithPaths {
  id: string;
  type: string;
  compiledAttributes?: unknown;
  paths?: unknown;
}
