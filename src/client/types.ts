/**
 * The JumpCloud objects this integration reads, as the API returns them: the
 * one definition of their shapes, which the simulator's records derive from.
 *
 * Field names, nesting and value types (enumerations included) are those of
 * JumpCloud's official OpenAPI specs: console v1 and v2, Directory Insights
 * v1. Each object names its schema; a field that is not in it says where it
 * comes from. Everything beyond the id is optional and may be null: real
 * tenants hold records from every era of the product, so read every field
 * defensively, an enumerated one too.
 */

export type Nullable<T> = T | null | undefined;

/** A user's lifecycle state (v1 `systemuserreturn.state`). */
export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

/** Where a user stands with one MFA factor, or with all of them (v1 `mfaEnrollmentStatus`). */
export type MfaEnrollmentStatus =
  | 'NOT_ENROLLED'
  | 'DISABLED'
  | 'PENDING_ACTIVATION'
  | 'ENROLLMENT_EXPIRED'
  | 'IN_ENROLLMENT'
  | 'PRE_ENROLLMENT'
  | 'ENROLLED';

/**
 * The built-in administrator roles, as `GET /api/users` names them in
 * `roleName`. Not in the specs (v1 `userreturn.roleName` is a plain string):
 * the list is that of JumpCloud's official PowerShell module.
 */
export type AdminRoleName =
  | 'Administrator With Billing'
  | 'Administrator'
  | 'Manager'
  | 'Command Runner With Billing'
  | 'Command Runner'
  | 'Help Desk'
  | 'Billing Only'
  | 'Read Only';

/** How a user group gets its members (v2 `GroupMembershipMethodType`). */
export type GroupMembershipMethod =
  | 'NOTSET'
  | 'STATIC'
  | 'DYNAMIC_REVIEW_REQUIRED'
  | 'DYNAMIC_AUTOMATED';

