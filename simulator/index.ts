export { generateTenant } from './tenant';
export type { Tenant, TenantOptions } from './tenant';
export { startSimulator } from './server';
export type {
  RequestRecord,
  RunningSimulator,
  SimulatorOptions,
} from './server';
export type {
  FaultName,
  Faults,
  FaultStatus,
  InsightsPagingKind,
  ListLieKind,
  RedirectStatus,
  Targeted,
} from './faults';
export { checkFaults, STATUS_FAULT_BODIES } from './faults';
export {
  expectedAdmins,
  expectedAdminUserLinks,
  expectedAssignments,
  expectedAuthPolicies,
  expectedDeviceBindings,
  expectedDeviceGroupMembers,
  expectedDeviceGroups,
  expectedDevices,
  expectedDeviceUsers,
  expectedFactorStatuses,
  expectedMfaRequiredByPolicy,
  expectedGroupMemberships,
  expectedManagerEdges,
  expectedPortalAdmins,
  expectedMemberCount,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  expectedUserIds,
  ssoWindowBounds,
} from './groundTruth';
export type {
  AdminUserLink,
  Binding,
  DeviceBindings,
  DeviceGroupCount,
  DeviceGroupMember,
  DeviceUser,
  ExpectedAuthPolicy,
  FactorStatuses,
  ExpectedAssignments,
  GroupMembership,
  ManagerEdge,
  PortalAdmin,
  SsoUsage,
  SsoWindow,
  UnconfiguredApp,
} from './groundTruth';
export {
  expectedSaasAccounts,
  expectedSaasApplications,
  expectedSaasTotals,
} from './saasGroundTruth';
export type {
  ExpectedSaasAccount,
  ExpectedSaasApplication,
  ExpectedSaasTotals,
} from './saasGroundTruth';
export {
  defaultSaasApplicationCount,
  SAAS_ACTIVE_DAYS,
  SAAS_USAGE_DAYS,
} from './saas';
export type { SaasManagement } from './saas';
export { EventLog, EventKind } from './events';
export { eventRow } from './eventRows';
export { SSO_WINDOW_QUIET_MS } from './eventGeneration';
export { parseSimulatorArgs, DEMO_API_KEY } from './cliArgs';
export type { SimulatorArgs } from './cliArgs';
export { ObjectIdFactory, Random } from './random';
export {
  ADMIN_ROLE_NAMES,
  keyAdministrators,
  portalAdministrators,
  providerOrganizationId,
} from './admins';
export type {
  Administrator,
  AdminRoleName,
  Application,
  AuthnCondition,
  AuthnPolicy,
  AuthnPolicyResource,
  EventApplication,
  EventPrincipal,
  GraphConnection,
  GraphObject,
  GraphObjectWithPaths,
  JcSystem,
  Organization,
  OsVersionDetail,
  RemovedApplication,
  SaasAccount,
  SaasApplication,
  SaasContract,
  SaasLicenses,
  SaasLicenseSummary,
  SaasLicenseTier,
  SaasSsoApp,
  SaasUsageRow,
  SystemGroup,
  SystemUser,
  UserGroup,
} from './types';
