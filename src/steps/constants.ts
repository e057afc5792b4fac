import {
  RelationshipClass,
  RelationshipDirection,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  ACCOUNT: 'fetch-account',
  USERS: 'fetch-users',
  GROUPS: 'fetch-groups',
  GROUP_USER_RELATIONSHIPS: 'build-group-user-relationships',
  SSO_APPS: 'fetch-sso-apps',
  SSO_USAGE: 'build-sso-usage',
  APPLICATION_ASSIGNMENTS: 'build-application-assignment-relationships',
  ADMINS: 'fetch-admins',
  DEVICES: 'fetch-devices',
  DEVICE_GROUPS: 'fetch-device-groups',
  DEVICE_BINDINGS: 'build-device-binding-relationships',
  AUTH_POLICIES: 'fetch-auth-policies',
  SAAS_MANAGEMENT: 'fetch-saas-management',
  SAAS_SSO_RELATIONSHIPS: 'build-saas-application-relationships',
  USER_PEOPLE: 'map-users-to-people',
} as const;

export const Entities = {
  ACCOUNT: {
    resourceName: 'Account',
    _type: 'jumpcloud_account',
    _class: ['Account', 'Organization'],
  },
  USER: {
    resourceName: 'User',
    _type: 'jumpcloud_user',
    _class: ['User'],
  },
  GROUP: {
    resourceName: 'User Group',
    _type: 'jumpcloud_group',
    _class: ['Group'],
  },
  APPLICATION: {
    resourceName: 'SSO Application',
    _type: 'jumpcloud_application',
    _class: ['Application'],
  },
  ADMIN: {
    resourceName: 'Administrator',
    _type: 'jumpcloud_admin',
    _class: ['User'],
  },
  DEVICE: {
    resourceName: 'Device',
    _type: 'jumpcloud_device',
    _class: ['Device'],
  },
  DEVICE_GROUP: {
    resourceName: 'Device Group',
    _type: 'jumpcloud_device_group',
    _class: ['Group'],
  },
  AUTH_POLICY: {
    resourceName: 'Authentication Policy',
    _type: 'jumpcloud_auth_policy',
    _class: ['AccessPolicy'],
  },
  SAAS_APPLICATION: {
    resourceName: 'SaaS Application',
    _type: 'jumpcloud_saas_application',
    _class: ['Application'],
  },
  SAAS_ACCOUNT: {
    resourceName: 'SaaS Account',
    _type: 'jumpcloud_saas_account',
    _class: ['User'],
  },
} satisfies Record<string, StepEntityMetadata>;

export const Relationships = {
  ACCOUNT_HAS_USER: {
    _type: 'jumpcloud_account_has_user',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.USER._type,
  },
  USER_MANAGES_USER: {
    _type: 'jumpcloud_user_manages_user',
    _class: RelationshipClass.MANAGES,
    sourceType: Entities.USER._type,
    targetType: Entities.USER._type,
  },
  ACCOUNT_HAS_GROUP: {
    _type: 'jumpcloud_account_has_group',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.GROUP._type,
  },
  GROUP_HAS_USER: {
    _type: 'jumpcloud_group_has_user',
    _class: RelationshipClass.HAS,
    sourceType: Entities.GROUP._type,
    targetType: Entities.USER._type,
  },
  ACCOUNT_HAS_APPLICATION: {
    _type: 'jumpcloud_account_has_application',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.APPLICATION._type,
  },
  USER_USES_APPLICATION: {
    _type: 'jumpcloud_user_uses_application',
    _class: RelationshipClass.USES,
    sourceType: Entities.USER._type,
    targetType: Entities.APPLICATION._type,
  },
  USER_ASSIGNED_APPLICATION: {
    _type: 'jumpcloud_user_assigned_application',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.USER._type,
    targetType: Entities.APPLICATION._type,
  },
  GROUP_ASSIGNED_APPLICATION: {
    _type: 'jumpcloud_group_assigned_application',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.GROUP._type,
    targetType: Entities.APPLICATION._type,
  },
  ACCOUNT_HAS_ADMIN: {
    _type: 'jumpcloud_account_has_admin',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.ADMIN._type,
  },
  ADMIN_IS_USER: {
    _type: 'jumpcloud_admin_is_user',
    _class: RelationshipClass.IS,
    sourceType: Entities.ADMIN._type,
    targetType: Entities.USER._type,
  },
  ACCOUNT_HAS_DEVICE: {
    _type: 'jumpcloud_account_has_device',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.DEVICE._type,
  },
  USER_USES_DEVICE: {
    _type: 'jumpcloud_user_uses_device',
    _class: RelationshipClass.USES,
    sourceType: Entities.USER._type,
    targetType: Entities.DEVICE._type,
  },
  ACCOUNT_HAS_DEVICE_GROUP: {
    _type: 'jumpcloud_account_has_device_group',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.DEVICE_GROUP._type,
  },
  DEVICE_GROUP_HAS_DEVICE: {
    _type: 'jumpcloud_device_group_has_device',
    _class: RelationshipClass.HAS,
    sourceType: Entities.DEVICE_GROUP._type,
    targetType: Entities.DEVICE._type,
  },
  GROUP_ASSIGNED_DEVICE_GROUP: {
    _type: 'jumpcloud_group_assigned_device_group',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.GROUP._type,
    targetType: Entities.DEVICE_GROUP._type,
  },
  GROUP_ASSIGNED_DEVICE: {
    _type: 'jumpcloud_group_assigned_device',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.GROUP._type,
    targetType: Entities.DEVICE._type,
  },
  USER_ASSIGNED_DEVICE_GROUP: {
    _type: 'jumpcloud_user_assigned_device_group',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.USER._type,
    targetType: Entities.DEVICE_GROUP._type,
  },
  ACCOUNT_HAS_AUTH_POLICY: {
    _type: 'jumpcloud_account_has_auth_policy',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.AUTH_POLICY._type,
  },
  AUTH_POLICY_ASSIGNED_GROUP: {
    _type: 'jumpcloud_auth_policy_assigned_group',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.AUTH_POLICY._type,
    targetType: Entities.GROUP._type,
  },
  /**
   * A user group a policy leaves out (its `exclusions`): membership overrides
   * the policy. The data model has no "excludes" class; OVERRIDES, from the
   * group, is the closest.
   */
  GROUP_OVERRIDES_AUTH_POLICY: {
    _type: 'jumpcloud_group_overrides_auth_policy',
    _class: RelationshipClass.OVERRIDES,
    sourceType: Entities.GROUP._type,
    targetType: Entities.AUTH_POLICY._type,
  },
  AUTH_POLICY_ASSIGNED_APPLICATION: {
    _type: 'jumpcloud_auth_policy_assigned_application',
    _class: RelationshipClass.ASSIGNED,
    sourceType: Entities.AUTH_POLICY._type,
    targetType: Entities.APPLICATION._type,
  },
  ACCOUNT_HAS_SAAS_APPLICATION: {
    _type: 'jumpcloud_account_has_saas_application',
    _class: RelationshipClass.HAS,
    sourceType: Entities.ACCOUNT._type,
    targetType: Entities.SAAS_APPLICATION._type,
  },
  SAAS_APPLICATION_HAS_ACCOUNT: {
    _type: 'jumpcloud_saas_application_has_account',
    _class: RelationshipClass.HAS,
    sourceType: Entities.SAAS_APPLICATION._type,
    targetType: Entities.SAAS_ACCOUNT._type,
  },
  USER_OWNS_SAAS_ACCOUNT: {
    _type: 'jumpcloud_user_owns_saas_account',
    _class: RelationshipClass.OWNS,
    sourceType: Entities.USER._type,
    targetType: Entities.SAAS_ACCOUNT._type,
  },
  SAAS_APPLICATION_IS_APPLICATION: {
    _type: 'jumpcloud_saas_application_is_application',
    _class: RelationshipClass.IS,
    sourceType: Entities.SAAS_APPLICATION._type,
    targetType: Entities.APPLICATION._type,
  },
} satisfies Record<string, StepRelationshipMetadata>;