/** `GET /api/organizations` list item (v1 `organizationslist`; recorded items add `id` and `created`). */
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
  /** The same as `_id`: in every recorded response, not in the spec. */
  id?: string;
  username?: Nullable<string>;
  email?: Nullable<string>;
  /** A second address of the user's own. */
  alternateEmail?: Nullable<string>;
  /** The address for password recovery, and whether the user confirmed it. */
  recoveryEmail?: Nullable<{
    address?: Nullable<string>;
    verified?: Nullable<boolean>;
    verifiedAt?: Nullable<string>;
  }>;
  firstname?: Nullable<string>;
  middlename?: Nullable<string>;
  lastname?: Nullable<string>;
  displayname?: Nullable<string>;
  /** The id of the user's organization. */
  organization?: Nullable<string>;
  /** Absent on records older than the field. */
  state?: Nullable<UserState>;
  activated?: Nullable<boolean>;
  suspended?: Nullable<boolean>;
  account_locked?: Nullable<boolean>;
  /** When the account was locked; null when it is not. */
  account_locked_date?: Nullable<string>;
  /** Failed logins in a row. */
  badLoginAttempts?: Nullable<number>;
  password_expired?: Nullable<boolean>;
  /** The password is exempt from the organization's expiry policy. */
  password_never_expires?: Nullable<boolean>;
  /** When the password was last set. */
  password_date?: Nullable<string>;
  password_expiration_date?: Nullable<string>;
  totp_enabled?: Nullable<boolean>;
  /** MFA is required to sign in to the user portal. */
  enable_user_portal_multifactor?: Nullable<boolean>;
  mfa?: Nullable<{
    configured?: Nullable<boolean>;
    exclusion?: Nullable<boolean>;
    exclusionUntil?: Nullable<string>;
    /** Length of the exclusion in days. */
    exclusionDays?: Nullable<number>;
  }>;
  mfaEnrollment?: Nullable<{
    overallStatus?: Nullable<MfaEnrollmentStatus>;
    totpStatus?: Nullable<MfaEnrollmentStatus>;
    pushStatus?: Nullable<MfaEnrollmentStatus>;
    webAuthnStatus?: Nullable<MfaEnrollmentStatus>;
    /** JumpCloud Go (passwordless sign-in). */
    jcGoStatus?: Nullable<MfaEnrollmentStatus>;
  }>;
  department?: Nullable<string>;
  jobTitle?: Nullable<string>;
  employeeType?: Nullable<string>;
  employeeIdentifier?: Nullable<string>;
  company?: Nullable<string>;
  costCenter?: Nullable<string>;
  location?: Nullable<string>;
  /** Free text an administrator wrote about the user. */
  description?: Nullable<string>;
  manager?: Nullable<string>;
  /** Postal addresses. */
  addresses?: Nullable<
    readonly {
      id?: Nullable<string>;
      type?: Nullable<string>;
      poBox?: Nullable<string>;
      extendedAddress?: Nullable<string>;
      streetAddress?: Nullable<string>;
      locality?: Nullable<string>;
      region?: Nullable<string>;
      postalCode?: Nullable<string>;
      country?: Nullable<string>;
    }[]
  >;
  /** Phone numbers, each with its kind (`work`, `mobile`, ...). */
  phoneNumbers?: Nullable<
    readonly {
      id?: Nullable<string>;
      number?: Nullable<string>;
      type?: Nullable<string>;
    }[]
  >;
  /** Custom attributes (v1 `attribute`). */
  attributes?: Nullable<
    readonly { name?: Nullable<string>; value?: Nullable<string> }[]
  >;
  /** Deprecated in favour of `restrictedFields`, which it fills in. */
  externally_managed?: Nullable<boolean>;
  /** The fields an external source (a directory, an IdP, SCIM) owns (v1 `restrictedField`). */
  restrictedFields?: Nullable<
    readonly {
      field?: Nullable<
        | 'addresses'
        | 'company'
        | 'costCenter'
        | 'department'
        | 'description'
        | 'displayname'
        | 'email'
        | 'employeeIdentifier'
        | 'employeeType'
        | 'firstname'
        | 'jobTitle'
        | 'lastname'
        | 'location'
        | 'middlename'
        | 'password'
        | 'phoneNumbers'
        | 'sudo'
        | 'username'
      >;
      id?: Nullable<string>;
      type?: Nullable<
        'active_directory' | 'federated_identity_provider' | 'scim'
      >;
    }[]
  >;
  /** The user's distinguished name in an external directory. */
  external_dn?: Nullable<string>;
  /** The kind of external source of an externally managed user. */
  external_source_type?: Nullable<string>;
  sudo?: Nullable<boolean>;
  /** sudo without a password, on the devices where the user has sudo. */
  passwordless_sudo?: Nullable<boolean>;
  /** The user may sign in to devices with an SSH key. */
  allow_public_key?: Nullable<boolean>;
  /** The user's SSH public keys (v1 `sshkeylist`). */
  ssh_keys?: Nullable<
    readonly {
      _id?: Nullable<string>;
      name?: Nullable<string>;
      public_key?: Nullable<string>;
      create_date?: Nullable<string>;
    }[]
  >;
  /** The user's uid on devices. */
  unix_uid?: Nullable<number>;
  /** The user's gid on devices (the spec's spelling). */
  unix_guid?: Nullable<number>;
  /** JumpCloud, not the administrator, picks `unix_uid` and `unix_guid`. */
  enable_managed_uid?: Nullable<boolean>;
  /** The user may bind to JumpCloud's LDAP. */
  ldap_binding_user?: Nullable<boolean>;
  /** A Samba service account. */
  samba_service_user?: Nullable<boolean>;
  /** Exempt from the device lock-out after failed logins. */
  disableDeviceMaxLoginAttempts?: Nullable<boolean>;
  /** In recorded responses (empty there), not in the spec. */
  systemUsername?: Nullable<string>;
  created?: Nullable<string>;
  [field: string]: unknown;
}

/** Graph attributes of an edge or an object (v2 `GraphAttributes`): `sudo`, `ldapGroups`, ... */
export type GraphAttributes = Record<string, unknown>;

/** One end of an edge of JumpCloud's directory graph (v2 `GraphObject`). */
export interface GraphObject {
  id: string;
  type: string;
  attributes?: Nullable<GraphAttributes>;
}

/** One edge of JumpCloud's directory graph (v2 `GraphConnection`). */
export interface GraphConnection {
  to: GraphObject;
  /** Usually left out: the object asked about. */
  from?: Nullable<GraphObject>;
  /** The binding's settings, such as `sudo`; null when none. */
  attributes?: Nullable<GraphAttributes>;
}

