/**
 * JumpCloud records as the simulator serves them. Their shapes are the
 * client's (`src/client/types.ts`, the one definition of JumpCloud's
 * objects, which lets every field be missing or null); each type here says
 * which of those fields the simulator always serves, which it serves now and
 * then, and where it narrows a field's type. Optional fields are optional on
 * purpose: real records omit them.
 *
 * This is the simulator's only import from `src/`, and it imports types only.
 */
import type * as Api from '../src/client/types';

export type {
  AdminRoleName,
  AuthnPolicyType,
  GraphAttributes,
  MfaEnrollmentStatus,
  SaasApplicationStatus,
  UserState,
} from '../src/client/types';

/** `T` without its index signature: the fields it declares by name. */
type Declared<T> = {
  [K in keyof T as string extends K
    ? never
    : number extends K
    ? never
    : K]: T[K];
};

type Field<T> = keyof Declared<T>;

/**
 * How the simulator serves a client type `T`. Fields not named keep `T`'s
 * type (may be missing, may be null). Every name must be a field `T`
 * declares, and a narrowed type must be one `T` accepts, so a field the
 * client does not know cannot creep in here.
 */
interface Serving<T> {
  /** Always present, never null. */
  always?: Field<T>;
  /** Always present, sometimes null. */
  alwaysOrNull?: Field<T>;
  /** Sometimes missing, never null. */
  sometimes?: Field<T>;
  /** Fields with a stricter type of the simulator's own (a nested object, literal values), and their own presence. */
  narrowed?: { [K in Field<T>]?: T[K] };
}

/** `S` itself, with every narrowed field that `T` does not declare typed `never`. */
type DeclaredOnly<T, S> = {
  [P in keyof S]: P extends 'narrowed'
    ? { [K in keyof S[P]]: K extends Field<T> ? S[P][K] : never }
    : S[P];
};

/** The fields `S` lists under `Group`. */
type Listed<T, S, Group extends keyof Serving<T>> = S extends {
  [P in Group]: infer K;
}
  ? Extract<K, keyof T>
  : never;

type Narrowed<S> = S extends { narrowed: infer N } ? N : unknown;

type Flat<T> = { [K in keyof T]: T[K] };

/** A client type `T` as the simulator serves it: see `Serving`. */
export type Served<T, S extends Serving<T> & DeclaredOnly<T, S>> = Flat<
  Omit<
    Declared<T>,
    | Listed<T, S, 'always'>
    | Listed<T, S, 'alwaysOrNull'>
    | Listed<T, S, 'sometimes'>
    | keyof Narrowed<S>
  > & { [K in Listed<T, S, 'always'>]: NonNullable<T[K]> } & {
    [K in Listed<T, S, 'alwaysOrNull'>]: Exclude<T[K], undefined>;
  } & { [K in Listed<T, S, 'sometimes'>]?: NonNullable<T[K]> } & Narrowed<S>
>;

/** `T` with every field it declares present and never null. */
type Complete<T> = Served<T, { always: Field<T> }>;

/** The object type of `T`'s field `K`, or of its items when it is a list. */
type Part<T, K extends keyof T> = NonNullable<
  T[K]
> extends readonly (infer Item)[]
  ? NonNullable<Item>
  : NonNullable<T[K]>;

export type Organization = Served<
  Api.JumpCloudOrganization,
  { always: '_id' | 'id' | 'created'; alwaysOrNull: 'displayName' | 'logoUrl' }
>;

export type SystemUser = Served<
  Api.JumpCloudUser,
  {
    always:
      | '_id'
      | 'id'
      | 'username'
      | 'email'
      | 'firstname'
      | 'lastname'
      | 'organization'
      | 'activated'
      | 'suspended'
      | 'account_locked'
      | 'badLoginAttempts'
      | 'password_expired'
      | 'password_never_expires'
      | 'totp_enabled'
      | 'enable_user_portal_multifactor'
      | 'addresses'
      | 'phoneNumbers'
      | 'attributes'
      | 'externally_managed'
      | 'external_dn'
      | 'external_source_type'
      | 'sudo'
      | 'passwordless_sudo'
      | 'allow_public_key'
      | 'ssh_keys'
      | 'unix_uid'
      | 'unix_guid'
      | 'enable_managed_uid'
      | 'ldap_binding_user'
      | 'samba_service_user'
      | 'disableDeviceMaxLoginAttempts'
      | 'systemUsername'
      | 'created';
    alwaysOrNull:
      | 'account_locked_date'
      | 'department'
      | 'jobTitle'
      | 'employeeType'
      | 'company'
      | 'costCenter'
      | 'location';
    sometimes:
      | 'middlename'
      | 'displayname'
      | 'description'
      | 'state'
      | 'alternateEmail';
    narrowed: {
      mfa?: Served<
        Part<Api.JumpCloudUser, 'mfa'>,
        {
          always: 'configured' | 'exclusion';
          sometimes: 'exclusionUntil' | 'exclusionDays';
        }
      >;
      /** A factor is missing now and then (a partial record); overallStatus never is. */
      mfaEnrollment?: Served<
        Part<Api.JumpCloudUser, 'mfaEnrollment'>,
        {
          always: 'overallStatus';
          sometimes:
            | 'totpStatus'
            | 'pushStatus'
            | 'webAuthnStatus'
            | 'jcGoStatus';
        }
      >;
      recoveryEmail?: Served<
        Part<Api.JumpCloudUser, 'recoveryEmail'>,
        { always: 'address' | 'verified' }
      >;
      restrictedFields?: readonly Complete<
        Part<Api.JumpCloudUser, 'restrictedFields'>
      >[];
    };
  }