/** The platform's own person (employee) entities, matched by e-mail. */
export const PERSON_ENTITY = { _type: 'employee', _class: 'Person' } as const;

export const MappedRelationships = {
  USER_IS_PERSON: {
    _type: 'jumpcloud_user_is_person',
    _class: RelationshipClass.IS,
    sourceType: Entities.USER._type,
    targetType: PERSON_ENTITY._type,
    direction: RelationshipDirection.FORWARD,
  },
} satisfies Record<string, StepMappedRelationshipMetadata>;

/** Keys of `jobState.setData`, shared between steps. */
export const DataKeys = {
  /** Entity[]: one account per collected organization, for the account HAS x relationships. */
  ACCOUNT_ENTITIES: 'jumpcloud:account-entities',
  /** GroupMembership: member user ids per group, read once in fetch-groups. */
  GROUP_MEMBERSHIP: 'jumpcloud:group-membership',
  /** Record<organizationId, userId[]>: the users collected per organization. */
  USER_IDS_BY_ORGANIZATION: 'jumpcloud:user-ids-by-organization',
  /** UserIdsByEmail: collected user ids by lower-cased e-mail. */
  USER_IDS_BY_EMAIL: 'jumpcloud:user-ids-by-email',
  /** SsoWindow: the time range of SSO sign-ins fetch-sso-apps read. */
  SSO_WINDOW: 'jumpcloud:sso-window',
  /** Record<organizationId, groupId[]>: the user groups collected per organization. */
  USER_GROUP_IDS_BY_ORGANIZATION: 'jumpcloud:user-group-ids-by-organization',
  /** Record<organizationId, systemId[]>: the devices collected per organization. */
  DEVICE_IDS_BY_ORGANIZATION: 'jumpcloud:device-ids-by-organization',
  /** Record<organizationId, groupId[]>: the device groups collected per organization. */
  DEVICE_GROUP_IDS_BY_ORGANIZATION:
    'jumpcloud:device-group-ids-by-organization',
  /** FoldedSignIns[]: each organization's sign-ins as fetch-sso-apps folded them, for build-sso-usage. */
  SSO_SIGN_INS: 'jumpcloud:sso-sign-ins',
  /** Record<saasApplicationId, applicationId[]>: configured SSO applications with a discovered application's name. */
  SAAS_SSO_MATCHES: 'jumpcloud:saas-sso-matches',
} as const;

/**
 * The optional areas a user can switch off in the tile (the SDK's ingestion
 * sources). A switched-off source's steps, and the steps that depend on
 * them, do not run: they make no request and write nothing.
 */
export const IngestionSources = {
  SIGN_IN_USAGE: 'sign-in-usage',
  DEVICES: 'devices',
  AUTH_POLICIES: 'auth-policies',
  ADMINISTRATORS: 'administrators',
  SAAS_MANAGEMENT: 'saas-management',
} as const;

export type IngestionSource =
  (typeof IngestionSources)[keyof typeof IngestionSources];