/** What v2 user groups and device groups have in common (v2 `GraphObject` groups). */
interface JumpCloudGroupFields {
  id: string;
  name?: Nullable<string>;
  description?: Nullable<string>;
  email?: Nullable<string>;
  /** Settings the group gives its members (`sudo`, `ldapGroups`, ...); null when none. */
  attributes?: Nullable<GraphAttributes>;
  /** How the group gets its members (dynamic groups follow a query). */
  membershipMethod?: Nullable<GroupMembershipMethod>;
  /** The rule of a dynamic group (v2 `MemberQuery`). */
  memberQuery?: Nullable<{
    queryType?: Nullable<'Filter' | 'FilterQuery' | 'Search'>;
    filters?: Nullable<readonly unknown[]>;
  }>;
  [field: string]: unknown;
}

/** `GET /api/v2/usergroups` item (v2 `UserGroup`). */
export interface JumpCloudUserGroup extends JumpCloudGroupFields {
  type?: Nullable<'user_group'>;
}

/** `GET /api/v2/systemgroups` item (v2 `SystemGroup`): a device group. */
export interface JumpCloudSystemGroup extends JumpCloudGroupFields {
  type?: Nullable<'system_group'>;
  /** The organization that owns the group. */
  organizationObjectId?: Nullable<string>;
}

/** An authentication policy's kind (v2 `AuthnPolicyType`). */
export type AuthnPolicyType =
  | 'user_portal'
  | 'application'
  | 'ldap'
  | 'admin_portal';

/** What an authentication policy targets (v2 `AuthnPolicyResourceTarget`); no id: every resource of the type. */
export interface AuthnPolicyResource {
  type?: Nullable<'admin_portal' | 'user_portal' | 'application' | 'ldap'>;
  id?: Nullable<string>;
}

/** `GET /api/v2/authn/policies` item (v2 `AuthnPolicy`): a conditional access policy. */
export interface JumpCloudAuthnPolicy {
  id: string;
  name?: Nullable<string>;
  description?: Nullable<string>;
  disabled?: Nullable<boolean>;
  /** Evaluated and logged, but not enforced. */
  monitorOnly?: Nullable<boolean>;
  type?: Nullable<AuthnPolicyType>;
  /** v2 `AuthnPolicyEffect`. */
  effect?: Nullable<{
    action?: Nullable<'allow' | 'deny' | 'unknown'>;
    obligations?: Nullable<{
      mfa?: Nullable<{ required?: Nullable<boolean> }>;
      userVerification?: Nullable<{
        requirement?: Nullable<'none' | 'optional' | 'required'>;
      }>;
      mfaFactors?: Nullable<readonly { type?: Nullable<string> }[]>;
    }>;
  }>;
  /** v2 `AuthnPolicyTargets`. */
  targets?: Nullable<{
    /** Applications left out when the policy targets every application. */
    excludedApplications?: Nullable<readonly string[]>;
    resources?: Nullable<readonly AuthnPolicyResource[]>;
    userGroups?: Nullable<{
      inclusions?: Nullable<readonly string[]>;
      exclusions?: Nullable<readonly string[]>;
    }>;
    users?: Nullable<{ inclusions?: Nullable<readonly string[]> }>;
    userAttributes?: Nullable<{
      inclusions?: Nullable<readonly unknown[]>;
      exclusions?: Nullable<readonly unknown[]>;
    }>;
  }>;
  /** The conditional language: deviceEncrypted, deviceManaged, ipAddressIn, locationIn, not, all, any. */
  conditions?: Nullable<Record<string, unknown>>;
  [field: string]: unknown;
}

/** The colours of an application's tile (v1 `application.color`). */
export type ApplicationColor =
  | ''
  | '#202D38'
  | '#005466'
  | '#3E8696'
  | '#006CAC'
  | '#0617AC'
  | '#7C6ADA'
  | '#D5779D'
  | '#9E2F00'
  | '#FFB000'
  | '#58C469'
  | '#57C49F'
  | '#FF6C03';