>;

export type GraphObject = Served<
  Api.GraphObject,
  { always: 'id' | 'type'; alwaysOrNull: 'attributes' }
>;

/** A v2 edge (a group member, a binding); the simulator never sets `from`. */
export type GraphConnection = Served<
  Api.GraphConnection,
  { alwaysOrNull: 'attributes'; narrowed: { to: GraphObject } }
>;

export type UserGroup = Served<
  Api.JumpCloudUserGroup,
  {
    always: 'id' | 'name' | 'type' | 'email' | 'description';
    alwaysOrNull: 'attributes';
    sometimes: 'membershipMethod' | 'memberQuery';
  }
>;

/**
 * A device group as `GET /api/v2/systemgroups` returns it (v2 `SystemGroup`).
 * `memberQuery` only on dynamic groups; `email` now and then (empty).
 */
export type SystemGroup = Served<
  Api.JumpCloudSystemGroup,
  {
    always:
      | 'id'
      | 'name'
      | 'type'
      | 'description'
      | 'membershipMethod'
      | 'organizationObjectId';
    alwaysOrNull: 'attributes';
    sometimes: 'email' | 'memberQuery';
  }
>;

type PolicyPart<K extends keyof Api.JumpCloudAuthnPolicy> = Part<
  Api.JumpCloudAuthnPolicy,
  K
>;
type EffectPart<K extends keyof PolicyPart<'effect'>> = Part<
  PolicyPart<'effect'>,
  K
>;
type TargetsPart<K extends keyof PolicyPart<'targets'>> = Part<
  PolicyPart<'targets'>,
  K
>;

/** The conditional language of an authentication policy (v2 `AuthnPolicy.conditions`). */
export type AuthnCondition =
  | { deviceEncrypted: boolean }
  | { deviceManaged: boolean }
  | { ipAddressIn: string[] }
  | { locationIn: { countries: string[] } }
  | { not: AuthnCondition }
  | { all: AuthnCondition[] }
  | { any: AuthnCondition[] };

/** What a policy targets: one kind of resource, one of them by id or all of them. */
export type AuthnPolicyResource = Served<
  Api.AuthnPolicyResource,
  { always: 'type'; sometimes: 'id' }
>;

/**
 * An authentication (conditional access) policy as `GET
 * /api/v2/authn/policies` returns it (v2 `AuthnPolicy`). `monitorOnly` and
 * `description` now and then; `conditions` absent, `{}` or an expression.
 */
export type AuthnPolicy = Served<
  Api.JumpCloudAuthnPolicy,
  {
    always: 'id' | 'name' | 'disabled' | 'type';
    sometimes: 'description' | 'monitorOnly';
    narrowed: {
      effect: Served<
        PolicyPart<'effect'>,
        {
          narrowed: {
            action: 'allow' | 'deny';
            obligations?: Served<
              EffectPart<'obligations'>,
              {
                narrowed: {
                  mfa?: Complete<Part<EffectPart<'obligations'>, 'mfa'>>;
                };
              }
            >;
          };
        }
      >;
      targets: Served<
        PolicyPart<'targets'>,
        {
          sometimes: 'excludedApplications';
          narrowed: {
            resources: readonly AuthnPolicyResource[];
            userGroups?: Served<
              TargetsPart<'userGroups'>,
              { sometimes: 'inclusions' | 'exclusions' }
            >;
          };
        }
      >;
      conditions?: AuthnCondition | Record<string, never>;
    };
  }
>;

export type Application = Served<
  Api.JumpCloudApplication,
  {
    always:
      | '_id'
      | 'id'
      | 'name'
      | 'displayName'
      | 'displayLabel'
      | 'description'
      | 'active'
      | 'beta'
      | 'organization'
      | 'ssoUrl'
      | 'learnMore'
      | 'created'
      | 'databaseAttributes';
    alwaysOrNull: 'color';
    narrowed: {
      logo: Served<
        Part<Api.JumpCloudApplication, 'logo'>,
        { always: 'url'; sometimes: 'color' }
      >;
      sso: Served<
        Part<Api.JumpCloudApplication, 'sso'>,
        {
          always: 'jit' | 'beta';
          sometimes: 'hidden' | 'idpCertExpirationAt';
          narrowed: { type: 'saml' | 'oidc' };
        }
      >;
      config: Record<string, unknown>;
    };
  }
