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
  expectedDevices,
  expectedDeviceUsers,
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
  DeviceUser,
  ExpectedAssignments,
  GroupMembership,
  ManagerEdge,
  PortalAdmin,
  SsoUsage,
  SsoWindow,
  UnconfiguredApp,
} from './groundTruth';
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
  EventApplication,
  EventPrincipal,
  GraphConnection,
  GraphObject,
  GraphObjectWithPaths,
  JcSystem,
  Organization,
  OsVersionDetail,
  RemovedApplication,
  SystemUser,
  UserGroup,
} from './types';