/** `GET /api/applications` item (v1 `application`). */
export interface JumpCloudApplication {
  _id: string;
  /** The same as `_id`: in every recorded response, not in the spec. */
  id?: string;
  name?: Nullable<string>;
  displayName?: Nullable<string>;
  displayLabel?: Nullable<string>;
  description?: Nullable<string>;
  active?: Nullable<boolean>;
  beta?: Nullable<boolean>;
  /** The tile's colour in the user portal; `''` for the default. */
  color?: Nullable<ApplicationColor>;
  /** The id of the application's organization. */
  organization?: Nullable<string>;
  /** The tile's image, and its colour. */
  logo?: Nullable<{
    url?: Nullable<string>;
    color?: Nullable<ApplicationColor>;
  }>;
  ssoUrl?: Nullable<string>;
  /** A support article about the connector. */
  learnMore?: Nullable<string>;
  created?: Nullable<string>;
  /** Attributes the connector keeps in JumpCloud's database. */
  databaseAttributes?: Nullable<readonly Record<string, unknown>[]>;
  sso?: Nullable<{
    type?: Nullable<string>;
    /** Just-in-time provisioning: the service creates the user at first sign-in. */
    jit?: Nullable<boolean>;
    beta?: Nullable<boolean>;
    /** Left out of the user portal. */
    hidden?: Nullable<boolean>;
    /** When the IdP's signing certificate expires. */
    idpCertExpirationAt?: Nullable<string>;
    [field: string]: unknown;
  }>;
  /** SAML/OIDC settings, private keys included: never kept. */
  config?: unknown;
  [field: string]: unknown;
}

/** A Directory Insights `sso_auth` event, as much of it as we ask for (DI v1 `POST /events` rows; the spec gives no schema). */
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
    /** The application's `ssoUrl` (in recorded sso_auth events). */
    sso_url?: Nullable<string>;
  }>;
  /** The outcome on sso_auth rows. */
  sso_token_success?: Nullable<boolean>;
  /** The outcome on other login events, and on any sso row that has it instead. */
  success?: Nullable<boolean>;
}

/** `GET /api/users` item (v1 `userreturn`; the list route is not in the spec): an administrator, kept apart from users. */
export interface JumpCloudAdministrator {
  _id: string;
  /** The same as `_id`, as on the other v1 objects; not in the spec. */
  id?: string;
  email?: Nullable<string>;
  firstname?: Nullable<string>;
  lastname?: Nullable<string>;
  /** The role's id; `roleName` is its label. */
  role?: Nullable<string>;
  /** A built-in role's name (`AdminRoleName`), or a custom role's. */
  roleName?: Nullable<string>;
  organization?: Nullable<string>;
  /** The provider (MSP) of a portal-level administrator. */
  provider?: Nullable<string>;
  suspended?: Nullable<boolean>;
  enableMultiFactor?: Nullable<boolean>;
  totpEnrolled?: Nullable<boolean>;
  /** When TOTP was last enrolled. */
  totpUpdatedAt?: Nullable<string>;
  created?: Nullable<string>;
  /** Console sign-ins so far. */
  sessionCount?: Nullable<number>;
  /** An IANA time zone name. */
  usersTimeZone?: Nullable<string>;
  /** When the administrator last opened the console's "what's new". */
  lastWhatsNewChecked?: Nullable<string>;
  passwordUpdatedAt?: Nullable<string>;
  /** The console's introduction tour is switched off. */
  disableIntroduction?: Nullable<boolean>;
  /** The administrator may have an API key. */
  apiKeyAllowed?: Nullable<boolean>;
  /** The administrator has an API key. */
  apiKeySet?: Nullable<boolean>;
  /** When the API key was last set. */
  apiKeyUpdatedAt?: Nullable<string>;
  [field: string]: unknown;
}