>;

/**
 * An administrator as `GET /api/users` returns it (v1 `userreturn`): signs in
 * to the console, shows up as a DI initiator. Separate from system users; an
 * admin who is also a user shares only the e-mail address.
 */
export type Administrator = Served<
  Api.JumpCloudAdministrator,
  {
    always:
      | '_id'
      | 'id'
      | 'email'
      | 'firstname'
      | 'lastname'
      | 'role'
      | 'organization'
      | 'suspended'
      | 'enableMultiFactor'
      | 'totpEnrolled'
      | 'created'
      | 'sessionCount'
      | 'usersTimeZone'
      | 'lastWhatsNewChecked'
      | 'passwordUpdatedAt'
      | 'disableIntroduction'
      | 'apiKeyAllowed'
      | 'apiKeySet';
    /** provider: portal-level administrators only; apiKeyUpdatedAt: with an API key; totpUpdatedAt: with TOTP enrolled. */
    sometimes: 'provider' | 'apiKeyUpdatedAt' | 'totpUpdatedAt';
    narrowed: { roleName: Api.AdminRoleName };
  }
>;

export type OsVersionDetail = Complete<
  Part<Api.JumpCloudSystem, 'osVersionDetail'>
>;

type SystemPart<K extends keyof Api.JumpCloudSystem> = Part<
  Api.JumpCloudSystem,
  K
>;

/**
 * A device as `GET /api/systems` returns it (v1 `system`). Nested objects are
 * often shared between records and frozen; treat records as read-only.
 */
export type JcSystem = Served<
  Api.JumpCloudSystem,
  {
    always:
      | '_id'
      | 'id'
      | 'displayName'
      | 'hostname'
      | 'description'
      | 'organization'
      | 'os'
      | 'osFamily'
      | 'version'
      | 'arch'
      | 'archFamily'
      | 'agentVersion'
      | 'agentHasFullDiskAccess'
      | 'active'
      | 'created'
      | 'remoteIP'
      | 'azureAdJoined'
      | 'systemTimezone'
      | 'desktopCapable'
      | 'hasServiceAccount'
      | 'isPolicyBound'
      | 'allowMultiFactorAuthentication'
      | 'allowPublicKeyAuthentication'
      | 'allowSshPasswordAuthentication'
      | 'allowSshRootLogin'
      | 'sshRootEnabled'
      | 'modifySSHDConfig'
      | 'attributes'
      | 'tags'
      | 'templateName';
    /** lastContact is null when the agent never checked in. */
    alwaysOrNull: 'lastContact' | 'serialNumber' | 'hwVendor' | 'fileSystem';
    /** EC2 instances only. */
    sometimes: 'amazonInstanceID';
    narrowed: {
      osVersionDetail: OsVersionDetail;
      networkInterfaces: readonly Complete<SystemPart<'networkInterfaces'>>[];
      fde: Complete<SystemPart<'fde'>>;
      domainInfo: Complete<SystemPart<'domainInfo'>>;
      mdm: Served<
        SystemPart<'mdm'>,
        {
          always: 'vendor';
          sometimes: 'dep' | 'userApproved' | 'enrollmentType';
        }
      >;
      primarySystemUser: Served<
        SystemPart<'primarySystemUser'>,
        { alwaysOrNull: 'id' }
      >;
      provisionMetadata: Served<
        SystemPart<'provisionMetadata'>,
        {
          narrowed: {
            provisioner: Served<
              Part<SystemPart<'provisionMetadata'>, 'provisioner'>,
              { always: 'type'; sometimes: 'provisionerId' }
            >;
          };
        }
      >;
      userMetrics: readonly Complete<SystemPart<'userMetrics'>>[];
      systemInsights: Complete<SystemPart<'systemInsights'>>;
      policyStats: Complete<SystemPart<'policyStats'>>;
      builtInCommands: readonly Complete<SystemPart<'builtInCommands'>>[];
      sshdParams: readonly Complete<SystemPart<'sshdParams'>>[];
    };
  }
>;

/** A row of the v2 traversal routes (`/systems/{id}/users`, `/users/{id}/systems`). */
export type GraphObjectWithPaths = Served<
  Api.GraphObjectWithPaths,
  {
    always: 'id' | 'type';
    alwaysOrNull: 'compiledAttributes';
    narrowed: { paths: GraphConnection[][] };
  }
>;

