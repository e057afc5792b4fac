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
  MfaEnrollmentStatus,
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
      mfaEnrollment?: Served<
        Part<Api.JumpCloudUser, 'mfaEnrollment'>,
        {
          always:
            | 'overallStatus'
            | 'totpStatus'
            | 'pushStatus'
            | 'webAuthnStatus';
          sometimes: 'jcGoStatus';
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