/** `GET /api/systems` item (v1 `system`): a managed device. */
export interface JumpCloudSystem {
  _id: string;
  /** The same as `_id`, as on the other v1 objects; not in the spec. */
  id?: string;
  displayName?: Nullable<string>;
  hostname?: Nullable<string>;
  /** Free text an administrator wrote about the device. */
  description?: Nullable<string>;
  /** The id of the device's organization. */
  organization?: Nullable<string>;
  os?: Nullable<string>;
  osFamily?: Nullable<string>;
  version?: Nullable<string>;
  osVersionDetail?: Nullable<{
    osName?: Nullable<string>;
    /** The release's marketing name (`Sonoma`, `22H2`, ...). */
    releaseName?: Nullable<string>;
    major?: Nullable<string>;
    minor?: Nullable<string>;
    patch?: Nullable<string>;
    majorNumber?: Nullable<number>;
    minorNumber?: Nullable<number>;
    patchNumber?: Nullable<number>;
    /** The build's revision (Windows). */
    revision?: Nullable<string>;
    /** The Linux distribution. */
    distributionName?: Nullable<string>;
    version?: Nullable<string>;
    [field: string]: unknown;
  }>;
  arch?: Nullable<string>;
  /** `arm` or `x86`. */
  archFamily?: Nullable<string>;
  agentVersion?: Nullable<string>;
  /** macOS: the agent has Full Disk Access. */
  agentHasFullDiskAccess?: Nullable<boolean>;
  active?: Nullable<boolean>;
  lastContact?: Nullable<string>;
  created?: Nullable<string>;
  serialNumber?: Nullable<string>;
  hwVendor?: Nullable<string>;
  /** The device's EC2 instance id, on EC2 only. */
  amazonInstanceID?: Nullable<string>;
  /** The device's public address as JumpCloud saw it. */
  remoteIP?: Nullable<string>;
  networkInterfaces?: Nullable<
    readonly {
      address?: Nullable<string>;
      family?: Nullable<'IPv4' | 'IPv6'>;
      internal?: Nullable<boolean>;
      name?: Nullable<string>;
    }[]
  >;
  /** The root file system's type. */
  fileSystem?: Nullable<string>;
  fde?: Nullable<{
    active?: Nullable<boolean>;
    keyPresent?: Nullable<boolean>;
  }>;
  /** Windows: the device's Active Directory domain. */
  domainInfo?: Nullable<{
    partOfDomain?: Nullable<boolean>;
    domainName?: Nullable<string>;
  }>;
  /** Windows: joined to Entra ID (Azure AD). */
  azureAdJoined?: Nullable<boolean>;
  /** The device's MDM enrollment. */
  mdm?: Nullable<{
    vendor?: Nullable<'unknown' | 'none' | 'internal' | 'external'>;
    /** Apple: enrolled through Automated Device Enrollment (DEP). */
    dep?: Nullable<boolean>;
    userApproved?: Nullable<boolean>;
    enrollmentType?: Nullable<
      'unknown' | 'automated device' | 'device' | 'user'
    >;
    [field: string]: unknown;
  }>;
  /** The device's main user. */
  primarySystemUser?: Nullable<{ id?: Nullable<string> }>;
  /** Who enrolled the device. */
  provisionMetadata?: Nullable<{
    provisioner?: Nullable<{
      type?: Nullable<'administrator' | 'mdm' | 'user'>;
      provisionerId?: Nullable<string>;
    }>;
  }>;
  /** The local accounts JumpCloud manages on the device. */
  userMetrics?: Nullable<
    readonly {
      userName?: Nullable<string>;
      admin?: Nullable<boolean>;
      managed?: Nullable<boolean>;
      suspended?: Nullable<boolean>;
      secureTokenEnabled?: Nullable<boolean>;
    }[]
  >;
  /** Whether System Insights collects the device's inventory. */
  systemInsights?: Nullable<{
    state?: Nullable<'enabled' | 'disabled' | 'deferred'>;
  }>;
  /** Offset from UTC in minutes. */
  systemTimezone?: Nullable<number>;
  /** The device has a graphical desktop. */
  desktopCapable?: Nullable<boolean>;
  /** macOS: the agent's service account exists. */
  hasServiceAccount?: Nullable<boolean>;
  /** One or more policies are bound to the device. */
  isPolicyBound?: Nullable<boolean>;
  /** The results of the bound policies. */
  policyStats?: Nullable<{
    duplicate?: Nullable<number>;
    failed?: Nullable<number>;
    pending?: Nullable<number>;
    success?: Nullable<number>;
    total?: Nullable<number>;
    unsupportedOs?: Nullable<number>;
  }>;
  /** The security commands the device accepts. */
  builtInCommands?: Nullable<
    readonly {
      type?: Nullable<'security'>;
      name?: Nullable<'erase' | 'lock' | 'restart' | 'shutdown'>;
    }[]
  >;
  allowMultiFactorAuthentication?: Nullable<boolean>;
  allowPublicKeyAuthentication?: Nullable<boolean>;
  allowSshPasswordAuthentication?: Nullable<boolean>;
  allowSshRootLogin?: Nullable<boolean>;
  sshRootEnabled?: Nullable<boolean>;
  /** JumpCloud manages the device's sshd_config. */
  modifySSHDConfig?: Nullable<boolean>;
  /** Settings of the device's sshd. */
  sshdParams?: Nullable<
    readonly { name?: Nullable<string>; value?: Nullable<string> }[]
  >;
  /** Custom attributes (v1 `attribute`). */
  attributes?: Nullable<
    readonly { name?: Nullable<string>; value?: Nullable<string> }[]
  >;
  tags?: Nullable<readonly string[]>;
  /** The agent's configuration template. */
  templateName?: Nullable<string>;
  [field: string]: unknown;
}