/** Who a Directory Insights event names in `initiated_by`: a user (deleted ones too) or an administrator. */
export type EventPrincipal = Served<
  Part<Api.SsoEvent, 'initiated_by'>,
  { always: 'id' | 'username'; narrowed: { type: 'user' | 'admin' } }
>;

/** The `application` of an sso_auth event. */
export type EventApplication = Complete<Part<Api.SsoEvent, 'application'>>;

/** A connector that was deleted but still appears in sign-in history. */
export type RemovedApplication = Pick<
  Application,
  'id' | 'name' | 'displayLabel' | 'ssoUrl'
> & { ssoType: Application['sso']['type'] };

type SaasLicensesPart<K extends keyof Api.JumpCloudSaasLicenses> = Part<
  Api.JumpCloudSaasLicenses,
  K
>;

/**
 * An application SaaS Management discovered, as `GET
 * /api/v2/saas-management/applications/{id}` returns it (v2
 * `PublicAPIApplication`). The list (`PublicAPIApplicationListEntity`)
 * serves it without `name`, and with `discovery_source_types` on
 * `expand=discovery_source_types`; the item adds `sso_apps` on
 * `expand=sso_apps` (see `SaasSsoApp`). `name` keeps its odd case and
 * spaces. No `alternative_button`, `alternative_button_url` or
 * `custom_restriction_message`: the client does not declare them.
 */
export type SaasApplication = Served<
  Api.JumpCloudSaasApplication,
  {
    always: 'id' | 'name' | 'discovered_at' | 'restriction_excluded_group_ids';
    sometimes: 'catalog_app_id' | 'owner_user_id';
    narrowed: {
      status: NonNullable<Api.SaasApplicationStatus>;
      access_restriction: NonNullable<
        Api.JumpCloudSaasApplication['access_restriction']
      >;
    };
  }
>;

/**
 * An account in a discovered application (v2 `PublicAPIAccount`).
 * `user_id` is missing, null or empty when JumpCloud ties it to nobody, and
 * may name a deleted user; an account has an `email`, a `username` or both.
 */
export type SaasAccount = Served<
  Api.JumpCloudSaasAccount,
  { always: 'id' | 'parent_app_id'; sometimes: 'email' | 'username' }
>;

/**
 * A row of `GET …/applications/{id}/usage?day_count=N` (v2
 * `PublicAPIApplicationUsageListEntity`): one per account used in the last
 * N days. `user_id` when the account names one, `user_email` when that user
 * exists.
 */
export type SaasUsageRow = Served<
  Api.JumpCloudSaasUsage,
  {
    always: 'account_id' | 'latest_used_at';
    sometimes: 'account_email' | 'account_username' | 'user_id' | 'user_email';
  }
>;

/** One license tier of an application (v2 `PublicAPILicenseEntity`); no `cost_per_license` now and then. */
export type SaasLicenseTier = Served<
  SaasLicensesPart<'results'>,
  {
    always:
      | 'id'
      | 'name'
      | 'count'
      | 'assigned'
      | 'unassigned'
      | 'is_unlimited';
    sometimes: 'cost_per_license';
  }
>;

/** An application's license contract (v2 `PublicAPILicenseContractEntity`). */
export type SaasContract = Served<
  SaasLicensesPart<'contract'>,
  {
    always: 'cost' | 'currency' | 'renewal_date';
    sometimes: 'notes';
    narrowed: { term: 'MONTHLY_TERM' | 'YEARLY_TERM' | 'FREE_TERM' };
  }
>;

/**
 * `GET /api/v2/saas-management/application-licenses/{id}` (v2
 * `PublicAPIListApplicationLicensesResponse`): the tiers and the contract;
 * `{results: [], totalCount: 0}` without either.
 */
export type SaasLicenses = Served<
  Api.JumpCloudSaasLicenses,
  {
    always: 'totalCount';
    narrowed: {
      results: readonly SaasLicenseTier[];
      contract?: SaasContract;
    };
  }
>;

/**
 * An SSO connection of a discovered application (v2 `PublicAPISSOApp`), as
 * `expand=sso_apps` adds it to the item. Not in the client's types (it does
 * not ask for it): the simulator's own.
 */
export interface SaasSsoApp {
  id: string;
  app_name: string;
  display_label: string;
  template_name: string;
  status: 'CONNECTED' | 'NOT_CONNECTED';
}

/**
 * A row of `GET /api/v2/saas-management/application-licenses` (v2
 * `PublicAPILicenseListResponseItem`): one per application with license
 * tiers. Not in the client's types (it reads each application's licenses
 * instead): the simulator's own.
 */
export interface SaasLicenseSummary {
  id: string;
  currency: string;
  licenses: { total: number; assigned: number; unassigned: number };
  costs: {
    estimated_cost: number;
    contract_cost: number;
    saving_opportunity_cost: number;
  };
  renewal_date: string;
  contract_term: SaasContract['term'];
}
