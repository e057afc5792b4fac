export { generateTenant } from './tenant';
export type { Tenant, TenantOptions } from './tenant';
export { startSimulator } from './server';
export type {
  RequestRecord,
  RunningSimulator,
  SimulatorOptions,
} from './server';
export type { Faults } from './faults';
export {
  expectedAssignments,
  expectedGroupMemberships,
  expectedMemberCount,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  expectedUserIds,
  ssoWindowBounds,
} from './groundTruth';
export type {
  ExpectedAssignments,
  GroupMembership,
  SsoUsage,
  SsoWindow,
  UnconfiguredApp,
} from './groundTruth';
export { EventLog, EventKind } from './events';
export type { EventApplication, EventPrincipal } from './events';
export { eventRow } from './eventRows';
export { SSO_WINDOW_QUIET_MS } from './eventGeneration';
export { parseSimulatorArgs, DEMO_API_KEY } from './cliArgs';
export type { SimulatorArgs } from './cliArgs';
export { ObjectIdFactory, Random } from './random';
export type {
  Administrator,
  Application,
  GraphConnection,
  GraphObject,
  Organization,
  RemovedApplication,
  SystemUser,
  UserGroup,
} from './types';