/** The types of object in JumpCloud's directory graph (v2 `GraphType`). */
export type GraphType =
  | 'active_directory'
  | 'agent'
  | 'agent_group'
  | 'application'
  | 'command'
  | 'g_suite'
  | 'idp_routing_policy'
  | 'ldap_server'
  | 'office_365'
  | 'policy'
  | 'policy_group'
  | 'radius_server'
  | 'password_manager_item'
  | 'system'
  | 'system_group'
  | 'user'
  | 'user_group';

/** A v2 traversal row: an object and the paths that bind it (v2 `GraphObjectWithPaths`). */
export interface GraphObjectWithPaths {
  id: string;
  type: GraphType;
  /** The attributes of every path, merged. */
  compiledAttributes?: Nullable<GraphAttributes>;
  /** Each route to the object, as its edges in order. */
  paths?: Nullable<readonly (readonly GraphConnection[])[]>;
}

/** A discovered application's review status (v2 SaaS Management). */
export type SaasApplicationStatus =
  | 'NEWLY_DISCOVERED'
  | 'APPROVED'
  | 'UNAPPROVED'
  | 'IGNORED';

/**
 * `GET /api/v2/saas-management/applications` item (v2
 * `PublicAPIApplicationListEntity`), and `GET …/applications/{id}` (v2
 * `PublicAPIApplication`, which adds `name`): an application SaaS Management
 * discovered, through SSO, the browser extension, connectors or devices.
 */
export interface JumpCloudSaasApplication {
  id: string;
  /** Only on the item route. */
  name?: Nullable<string>;
  catalog_app_id?: Nullable<string>;
  owner_user_id?: Nullable<string>;
  status?: Nullable<SaasApplicationStatus>;
  access_restriction?: Nullable<
    'NO_ACTION' | 'WARNING' | 'BLOCK' | 'DISMISSIBLE_WARNING' | 'DEFAULT_ACTION'
  >;
  discovered_at?: Nullable<string>;
  restriction_excluded_group_ids?: Nullable<readonly string[]>;
  /** With `expand=discovery_source_types`: BROWSER_EXTENSION, JUMPCLOUD_SSO, CONNECTOR, JUMPCLOUD_DEVICE, LICENSE. */
  discovery_source_types?: Nullable<readonly string[]>;
  [field: string]: unknown;
}

/** `GET …/applications/{id}/accounts` item (v2 `PublicAPIAccount`): an account someone holds in the application. */
export interface JumpCloudSaasAccount {
  id: string;
  /** The JumpCloud user who holds it, when known. */
  user_id?: Nullable<string>;
  parent_app_id?: Nullable<string>;
  email?: Nullable<string>;
  username?: Nullable<string>;
  [field: string]: unknown;
}

/** `GET …/applications/{id}/usage?day_count=N` item (v2 `PublicAPIApplicationUsageListEntity`). */
export interface JumpCloudSaasUsage {
  account_id?: Nullable<string>;
  latest_used_at?: Nullable<string>;
  account_email?: Nullable<string>;
  account_username?: Nullable<string>;
  user_id?: Nullable<string>;
  user_email?: Nullable<string>;
}

/** `GET /api/v2/saas-management/application-licenses/{id}` (v2 `PublicAPIListApplicationLicensesResponse`). */
export interface JumpCloudSaasLicenses {
  results?: Nullable<
    readonly {
      id?: Nullable<string>;
      name?: Nullable<string>;
      /** Licenses bought. */
      count?: Nullable<number>;
      /** Per user per month. */
      cost_per_license?: Nullable<number>;
      assigned?: Nullable<number>;
      unassigned?: Nullable<number>;
      is_unlimited?: Nullable<boolean>;
    }[]
  >;
  totalCount?: Nullable<number>;
  contract?: Nullable<{
    /** Yearly. */
    cost?: Nullable<number>;
    currency?: Nullable<string>;
    term?: Nullable<'MONTHLY_TERM' | 'YEARLY_TERM' | 'FREE_TERM'>;
    renewal_date?: Nullable<string>;
    notes?: Nullable<string>;
  }>;
}
