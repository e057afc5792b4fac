import { GraphObject } from './collections';
import {
  forEachGraphObject,
  incompleteLine,
  notRead,
  OpenCollection,
  TYPE_NOUNS,
  Types,
  whyIncomplete,
} from './collections';

/**
 * Everything the offline report shows, computed in two streaming passes over
 * a collection (entities, then relationships) so that 100,000 users cost a
 * few compact columns and integer sets, not the graph in memory. The
 * roll-ups are counts per application and per user (two integers a user for
 * the true-up), and the tables keep at most maxRows rows each.
 */

// Type names come from the integration's constants.
const {
  USER,
  GROUP,
  APPLICATION,
  ACCOUNT,
  USES,
  USER_ASSIGNED,
  GROUP_ASSIGNED,
  GROUP_HAS_USER,
  ADMIN,
  DEVICE,
  USES_DEVICE,
  ADMIN_IS_USER,
  AUTH_POLICY,
  SAAS_APPLICATION,
  SAAS_ACCOUNT,
  SAAS_HAS_ACCOUNT,
  SAAS_IS_APPLICATION,
} = Types;

export interface AnalyzeOptions {
  /** Rows kept per table; the rest are counted ("and N more"). */
  maxRows?: number;
  /** Users named per unencrypted device; the rest are counted. */
  maxUsersPerDevice?: number;
  /** Days of sign-ins the collection read, when known. */
  ssoEventsDays?: number;
}

export const DEFAULT_MAX_ROWS = 500;
const DEFAULT_MAX_USERS_PER_DEVICE = 10;
/** Applications named in a roll-up row (a user's); the rest are counted. */
const MAX_NAMES_PER_ROW = 6;

export interface UserRef {
  key: string;
  name: string;
  /** E-mail, else username. */
  login?: string;
  state: string;
  webLink?: string;
}

export interface ApplicationRef {
  key: string;
  name: string;
  webLink?: string;
}

export interface Table<Row> {
  rows: Row[];
  /** Rows in the finding; rows.length may be smaller (capped). */
  total: number;
}

export interface AdminRef {
  key: string;
  name: string;
  email?: string;
  role?: string;
}

export interface DeviceRef {
  key: string;
  name: string;
  hostname?: string;
  os?: string;
  osVersion?: string;
  serial?: string;
  active: boolean;
  /** Epoch ms of the agent's last contact. */
  lastSeenOn?: number;
  /** false: encryption off; undefined: JumpCloud reported none. */
  fdeActive?: boolean;
  webLink?: string;
}

export interface AdminMfaGapRow {
  admin: AdminRef;
  /** JumpCloud asks this administrator for a second factor. */
  mfaRequired: boolean;
}

export interface UnencryptedDeviceRow {
  device: DeviceRef;
  /** Users bound to the device, by name; at most maxUsersPerDevice. */
  users: UserRef[];
  userCount: number;
}

/**
 * What a user's access to a device compiles to (the USES edge): undefined
 * fields when the collection did not record them (an earlier version).
 */
export interface DeviceAccess {
  sudo?: boolean;
  sudoWithoutPassword?: boolean;
  /** A direct user → device binding is among the paths. */
  direct?: boolean;
  /** Paths (direct, user groups, device groups) that grant the access. */
  pathCount?: number;
}

export interface FlaggedUserDeviceRow {
  user: UserRef;
  device: DeviceRef;
  access: DeviceAccess;
}

/** One suspended or locked user's devices, with the sudo rights on them. */
export interface FlaggedDeviceUserRow {
  user: UserRef;
  devices: number;
  activeDevices: number;
  /** Devices the user has sudo on, with or without a password. */
  sudoDevices: number;
  passwordlessDevices: number;
}

/** A user who can become root on a device without a password. */
export interface PasswordlessSudoRow {
  user: UserRef;
  device: DeviceRef;
  access: DeviceAccess;
}

/** One user's devices with passwordless sudo. */
export interface PasswordlessSudoUserRow {
  user: UserRef;
  devices: number;
  activeDevices: number;
  /** Of the devices, those bound to the user directly (not only through groups). */
  direct: number;
  /** The devices, latest seen first; at most a few (devices says how many). */
  deviceNames: DeviceRef[];
}

/** A user's MFA factors as JumpCloud reports them (undefined: not reported). */
export interface FactorStatuses {
  totp?: string;
  push?: string;
  webAuthn?: string;
}

/**
 * A person with root or console access and no phishing-resistant factor:
 * a user with sudo on a device, an administrator through the user it is, or
 * both; or an administrator linked to no user (not known).
 */
export interface PhishableAccessRow {
  /** The user, when there is one (an administrator linked to none has not). */
  user?: UserRef;
  /** Active administrators who are this user (or this one, unlinked). */
  admins: AdminRef[];
  /** Devices the user has sudo on, and of them without a password (undefined: not known). */
  sudoDevices?: number;
  passwordlessDevices?: number;
  factors: FactorStatuses;
  /** Some second factor configured or enrolled (TOTP, push or WebAuthn). */
  mfaEnabled?: boolean;
  /** lacking: no phishing-resistant factor; unknown: no user to tell it from. */
  phishingResistant: 'lacking' | 'unknown';
}

/** A configured application no enforcing MFA policy covers. */
export interface ApplicationPolicyRow {
  application: ApplicationRef;
  /** Assigned seats (direct or through a group); undefined when not known. */
  assignedSeats?: number;
  ssoUserCount?: number;
  lastSsoOn?: number;
}

export interface OffboardingRow {
  user: UserRef;
  application: ApplicationRef;
  lastSsoOn?: number;
  ssoEventCount?: number;
}

/** The offboarding gap of one user: the pairs of that user, rolled up. */
export interface OffboardingUserRow {
  user: UserRef;
  /** Applications the user signed in to in the window. */
  applications: number;
  /** Their names, latest sign-in first; at most a few (applications says how many). */
  applicationNames: string[];
  ssoEventCount: number;
  lastSsoOn?: number;
}

export interface TrueUpRow {
  user: UserRef;
  application: ApplicationRef;
  /** "direct", "group Sales", "direct; groups Sales, Support". */
  how: string;
}

/** One application's seats: assigned, used in the window, and how assigned. */
export interface SeatSummary {
  application: ApplicationRef;
  assigned: number;
  signedIn: number;
  unused: number;
  /** Seats assigned to the user directly and through no group. */
  direct: number;
  /** Seats assigned only through user groups. */
  throughGroups: number;
  /** Seats assigned both directly and through a group. */
  both: number;
  /** User groups the application is assigned to. */
  groups: number;
}

/** One user's seats without a sign-in, across applications. */
export interface TrueUpUserRow {
  user: UserRef;
  unused: number;
  assigned: number;
  /** Applications of the unused seats, by name; at most a few. */
  applications: ApplicationRef[];
}

export interface MfaStateRow {
  state: string;
  users: number;
  withMfa: number;
  withoutMfa: number;
  excluded: number;
}

export interface MfaGapRow {
  user: UserRef;
  excludedUntil?: number;
  excluded: boolean;
  enrollment?: string;
}

export interface ObservedApplicationRow {
  application: ApplicationRef;
  ssoUserCount?: number;
  ssoEventCount?: number;
  lastSsoOn?: number;
}

/** A discovered application (SaaS Management). */
export interface SaasApplicationRow {
  application: ApplicationRef;
  /** newly_discovered, approved, unapproved, ignored. */
  status?: string;
  discoveredOn?: number;
  lastUsedOn?: number;
  accounts?: number;
  /** Accounts used in the last 30 days. */
  activeAccounts?: number;
}

/** An account in a discovered application that belongs to no JumpCloud user. */
export interface OrphanedAccountRow {
  account: {
    key: string;
    name: string;
    email?: string;
    username?: string;
    /** The JumpCloud user id it names, when it names one (deleted). */
    userId?: string;
  };
  /** The discovered application; undefined when no edge names it. */
  application?: ApplicationRef;
  /** active (30 days), inactive (90 days), unused. */
  status?: string;
  lastUsedOn?: number;
}

/** One application's orphaned accounts. */
export interface OrphanedApplicationRow {
  application?: ApplicationRef;
  accounts: number;
  active: number;
  inactive: number;
  unused: number;
  lastUsedOn?: number;
}

/** The paid licenses of one discovered application, or of several summed. */
export interface LicenseSummary {
  /** The discovered applications counted. */
  saasApplications: ApplicationRef[];
  licenses: number;
  /** Accounts used in the last 30 days. */
  activeAccounts: number;
  unusedLicenses: number;
  /** Per month, in currency; undefined when a price is not known. */
  unusedLicenseCost?: number;
  monthlyLicenseCost?: number;
  currency?: string;
}

/**
 * One application of the true-up: its SSO seats (assigned, used in the
 * window) and/or the licenses paid for it in SaaS Management; a discovered
 * application that IS an SSO application shares its row.
 */
export interface TrueUpApplicationRow {
  /** The SSO application, or the discovered one when there is none. */
  application: ApplicationRef;
  /** Every SSO application of the row (more than one: same name). */
  ssoApplications: ApplicationRef[];
  seats?: SeatSummary;
  licenses?: LicenseSummary;
}

/** The licenses paid for in SaaS Management, for the true-up. */
export interface LicenseTotals {
  /** Why licenses cannot be counted from this collection. */
  unavailable?: string;
  caveats: string[];
  /** Discovered applications with a counted number of licenses. */
  applications: number;
  licenses: number;
  unusedLicenses: number;
  applicationsWithUnused: number;
  /** Monthly cost of the unused licenses per currency ("" when none is given), most first. */
  unusedCost: [string, number][];
  /** Applications with unused licenses whose price is not known. */
  unpriced: number;
  /** Applications on an unlimited plan: nothing to count. */
  unlimited: number;
}

export interface Finding<T> {
  /** Why the finding could not be computed from this collection. */
  unavailable?: string;
  /** What the finding leaves out, when it is computed from partial data. */
  caveats: string[];
  table: Table<T>;
}

export interface TypeNode {
  type: string;
  count: number;
  /** A type other integrations own, reached by mapped relationships. */
  mapped?: boolean;
}

export interface TypeEdge {
  from: string;
  to: string;
  relationshipClass: string;
  relationshipType: string;
  count: number;
}

interface UserColumns {
  refs: UserRef[];
  /** Suspended or locked. */
  flagged: boolean[];
  suspended: boolean[];
  /** phishingResistantMfa; undefined when the collection does not record it. */
  phishingResistant: (boolean | undefined)[];
  mfaEnabled: boolean[];
  /** The three factor statuses, as codes into factorNames (see packFactors). */
  factors: number[];
}

/** A configured or observed application, for the policy finding. */
interface ApplicationColumns {
  configured: boolean;
  /** mfaRequiredByPolicy; undefined when not recorded. */
  mfaPolicy?: boolean;
  ssoUserCount?: number;
  lastSsoOn?: number;
}

/** A discovered application as pass 1 reads it. */
interface SaasApplication extends SaasApplicationRow {
  shadowIt?: boolean;
  licenses?: number;
  licensesUnlimited?: boolean;
  unusedLicenses?: number;
  unusedLicenseCost?: number;
  monthlyLicenseCost?: number;
  currency?: string;
  /** Keys of the SSO applications its ssoApplicationIds name. */
  ssoKeys: string[];
}

export interface ReportData {
  generatedAt: number;
  accounts: string[];
  ssoEventsDays?: number;
  steps: { id: string; name: string; status: string }[];
  partialTypes: string[];
  /**
   * Why the collection is incomplete, in one line for the top of the report;
   * undefined when it is complete.
   */
  incomplete?: string;
  entityCounts: [string, number][];
  relationshipCounts: [string, number][];
  users: number;
  suspendedOrLocked: number;
  /**
   * Sign-ins of suspended or locked users, per user–application pair (the
   * table) and per user (byUser: users is its total).
   */
  offboarding: Finding<OffboardingRow> & {
    users: number;
    /** Distinct applications they signed in to. */
    applications: number;
    /** Their sign-ins in the window, all pairs together. */
    ssoEvents: number;
    byUser: Table<OffboardingUserRow>;
  };
  /**
   * Assigned seats without a sign-in, per seat (the table; its total is the
   * unused seats), per application (byApplication: every application with
   * a seat, most unused first) and per user (byUser: users with an unused
   * seat, most first).
   */
  trueUp: Finding<TrueUpRow> & {
    assignedSeats: number;
    /** Applications with at least one unused seat. */
    applicationsWithUnused: number;
    byApplication: Table<SeatSummary>;
    byUser: Table<TrueUpUserRow>;
    /**
     * One row per application, SSO seats and SaaS licenses together (a
     * discovered application that IS an SSO application shares its row),
     * most unused first.
     */
    applications: Table<TrueUpApplicationRow>;
    licenses: LicenseTotals;
  };
  mfa: {
    /** What the MFA counts leave out, when users are incomplete. */
    caveats: string[];
    /**
     * Users by state, where "activated" is the active users (activated and
     * neither suspended nor locked) and locked users have rows of their own
     * ("activated, locked"): the headline's population is one row.
     */
    byState: MfaStateRow[];
    total: MfaStateRow;
    activeWithoutMfa: Table<MfaGapRow>;
    activeUsers: number;
    /** Activated users who are locked: not active, so counted apart. */
    lockedActivated: { users: number; withoutMfa: number };
  };
  /** Active administrators without MFA, with the counts of all administrators. */
  admins: Finding<AdminMfaGapRow> & {
    admins: number;
    active: number;
    suspended: number;
    withMfa: number;
    withoutMfa: number;
    /** Active administrators without MFA who are asked for it (not enrolled). */
    mfaRequiredNotEnrolled: number;
  };
  /** Active devices whose disks are not (known to be) encrypted. */
  unencryptedDevices: Finding<UnencryptedDeviceRow> & {
    devices: number;
    activeDevices: number;
    /** Of the table's total: encryption reported off, and not reported. */
    encryptionOff: number;
    notReported: number;
    /** Operating systems of the unencrypted devices, most first. */
    byOs: [string, number][];
    /** Distinct users bound to an unencrypted device. */
    users: number;
  };
  /** Device → user bindings of suspended or locked users. */
  flaggedUserDevices: Finding<FlaggedUserDeviceRow> & {
    users: number;
    /** Of the users, the suspended ones (the others are locked). */
    suspendedUsers: number;
    devices: number;
    /** Of those devices, the active ones. */
    activeDevices: number;
    /** Users with sudo on at least one of their devices. */
    sudoUsers: number;
    /** Devices on which one of the users has sudo, and without a password. */
    sudoDevices: number;
    passwordlessDevices: number;
    /** Per user, most devices first. */
    byUser: Table<FlaggedDeviceUserRow>;
  };
  /** Users who can become root on a device without a password, per pair. */
  passwordlessSudo: Finding<PasswordlessSudoRow> & {
    users: number;
    /** Of the users, the suspended or locked ones. */
    flaggedUsers: number;
    devices: number;
    activeDevices: number;
    /** Users with sudo on some device, with or without a password. */
    sudoUsers: number;
    byUser: Table<PasswordlessSudoUserRow>;
  };
  /**
   * Users with sudo on a device and active administrators (through the user
   * each one is) without a phishing-resistant factor; administrators linked
   * to no user are listed as not known. A part is undefined when the
   * collection cannot tell it (a caveat says why).
   */
  phishable: Finding<PhishableAccessRow> & {
    /**
     * Users with sudo on some device (not suspended); of them lacking, and
     * of those with a factor that can be phished (TOTP, push) or none.
     */
    sudo?: {
      users: number;
      lacking: number;
      phishableMfa: number;
      noMfa: number;
    };
    /** Active administrators; lacking through their user (and how); linked to none. */
    admins?: {
      active: number;
      lacking: number;
      phishableMfa: number;
      noMfa: number;
      unknown: number;
    };
    /** Of the people lacking: with a factor that can be phished (TOTP, push), and with none. */
    phishableMfa: number;
    noMfa: number;
  };
  /** Configured applications no enforcing policy requiring MFA covers. */
  applicationPolicies: Finding<ApplicationPolicyRow> & {
    configured: number;
    covered: number;
    /** Configured applications whose coverage the collection does not say. */
    unknown: number;
    policies: number;
    /** Enabled, not monitor-only, allowing with MFA required. */
    enforcingMfaPolicies: number;
    /** Seats assigned in the applications not covered; undefined when assignments are not known. */
    assignedSeats?: number;
  };
  /** Discovered applications with no SSO application of their name. */
  shadowIt: Finding<SaasApplicationRow> & {
    discovered: number;
    accounts: number;
    activeAccounts: number;
    /** Review status of the shadow-IT applications, most first. */
    byStatus: [string, number][];
  };
  /** Accounts in discovered applications that belong to no JumpCloud user. */
  orphanedAccounts: Finding<OrphanedAccountRow> & {
    /** Every account in a discovered application. */
    saasAccounts: number;
    applications: number;
    /** Of the orphaned accounts, used in the last 30 days. */
    active: number;
    byApplication: Table<OrphanedApplicationRow>;
  };
  observedOnly: Table<ObservedApplicationRow> &
    Pick<Finding<ObservedApplicationRow>, 'unavailable' | 'caveats'>;
  emptyGroups: number;
  typeGraph: { nodes: TypeNode[]; edges: TypeEdge[] };
}

export async function analyzeCollection(
  collection: OpenCollection,
  options: AnalyzeOptions = {},
): Promise<ReportData> {
  const { graph: graphDirectory, summary } = collection;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxUsersPerDevice =
    options.maxUsersPerDevice ?? DEFAULT_MAX_USERS_PER_DEVICE;

  // ---- Pass 1: entities ----
  const entityCounts = new Map<string, number>();
  /** Every entity key → its position; types and per-type positions alongside. */
  const entityIndex = new Map<string, number>();
  const entityType: string[] = [];
  const entityLocal: number[] = [];
  const accounts: string[] = [];

  // Users, groups and applications as columns indexed by position: compact
  // at 100,000 users, and the relationship pass works on those positions.
  const users: UserColumns = {
    refs: [],
    flagged: [],
    suspended: [],
    phishingResistant: [],
    mfaEnabled: [],
    factors: [],
  };
  const factorNames: string[] = [''];
  const groupNames: string[] = [];
  const apps: ApplicationRef[] = [];
  const appColumns: ApplicationColumns[] = [];
  const mfaStates = new Map<string, MfaStateRow>();
  const mfaGaps: { user: number; gap: Omit<MfaGapRow, 'user'> }[] = [];
  let activeUsers = 0;
  const observed: ObservedApplicationRow[] = [];
  const admins = { count: 0, active: 0, suspended: 0, withMfa: 0 };
  const adminGaps: AdminMfaGapRow[] = [];
  /** Every administrator, and whether it is active (not suspended). */
  const adminRefs: AdminRef[] = [];
  const adminActive: boolean[] = [];
  const policies = { count: 0, enforcingMfa: 0 };
  const saasApps: SaasApplication[] = [];
  let saasAccounts = 0;
  /** Only orphaned accounts are kept; their application comes from HAS. */
  const orphaned: (OrphanedAccountRow & { app?: number })[] = [];
  // Devices are kept like users; only the unencrypted ones get a user list.
  const devices: DeviceRef[] = [];
  let activeDevices = 0;
  const usersOfUnencrypted = new Map<number, number[]>();
  let emptyGroups = 0;

  await forEachGraphObject(graphDirectory, 'entities', (entity) => {
    const type = entity._type;
    entityCounts.set(type, (entityCounts.get(type) ?? 0) + 1);
    if (entityIndex.has(entity._key)) return; // written twice: count once
    let local = -1;
    if (type === USER) {
      local = users.refs.length;
      users.refs.push(toUserRef(entity));
      users.flagged.push(entity.suspended === true || entity.locked === true);
      users.suspended.push(lifeCycleState(entity) === 'suspended');
      users.phishingResistant.push(
        typeof entity.phishingResistantMfa === 'boolean'
          ? entity.phishingResistantMfa
          : undefined,
      );
      users.mfaEnabled.push(entity.mfaEnabled === true);
      users.factors.push(
        packFactors(factorNames, [
          entity.mfaTotpStatus,
          entity.mfaPushStatus,
          entity.mfaWebAuthnStatus,
        ]),
      );
      countMfa(mfaStates, entity);
      if (entity.active === true) {
        activeUsers++;
        if (entity.mfaEnabled !== true) {
          mfaGaps.push({
            user: local,
            gap: {
              excluded: entity.mfaExclusion === true,
              excludedUntil: numberOf(entity.mfaExclusionUntil),
              enrollment: stringOf(entity.mfaEnrollmentStatus),
            },
          });
        }
      }
    } else if (type === GROUP) {
      local = groupNames.length;
      groupNames.push(labelOf(entity));
      if (entity.memberCount === 0) emptyGroups++;
    } else if (type === APPLICATION) {
      local = apps.length;
      const application = toApplicationRef(entity);
      apps.push(application);
      appColumns.push({
        configured: entity.source !== 'sso_events',
        mfaPolicy:
          typeof entity.mfaRequiredByPolicy === 'boolean'
            ? entity.mfaRequiredByPolicy
            : undefined,
        ssoUserCount: numberOf(entity.ssoUserCount),
        lastSsoOn: numberOf(entity.lastSsoOn),
      });
      if (entity.source === 'sso_events') {
        observed.push({
          application,
          ssoUserCount: numberOf(entity.ssoUserCount),
          ssoEventCount: numberOf(entity.ssoEventCount),
          lastSsoOn: numberOf(entity.lastSsoOn),
        });
      }
    } else if (type === ADMIN) {
      local = adminRefs.length;
      adminRefs.push(toAdminRef(entity));
      admins.count++;
      if (entity.mfaEnabled === true) admins.withMfa++;
      if (entity.suspended === true) admins.suspended++;
      const active = entity.suspended !== true && entity.active !== false;
      adminActive.push(active);
      if (active) {
        admins.active++;
        if (entity.mfaEnabled !== true)
          adminGaps.push({
            admin: toAdminRef(entity),
            mfaRequired: entity.mfaRequired === true,
          });
      }
    } else if (type === DEVICE) {
      local = devices.length;
      const device = toDeviceRef(entity);
      devices.push(device);
      if (device.active) {
        activeDevices++;
        if (device.fdeActive !== true) usersOfUnencrypted.set(local, []);
      }
    } else if (type === ACCOUNT) {
      accounts.push(labelOf(entity));
    } else if (type === AUTH_POLICY) {
      policies.count++;
      if (entity.enforced === true && entity.mfaRequired === true)
        policies.enforcingMfa++;
    } else if (type === SAAS_APPLICATION) {
      local = saasApps.length;
      saasApps.push(toSaasApplication(entity));
    } else if (type === SAAS_ACCOUNT) {
      saasAccounts++;
      if (entity.orphaned === true) {
        local = orphaned.length;
        orphaned.push({
          account: {
            key: entity._key,
            name: labelOf(entity),
            email: stringOf(entity.email),
            username: stringOf(entity.username),
            userId: stringOf(entity.userId),
          },
          status: stringOf(entity.status),
          lastUsedOn: numberOf(entity.lastUsedOn),
        });
      }
    }
    entityIndex.set(entity._key, entityType.length);
    entityType.push(type);
    entityLocal.push(local);
  });

  // ---- Pass 2: relationships ----
  const appCount = apps.length;
  const pairOf = (user: number, app: number) => user * appCount + app;
  const relationshipCounts = new Map<string, number>();
  const typeEdges = new Map<string, TypeEdge>();
  const mappedTypes = new Map<string, number>();
  const usedPairs = new Set<number>();
  const directUsersByApp: number[][] = apps.map(() => []);
  const groupsByApp: number[][] = apps.map(() => []);
  const membersByGroup: number[][] = groupNames.map(() => []);
  const offboardingRows: OffboardingRow[] = [];
  const flaggedDeviceRows: FlaggedUserDeviceRow[] = [];
  // Device access: per user, devices with sudo (and active ones); the
  // passwordless pairs as three columns, however many there are.
  const sudoDevicesOf = new Uint32Array(users.refs.length);
  const passwordlessOf = new Uint32Array(users.refs.length);
  const passwordless = { users: [] as number[], devices: [] as number[] };
  const passwordlessAccess: number[] = []; // pathCount * 2 + direct
  const deviceAccessRecorded = { yes: 0, no: 0 };
  const usersOfAdmin = new Map<number, number[]>();
  const saasIs: [number, number][] = [];

  await forEachGraphObject(graphDirectory, 'relationships', (relationship) => {
    const relType = relationship._type;
    relationshipCounts.set(relType, (relationshipCounts.get(relType) ?? 0) + 1);
    const relClass = String(relationship._class ?? '');
    const mapping = relationship._mapping as
      | { sourceEntityKey?: string; targetEntity?: Record<string, unknown> }
      | undefined;
    if (mapping) {
      countMapped(
        typeEdges,
        mappedTypes,
        relationship,
        mapping,
        entityIndex,
        entityType,
      );
      return;
    }
    const from = entityIndex.get(String(relationship._fromEntityKey));
    const to = entityIndex.get(String(relationship._toEntityKey));
    if (from === undefined || to === undefined) return; // dangling: counted only
    const fromType = entityType[from];
    const toType = entityType[to];
    const edgeKey = `${fromType}|${relClass}|${toType}|${relType}`;
    const typeEdge = typeEdges.get(edgeKey);
    if (typeEdge) typeEdge.count++;
    else
      typeEdges.set(edgeKey, {
        from: fromType,
        to: toType,
        relationshipClass: relClass,
        relationshipType: relType,
        count: 1,
      });

    const fromLocal = entityLocal[from];
    const toLocal = entityLocal[to];
    if (fromType === USER && toType === APPLICATION) {
      if (relType === USES) {
        usedPairs.add(pairOf(fromLocal, toLocal));
        if (users.flagged[fromLocal]) {
          offboardingRows.push({
            user: users.refs[fromLocal],
            application: apps[toLocal],
            lastSsoOn: numberOf(relationship.lastSsoOn),
            ssoEventCount: numberOf(relationship.ssoEventCount),
          });
        }
      } else if (relType === USER_ASSIGNED) {
        directUsersByApp[toLocal].push(fromLocal);
      }
    } else if (
      fromType === GROUP &&
      toType === APPLICATION &&
      relType === GROUP_ASSIGNED
    ) {
      groupsByApp[toLocal].push(fromLocal);
    } else if (
      fromType === GROUP &&
      toType === USER &&
      relType === GROUP_HAS_USER
    ) {
      membersByGroup[fromLocal].push(toLocal);
    } else if (
      fromType === USER &&
      toType === DEVICE &&
      relType === USES_DEVICE
    ) {
      usersOfUnencrypted.get(toLocal)?.push(fromLocal);
      // Read in place: an object per edge adds up at a million edges.
      if (typeof relationship.sudo !== 'boolean') deviceAccessRecorded.no++;
      else deviceAccessRecorded.yes++;
      if (relationship.sudo === true) sudoDevicesOf[fromLocal]++;
      if (relationship.sudoWithoutPassword === true) {
        passwordlessOf[fromLocal]++;
        passwordless.users.push(fromLocal);
        passwordless.devices.push(toLocal);
        passwordlessAccess.push(
          (numberOf(relationship.pathCount) ?? 0) * 2 +
            (relationship.direct === true ? 1 : 0),
        );
      }
      if (users.flagged[fromLocal])
        flaggedDeviceRows.push({
          user: users.refs[fromLocal],
          device: devices[toLocal],
          access: toDeviceAccess(relationship),
        });
    } else if (
      fromType === ADMIN &&
      toType === USER &&
      relType === ADMIN_IS_USER
    ) {
      usersOfAdmin.set(fromLocal, [
        ...(usersOfAdmin.get(fromLocal) ?? []),
        toLocal,
      ]);
    } else if (
      fromType === SAAS_APPLICATION &&
      toType === APPLICATION &&
      relType === SAAS_IS_APPLICATION
    ) {
      saasIs.push([fromLocal, toLocal]);
    } else if (
      fromType === SAAS_APPLICATION &&
      toType === SAAS_ACCOUNT &&
      relType === SAAS_HAS_ACCOUNT &&
      toLocal >= 0
    ) {
      orphaned[toLocal].app = fromLocal;
    }
  });

  // ---- Findings ----
  // A finding whose main type was not read, or read only in part, says it
  // cannot be told; one that merely rests on an incomplete type says which
  // (mayBeIncomplete), so that no finding is built on missing data silently.
  const { partialTypes } = collection;
  const partial = new Set(partialTypes);
  const usageUnavailable = notCollected(
    collection,
    [USES],
    partial,
    'Sign-ins',
  );
  const mayBeIncomplete = (types: string[]) =>
    incompleteCaveats(collection, types);

  offboardingRows.sort(
    (a, b) =>
      (b.lastSsoOn ?? 0) - (a.lastSsoOn ?? 0) ||
      compareNames(a.user.name, b.user.name) ||
      compareNames(a.application.name, b.application.name),
  );
  // Per user, in the order above: the first pair of a user is the latest.
  // Only suspended or locked users who signed in, so a few.
  const offboardingByUser = new Map<
    string,
    OffboardingUserRow & { seen: Set<string> }
  >();
  let offboardingEvents = 0;
  const offboardingApps = new Set<string>();
  for (const row of offboardingRows) {
    offboardingEvents += row.ssoEventCount ?? 0;
    offboardingApps.add(row.application.key);
    const entry = offboardingByUser.get(row.user.key) ?? {
      user: row.user,
      applications: 0,
      applicationNames: [],
      ssoEventCount: 0,
      lastSsoOn: row.lastSsoOn,
      seen: new Set<string>(),
    };
    entry.ssoEventCount += row.ssoEventCount ?? 0;
    if (!entry.seen.has(row.application.key)) {
      entry.seen.add(row.application.key);
      entry.applications++;
      if (entry.applicationNames.length < MAX_NAMES_PER_ROW)
        entry.applicationNames.push(row.application.name);
    }
    offboardingByUser.set(row.user.key, entry);
  }
  const offboardingUserRows: OffboardingUserRow[] = [
    ...offboardingByUser.values(),
  ].map(({ seen: _seen, ...row }) => row);

  // License true-up, one application at a time so that only one
  // application's assignees are ever expanded in memory; per user, two
  // counts a user.
  const seats: SeatSummary[] = [];
  const seatsOfApp = new Map<number, SeatSummary>();
  const trueUpRows: TrueUpRow[] = [];
  let unusedSeats = 0;
  let assignedSeats = 0;
  const unusedByUser = new Uint32Array(users.refs.length);
  const assignedByUser = new Uint32Array(users.refs.length);
  const appOrder = apps
    .map((_, i) => i)
    .sort((a, b) => compareNames(apps[a].name, apps[b].name));
  for (const app of appOrder) {
    const how = new Map<number, { direct: boolean; groups: number[] }>();
    for (const user of directUsersByApp[app]) {
      const entry = how.get(user) ?? { direct: false, groups: [] };
      entry.direct = true;
      how.set(user, entry);
    }
    for (const group of groupsByApp[app]) {
      for (const user of membersByGroup[group]) {
        const entry = how.get(user) ?? { direct: false, groups: [] };
        entry.groups.push(group);
        how.set(user, entry);
      }
    }
    if (how.size === 0) continue;
    const summary: SeatSummary = {
      application: apps[app],
      assigned: how.size,
      signedIn: 0,
      unused: 0,
      direct: 0,
      throughGroups: 0,
      both: 0,
      groups: new Set(groupsByApp[app]).size,
    };
    const unused: number[] = [];
    for (const [user, entry] of how) {
      if (entry.direct && entry.groups.length > 0) summary.both++;
      else if (entry.direct) summary.direct++;
      else summary.throughGroups++;
      assignedByUser[user]++;
      if (usedPairs.has(pairOf(user, app))) continue;
      unused.push(user);
      unusedByUser[user]++;
    }
    summary.unused = unused.length;
    summary.signedIn = how.size - unused.length;
    seats.push(summary);
    seatsOfApp.set(app, summary);
    assignedSeats += how.size;
    unusedSeats += unused.length;
    if (trueUpRows.length >= maxRows) continue;
    unused.sort((a, b) => compareNames(users.refs[a].name, users.refs[b].name));
    for (const user of unused.slice(0, maxRows - trueUpRows.length)) {
      const entry = how.get(user)!;
      trueUpRows.push({
        user: users.refs[user],
        application: apps[app],
        how: describeAssignment(entry, groupNames),
      });
    }
  }
  seats.sort(
    (a, b) =>
      b.unused - a.unused ||
      b.assigned - a.assigned ||
      compareNames(a.application.name, b.application.name),
  );

  // Users with the most unused seats; the applications of the first
  // maxRows of them in one more walk over the assignments.
  const usersWithUnused: number[] = [];
  unusedByUser.forEach((n, user) => {
    if (n > 0) usersWithUnused.push(user);
  });
  usersWithUnused.sort(
    (a, b) =>
      unusedByUser[b] - unusedByUser[a] ||
      compareNames(users.refs[a].name, users.refs[b].name),
  );
  const shownUsers = usersWithUnused.slice(0, maxRows);
  const unusedAppsOf = new Map<number, Set<number>>(
    shownUsers.map((user) => [user, new Set<number>()]),
  );
  for (const app of appOrder) {
    const note = (user: number) => {
      const names = unusedAppsOf.get(user);
      if (names && !usedPairs.has(pairOf(user, app))) names.add(app);
    };
    directUsersByApp[app].forEach(note);
    for (const group of groupsByApp[app]) membersByGroup[group].forEach(note);
  }
  const trueUpUserRows: TrueUpUserRow[] = shownUsers.map((user) => ({
    user: users.refs[user],
    unused: unusedByUser[user],
    assigned: assignedByUser[user],
    applications: [...unusedAppsOf.get(user)!]
      .slice(0, MAX_NAMES_PER_ROW)
      .map((app) => apps[app]),
  }));

  const trueUpCaveats: string[] = [];
  if (partial.has(GROUP_HAS_USER))
    trueUpCaveats.push(
      'Group memberships were not collected completely, so seats assigned through groups are missing or incomplete.',
    );
  const trueUpUnavailable =
    usageUnavailable ??
    (partial.has(USER_ASSIGNED) || partial.has(GROUP_ASSIGNED)
      ? 'Application assignments were not collected completely in this run, so seats cannot be counted from it.'
      : notCollected(
          collection,
          [USER_ASSIGNED, GROUP_ASSIGNED],
          partial,
          'Application assignments',
        ));
  if (!trueUpUnavailable)
    trueUpCaveats.push(
      ...mayBeIncomplete(
        [USER, GROUP, APPLICATION, USES, USER_ASSIGNED, GROUP_ASSIGNED].concat(
          partial.has(GROUP_HAS_USER) ? [] : [GROUP_HAS_USER],
        ),
      ),
    );

  mfaGaps.sort((a, b) =>
    compareNames(users.refs[a.user].name, users.refs[b.user].name),
  );
  const byState = [...mfaStates.values()].sort(
    (a, b) =>
      stateOrder(a.state) - stateOrder(b.state) ||
      a.state.localeCompare(b.state),
  );
  const observedUnavailable = notCollected(
    collection,
    [APPLICATION, USES],
    partial,
    'Applications and sign-ins',
  );
  observed.sort(
    (a, b) =>
      (b.ssoUserCount ?? 0) - (a.ssoUserCount ?? 0) ||
      compareNames(a.application.name, b.application.name),
  );

  // Administrators and devices.
  adminGaps.sort((a, b) => compareNames(a.admin.name, b.admin.name));
  const adminsUnavailable =
    notCollected(collection, [ADMIN], partial, 'Administrators') ??
    (admins.count === 0
      ? summary
        ? 'No administrators are in this collection: JumpCloud did not list them to this API key (see the warnings of the collection).'
        : 'No administrators are in this collection, which did not finish (there is no summary.json), so this cannot be told from it.'
      : undefined);

  const devicesUnavailable = notCollected(
    collection,
    [DEVICE],
    partial,
    'Devices',
  );
  const bindingsPartial = partial.has(USES_DEVICE);
  const byLastSeen = (a: DeviceRef, b: DeviceRef) =>
    (b.lastSeenOn ?? 0) - (a.lastSeenOn ?? 0) || compareNames(a.name, b.name);
  const unencrypted = [...usersOfUnencrypted.keys()].sort((a, b) =>
    byLastSeen(devices[a], devices[b]),
  );
  let encryptionOff = 0;
  const unencryptedOs = new Map<string, number>();
  const unencryptedUsers = new Set<number>();
  for (const device of unencrypted) {
    if (devices[device].fdeActive === false) encryptionOff++;
    const os = devices[device].os ?? 'OS not reported';
    unencryptedOs.set(os, (unencryptedOs.get(os) ?? 0) + 1);
    for (const user of usersOfUnencrypted.get(device)!)
      unencryptedUsers.add(user);
  }
  const unencryptedRows: UnencryptedDeviceRow[] = unencrypted
    .slice(0, maxRows)
    .map((device) => {
      const bound = [...new Set(usersOfUnencrypted.get(device))];
      bound.sort((a, b) =>
        compareNames(users.refs[a].name, users.refs[b].name),
      );
      return {
        device: devices[device],
        users: bound
          .slice(0, maxUsersPerDevice)
          .map((user) => users.refs[user]),
        userCount: bound.length,
      };
    });
  const flaggedDevicesUnavailable =
    devicesUnavailable ??
    (bindingsPartial
      ? 'Which users are bound to devices was not collected completely in this run (see the warnings of the collection), so this cannot be told from it.'
      : undefined);
  flaggedDeviceRows.sort(
    (a, b) =>
      byLastSeen(a.device, b.device) || compareNames(a.user.name, b.user.name),
  );

  // Device access: passwordless sudo, and sudo on the devices of suspended
  // or locked users. A collection made before USES carried sudo cannot tell.
  const sudoNotRecorded =
    deviceAccessRecorded.yes === 0 && deviceAccessRecorded.no > 0;
  const deviceAccessUnavailable =
    flaggedDevicesUnavailable ??
    (sudoNotRecorded
      ? 'This collection records no sudo rights on device access (it was made by an earlier version of the integration), so this cannot be told from it.'
      : undefined);
  const sudoCaveats =
    deviceAccessRecorded.yes > 0 && deviceAccessRecorded.no > 0
      ? [
          `${countOf(
            deviceAccessRecorded.no,
            'user–device binding carries',
            'user–device bindings carry',
          )} no sudo rights in this collection, so they are not counted.`,
        ]
      : [];
  const deviceAccessCaveats = deviceAccessUnavailable
    ? []
    : [...sudoCaveats, ...mayBeIncomplete([DEVICE, USER, USES_DEVICE])];
  const passwordlessSudo = passwordlessFinding(
    passwordless,
    passwordlessAccess,
    users,
    devices,
    maxRows,
  );
  const flaggedByUser = flaggedDevicesByUser(flaggedDeviceRows);

  // Root or console access without a phishing-resistant factor.
  const factorsUnavailable =
    users.refs.length > 0 &&
    users.phishingResistant.every((value) => value === undefined)
      ? 'This collection records no MFA factor enrollment of users (it was made by an earlier version of the integration), so this cannot be told from it.'
      : undefined;
  const adminLinksUnavailable =
    adminsUnavailable ??
    notCollected(
      collection,
      [ADMIN_IS_USER],
      partial,
      'Which administrators are which users',
    );
  const phishable = phishableFinding({
    users,
    factorNames,
    sudoDevicesOf,
    passwordlessOf,
    adminRefs,
    adminActive,
    usersOfAdmin,
    sudoUnavailable: deviceAccessUnavailable,
    adminsUnavailable: adminLinksUnavailable,
  });
  const phishableUnavailable =
    factorsUnavailable ??
    (phishable.sudo || phishable.admins
      ? undefined
      : 'Neither device access nor administrators can be told from this collection (see the warnings of the collection), so this cannot be told from it.');
  const phishableCaveats = phishableUnavailable
    ? []
    : [
        ...(phishable.sudo
          ? []
          : [
              `Users with sudo on a device are not counted: ${lowerFirst(
                deviceAccessUnavailable!,
              )}`,
            ]),
        ...(phishable.admins
          ? []
          : [
              `Administrators are not counted: ${lowerFirst(
                adminLinksUnavailable!,
              )}`,
            ]),
        ...(phishable.sudo ? sudoCaveats : []),
        ...mayBeIncomplete(
          [USER]
            .concat(phishable.sudo ? [DEVICE, USES_DEVICE] : [])
            .concat(phishable.admins ? [ADMIN, ADMIN_IS_USER] : []),
        ),
      ];

  // Configured applications no enforcing MFA policy covers.
  const configuredApps = appColumns
    .map((columns, app) => ({ columns, app }))
    .filter(({ columns }) => columns.configured);
  const policyKnown = configuredApps.filter(
    ({ columns }) => columns.mfaPolicy !== undefined,
  );
  const policyUnavailable =
    notCollected(
      collection,
      [AUTH_POLICY],
      partial,
      'Authentication policies',
    ) ??
    (configuredApps.length > 0 && policyKnown.length === 0
      ? 'No configured application records whether a policy requires MFA for it (the collection was made by an earlier version of the integration, or without reading policies), so this cannot be told from it.'
      : undefined);
  const assignmentsKnown =
    !partial.has(USER_ASSIGNED) &&
    !partial.has(GROUP_ASSIGNED) &&
    !notCollected(
      collection,
      [USER_ASSIGNED, GROUP_ASSIGNED],
      partial,
      'Application assignments',
    );
  const uncovered: ApplicationPolicyRow[] = policyKnown
    .filter(({ columns }) => columns.mfaPolicy === false)
    .map(({ columns, app }) => ({
      application: apps[app],
      assignedSeats: assignmentsKnown
        ? seatsOfApp.get(app)?.assigned ?? 0
        : undefined,
      ssoUserCount: columns.ssoUserCount,
      lastSsoOn: columns.lastSsoOn,
    }))
    .sort(
      (a, b) =>
        (b.assignedSeats ?? 0) - (a.assignedSeats ?? 0) ||
        (b.ssoUserCount ?? 0) - (a.ssoUserCount ?? 0) ||
        compareNames(a.application.name, b.application.name),
    );
  const policyNotRecorded = configuredApps.length - policyKnown.length;
  const policyCaveats = policyUnavailable
    ? []
    : [
        ...(policyNotRecorded > 0
          ? [
              `${countOf(
                policyNotRecorded,
                'configured application does',
                'configured applications do',
              )} not record whether a policy requires MFA for it, so ${
                policyNotRecorded === 1 ? 'it is' : 'they are'
              } not counted.`,
            ]
          : []),
        ...mayBeIncomplete([APPLICATION, AUTH_POLICY]),
      ];

  // SaaS Management: shadow IT, orphaned accounts, licenses.
  const saasUnavailable = notCollected(
    collection,
    [SAAS_APPLICATION],
    partial,
    'Discovered applications (SaaS Management)',
  );
  const shadowRows = saasApps
    .filter((a) => a.shadowIt === true)
    .sort(
      (a, b) =>
        (b.activeAccounts ?? 0) - (a.activeAccounts ?? 0) ||
        (b.accounts ?? 0) - (a.accounts ?? 0) ||
        (b.lastUsedOn ?? 0) - (a.lastUsedOn ?? 0) ||
        compareNames(a.application.name, b.application.name),
    );
  const shadowStatus = new Map<string, number>();
  for (const app of shadowRows) {
    const status = app.status ?? 'not reported';
    shadowStatus.set(status, (shadowStatus.get(status) ?? 0) + 1);
  }
  const orphanedUnavailable =
    saasUnavailable ??
    notCollected(
      collection,
      [SAAS_ACCOUNT],
      partial,
      'Accounts in discovered applications',
    );
  const orphanedFinding = orphanedAccountsFinding(orphaned, saasApps, maxRows);
  const usersIncomplete = whyIncomplete(collection, USER);
  const licenses = licenseRows({
    apps,
    seatsOfApp: trueUpUnavailable ? new Map() : seatsOfApp,
    saasApps,
    saasIs,
    entityIndex,
    entityLocal,
    entityType,
  });
  const licenseTotals = licenseTotalsOf(saasApps);

  const typeNodes: TypeNode[] = [...entityCounts]
    .map(([type, count]) => ({ type, count }))
    .concat(
      [...mappedTypes].map(([type, count]) => ({ type, count, mapped: true })),
    )
    .sort((a, b) => a.type.localeCompare(b.type));

  return {
    generatedAt: Date.now(),
    accounts: accounts.sort(compareNames),
    ssoEventsDays: options.ssoEventsDays,
    steps: (summary?.integrationStepResults ?? []).map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
    })),
    partialTypes,
    incomplete: incompleteLine(collection),
    entityCounts: sortedCounts(entityCounts),
    relationshipCounts: sortedCounts(relationshipCounts),
    users: users.refs.length,
    suspendedOrLocked: users.flagged.filter(Boolean).length,
    offboarding: {
      unavailable: usageUnavailable,
      caveats: usageUnavailable ? [] : mayBeIncomplete([USER, USES]),
      users: offboardingUserRows.length,
      applications: offboardingApps.size,
      ssoEvents: offboardingEvents,
      byUser: {
        rows: offboardingUserRows.slice(0, maxRows),
        total: offboardingUserRows.length,
      },
      table: {
        rows: offboardingRows.slice(0, maxRows),
        total: offboardingRows.length,
      },
    },
    trueUp: {
      unavailable: trueUpUnavailable,
      caveats: trueUpCaveats,
      assignedSeats,
      applicationsWithUnused: seats.filter((s) => s.unused > 0).length,
      byApplication: { rows: seats.slice(0, maxRows), total: seats.length },
      byUser: { rows: trueUpUserRows, total: usersWithUnused.length },
      table: { rows: trueUpRows, total: unusedSeats },
      applications: {
        rows: licenses.slice(0, maxRows),
        total: licenses.length,
      },
      licenses: {
        unavailable: saasUnavailable,
        caveats: saasUnavailable
          ? []
          : mayBeIncomplete([SAAS_APPLICATION, SAAS_IS_APPLICATION]),
        ...licenseTotals,
      },
    },
    mfa: {
      caveats: mayBeIncomplete([USER]),
      byState,
      total: byState.reduce(
        (sum, row) => ({
          state: 'all',
          users: sum.users + row.users,
          withMfa: sum.withMfa + row.withMfa,
          withoutMfa: sum.withoutMfa + row.withoutMfa,
          excluded: sum.excluded + row.excluded,
        }),
        { state: 'all', users: 0, withMfa: 0, withoutMfa: 0, excluded: 0 },
      ),
      activeUsers,
      lockedActivated: {
        users: mfaStates.get('activated, locked')?.users ?? 0,
        withoutMfa: mfaStates.get('activated, locked')?.withoutMfa ?? 0,
      },
      activeWithoutMfa: {
        rows: mfaGaps
          .slice(0, maxRows)
          .map(({ user, gap }) => ({ user: users.refs[user], ...gap })),
        total: mfaGaps.length,
      },
    },
    admins: {
      unavailable: adminsUnavailable,
      caveats: adminsUnavailable ? [] : mayBeIncomplete([ADMIN]),
      admins: admins.count,
      active: admins.active,
      suspended: admins.suspended,
      withMfa: admins.withMfa,
      withoutMfa: admins.count - admins.withMfa,
      mfaRequiredNotEnrolled: adminGaps.filter((g) => g.mfaRequired).length,
      table: { rows: adminGaps.slice(0, maxRows), total: adminGaps.length },
    },
    unencryptedDevices: {
      unavailable: devicesUnavailable,
      caveats: devicesUnavailable
        ? []
        : bindingsPartial
        ? [
            'Which users are bound to devices was not collected completely, so users of a device may be missing.',
            ...mayBeIncomplete([DEVICE, USER]),
          ]
        : mayBeIncomplete([DEVICE, USER, USES_DEVICE]),
      devices: devices.length,
      activeDevices,
      encryptionOff,
      notReported: unencrypted.length - encryptionOff,
      byOs: [...unencryptedOs].sort(
        ([a, m], [b, n]) => n - m || compareNames(a, b),
      ),
      users: unencryptedUsers.size,
      table: { rows: unencryptedRows, total: unencrypted.length },
    },
    flaggedUserDevices: {
      unavailable: flaggedDevicesUnavailable,
      caveats: flaggedDevicesUnavailable
        ? []
        : [...sudoCaveats, ...mayBeIncomplete([DEVICE, USER, USES_DEVICE])],
      users: flaggedByUser.length,
      suspendedUsers: flaggedByUser.filter((r) =>
        r.user.state.startsWith('suspended'),
      ).length,
      sudoUsers: flaggedByUser.filter((r) => r.sudoDevices > 0).length,
      sudoDevices: new Set(
        flaggedDeviceRows.filter((r) => r.access.sudo).map((r) => r.device.key),
      ).size,
      passwordlessDevices: new Set(
        flaggedDeviceRows
          .filter((r) => r.access.sudoWithoutPassword)
          .map((r) => r.device.key),
      ).size,
      byUser: {
        rows: flaggedByUser.slice(0, maxRows),
        total: flaggedByUser.length,
      },
      devices: new Set(flaggedDeviceRows.map((r) => r.device.key)).size,
      activeDevices: new Set(
        flaggedDeviceRows
          .filter((r) => r.device.active)
          .map((r) => r.device.key),
      ).size,
      table: {
        rows: flaggedDeviceRows.slice(0, maxRows),
        total: flaggedDeviceRows.length,
      },
    },
    passwordlessSudo: {
      unavailable: deviceAccessUnavailable,
      caveats: deviceAccessCaveats,
      ...passwordlessSudo,
      sudoUsers: sudoDevicesOf.reduce((n, d) => n + (d > 0 ? 1 : 0), 0),
    },
    phishable: {
      unavailable: phishableUnavailable,
      caveats: phishableCaveats,
      sudo: phishable.sudo,
      admins: phishable.admins,
      phishableMfa: phishable.phishableMfa,
      noMfa: phishable.noMfa,
      table: {
        rows: phishable.rows.slice(0, maxRows),
        total: phishable.rows.length,
      },
    },
    applicationPolicies: {
      unavailable: policyUnavailable,
      caveats: policyCaveats,
      configured: policyKnown.length,
      covered: policyKnown.length - uncovered.length,
      unknown: policyNotRecorded,
      policies: policies.count,
      enforcingMfaPolicies: policies.enforcingMfa,
      assignedSeats: assignmentsKnown
        ? uncovered.reduce((n, r) => n + (r.assignedSeats ?? 0), 0)
        : undefined,
      table: { rows: uncovered.slice(0, maxRows), total: uncovered.length },
    },
    shadowIt: {
      unavailable: saasUnavailable,
      caveats: saasUnavailable ? [] : mayBeIncomplete([SAAS_APPLICATION]),
      discovered: saasApps.length,
      accounts: shadowRows.reduce((n, a) => n + (a.accounts ?? 0), 0),
      activeAccounts: shadowRows.reduce(
        (n, a) => n + (a.activeAccounts ?? 0),
        0,
      ),
      byStatus: [...shadowStatus].sort(
        ([a, m], [b, n]) => n - m || compareNames(a, b),
      ),
      table: {
        rows: shadowRows.slice(0, maxRows).map(toSaasApplicationRow),
        total: shadowRows.length,
      },
    },
    orphanedAccounts: {
      unavailable: orphanedUnavailable,
      caveats: orphanedUnavailable
        ? []
        : [
            ...(usersIncomplete
              ? [
                  `Users may be incomplete in this collection (${usersIncomplete}), so some accounts may count as orphaned only because their user was not collected.`,
                ]
              : []),
            ...mayBeIncomplete([SAAS_ACCOUNT, SAAS_HAS_ACCOUNT]),
          ],
      saasAccounts,
      ...orphanedFinding,
    },
    observedOnly: {
      unavailable: observedUnavailable,
      caveats: observedUnavailable ? [] : mayBeIncomplete([APPLICATION, USES]),
      rows: observed.slice(0, maxRows),
      total: observed.length,
    },
    emptyGroups,
    typeGraph: {
      nodes: typeNodes,
      edges: [...typeEdges.values()].sort((a, b) =>
        `${a.from}|${a.relationshipClass}|${a.to}`.localeCompare(
          `${b.from}|${b.relationshipClass}|${b.to}`,
        ),
      ),
    },
  };
}

/** Three factor statuses in one number: a code each, into names. */
function packFactors(names: string[], statuses: unknown[]): number {
  let packed = 0;
  statuses.forEach((status, i) => {
    let code = 0;
    if (typeof status === 'string' && status.length > 0) {
      code = names.indexOf(status);
      if (code < 0) {
        code = names.length;
        names.push(status);
      }
    }
    packed += code * 256 ** i;
  });
  return packed;
}

function unpackFactors(names: string[], packed: number): FactorStatuses {
  const name = (i: number) =>
    names[Math.floor(packed / 256 ** i) % 256] || undefined;
  return { totp: name(0), push: name(1), webAuthn: name(2) };
}

function toDeviceAccess(relationship: GraphObject): DeviceAccess {
  const flag = (value: unknown) =>
    typeof value === 'boolean' ? value : undefined;
  return {
    sudo: flag(relationship.sudo),
    sudoWithoutPassword: flag(relationship.sudoWithoutPassword),
    direct: flag(relationship.direct),
    pathCount: numberOf(relationship.pathCount),
  };
}

/**
 * Passwordless sudo from its pairs (user and device positions, and each
 * pair's pathCount * 2 + direct): per user, most devices first, and every
 * pair, by user and then the device seen last first.
 */
function passwordlessFinding(
  pairs: { users: number[]; devices: number[] },
  accessOf: number[],
  users: UserColumns,
  devices: DeviceRef[],
  maxRows: number,
): Pick<
  ReportData['passwordlessSudo'],
  'users' | 'flaggedUsers' | 'devices' | 'activeDevices' | 'byUser' | 'table'
> {
  // Names compared once per user and device, not once per comparison of
  // pairs: there can be hundreds of thousands of pairs.
  const rankOf = (positions: number[], name: (i: number) => string) => {
    const distinct = [...new Set(positions)].sort(
      (a, b) => compareNames(name(a), name(b)) || a - b,
    );
    return new Map(distinct.map((position, rank) => [position, rank]));
  };
  const userRank = rankOf(pairs.users, (i) => users.refs[i].name);
  const deviceRank = rankOf(pairs.devices, (i) => devices[i].name);
  const order = pairs.users.map((_, i) => i);
  order.sort(
    (a, b) =>
      userRank.get(pairs.users[a])! - userRank.get(pairs.users[b])! ||
      (devices[pairs.devices[b]].lastSeenOn ?? 0) -
        (devices[pairs.devices[a]].lastSeenOn ?? 0) ||
      deviceRank.get(pairs.devices[a])! - deviceRank.get(pairs.devices[b])!,
  );
  const byUser = new Map<number, PasswordlessSudoUserRow>();
  const deviceSet = new Set<number>();
  for (const i of order) {
    const user = pairs.users[i];
    const device = pairs.devices[i];
    deviceSet.add(device);
    const row = byUser.get(user) ?? {
      user: users.refs[user],
      devices: 0,
      activeDevices: 0,
      direct: 0,
      deviceNames: [],
    };
    row.devices++;
    if (devices[device].active) row.activeDevices++;
    if (accessOf[i] % 2 === 1) row.direct++;
    if (row.deviceNames.length < MAX_NAMES_PER_ROW)
      row.deviceNames.push(devices[device]);
    byUser.set(user, row);
  }
  const userRows = [...byUser.values()].sort(
    (a, b) => b.devices - a.devices || compareNames(a.user.name, b.user.name),
  );
  return {
    users: byUser.size,
    flaggedUsers: [...byUser.keys()].filter((user) => users.flagged[user])
      .length,
    devices: deviceSet.size,
    activeDevices: [...deviceSet].filter((device) => devices[device].active)
      .length,
    byUser: { rows: userRows.slice(0, maxRows), total: userRows.length },
    table: {
      rows: order.slice(0, maxRows).map((i) => ({
        user: users.refs[pairs.users[i]],
        device: devices[pairs.devices[i]],
        access: {
          sudo: true,
          sudoWithoutPassword: true,
          direct: accessOf[i] % 2 === 1,
          pathCount: Math.floor(accessOf[i] / 2) || undefined,
        },
      })),
      total: order.length,
    },
  };
}

/** The devices of suspended or locked users, per user: most sudo first. */
function flaggedDevicesByUser(
  rows: FlaggedUserDeviceRow[],
): FlaggedDeviceUserRow[] {
  const byUser = new Map<string, FlaggedDeviceUserRow>();
  for (const { user, device, access } of rows) {
    const row = byUser.get(user.key) ?? {
      user,
      devices: 0,
      activeDevices: 0,
      sudoDevices: 0,
      passwordlessDevices: 0,
    };
    row.devices++;
    if (device.active) row.activeDevices++;
    if (access.sudo) row.sudoDevices++;
    if (access.sudoWithoutPassword) row.passwordlessDevices++;
    byUser.set(user.key, row);
  }
  return [...byUser.values()].sort(
    (a, b) =>
      b.sudoDevices - a.sudoDevices ||
      b.devices - a.devices ||
      compareNames(a.user.name, b.user.name),
  );
}

/**
 * Who has root (sudo on a device) or console access (an active
 * administrator) and no phishing-resistant factor. Users with sudo are
 * counted unless suspended (they cannot sign in at all); an administrator
 * through the users it is (one of them with a phishing-resistant factor is
 * enough), and one linked to no user is not known, never lacking.
 */
function phishableFinding(input: {
  users: UserColumns;
  factorNames: string[];
  sudoDevicesOf: Uint32Array;
  passwordlessOf: Uint32Array;
  adminRefs: AdminRef[];
  adminActive: boolean[];
  usersOfAdmin: Map<number, number[]>;
  sudoUnavailable?: string;
  adminsUnavailable?: string;
}): Pick<
  ReportData['phishable'],
  'sudo' | 'admins' | 'phishableMfa' | 'noMfa'
> & { rows: PhishableAccessRow[] } {
  const { users } = input;
  const byUser = new Map<number, PhishableAccessRow>();
  const rowOf = (user: number): PhishableAccessRow => {
    const found = byUser.get(user);
    if (found) return found;
    const row: PhishableAccessRow = {
      user: users.refs[user],
      admins: [],
      sudoDevices: input.sudoUnavailable
        ? undefined
        : input.sudoDevicesOf[user],
      passwordlessDevices: input.sudoUnavailable
        ? undefined
        : input.passwordlessOf[user],
      factors: unpackFactors(input.factorNames, users.factors[user]),
      mfaEnabled: users.mfaEnabled[user],
      phishingResistant: 'lacking',
    };
    byUser.set(user, row);
    return row;
  };
  let sudo: ReportData['phishable']['sudo'];
  if (!input.sudoUnavailable) {
    sudo = { users: 0, lacking: 0, phishableMfa: 0, noMfa: 0 };
    input.sudoDevicesOf.forEach((devices, user) => {
      if (devices === 0 || users.suspended[user]) return;
      sudo!.users++;
      if (users.phishingResistant[user] === true) return;
      sudo!.lacking++;
      if (users.mfaEnabled[user]) sudo!.phishableMfa++;
      else sudo!.noMfa++;
      rowOf(user);
    });
  }
  let admins: ReportData['phishable']['admins'];
  const unknown: PhishableAccessRow[] = [];
  if (!input.adminsUnavailable) {
    admins = { active: 0, lacking: 0, phishableMfa: 0, noMfa: 0, unknown: 0 };
    input.adminRefs.forEach((admin, a) => {
      if (!input.adminActive[a]) return;
      admins!.active++;
      const linked = [...new Set(input.usersOfAdmin.get(a) ?? [])];
      if (linked.length === 0) {
        admins!.unknown++;
        unknown.push({
          admins: [admin],
          factors: {},
          phishingResistant: 'unknown',
        });
        return;
      }
      if (linked.some((user) => users.phishingResistant[user] === true)) return;
      admins!.lacking++;
      if (linked.some((user) => users.mfaEnabled[user])) admins!.phishableMfa++;
      else admins!.noMfa++;
      for (const user of linked) rowOf(user).admins.push(admin);
    });
  }
  const lacking = [...byUser.values()].sort(
    (a, b) =>
      Number(b.admins.length > 0) - Number(a.admins.length > 0) ||
      (b.sudoDevices ?? 0) - (a.sudoDevices ?? 0) ||
      compareNames(a.user!.name, b.user!.name),
  );
  unknown.sort((a, b) => compareNames(a.admins[0].name, b.admins[0].name));
  return {
    sudo,
    admins,
    phishableMfa: lacking.filter((r) => r.mfaEnabled).length,
    noMfa: lacking.filter((r) => !r.mfaEnabled).length,
    rows: [...lacking, ...unknown],
  };
}

function toSaasApplication(entity: GraphObject): SaasApplication {
  const ids = Array.isArray(entity.ssoApplicationIds)
    ? entity.ssoApplicationIds.filter(
        (id): id is string => typeof id === 'string' && id.length > 0,
      )
    : [];
  return {
    application: toApplicationRef(entity),
    status: stringOf(entity.status),
    discoveredOn: numberOf(entity.discoveredOn),
    lastUsedOn: numberOf(entity.lastUsedOn),
    accounts: numberOf(entity.accounts),
    activeAccounts: numberOf(entity.activeAccounts),
    shadowIt:
      typeof entity.shadowIt === 'boolean' ? entity.shadowIt : undefined,
    licenses: numberOf(entity.licenses),
    licensesUnlimited: entity.licensesUnlimited === true,
    unusedLicenses: numberOf(entity.unusedLicenses),
    unusedLicenseCost: numberOf(entity.unusedLicenseCost),
    monthlyLicenseCost: numberOf(entity.monthlyLicenseCost),
    currency: stringOf(entity.currency),
    ssoKeys: ids.map((id) => `${APPLICATION}:${id}`),
  };
}

function toSaasApplicationRow(app: SaasApplication): SaasApplicationRow {
  return {
    application: app.application,
    status: app.status,
    discoveredOn: app.discoveredOn,
    lastUsedOn: app.lastUsedOn,
    accounts: app.accounts,
    activeAccounts: app.activeAccounts,
  };
}

/** Orphaned accounts: per application (most first), and each, by application and last use. */
function orphanedAccountsFinding(
  accounts: (OrphanedAccountRow & { app?: number })[],
  saasApps: SaasApplication[],
  maxRows: number,
): Pick<
  ReportData['orphanedAccounts'],
  'applications' | 'active' | 'byApplication' | 'table'
> {
  const rows: OrphanedAccountRow[] = accounts.map(({ app, ...row }) => ({
    ...row,
    application: app === undefined ? undefined : saasApps[app].application,
  }));
  const appName = (row: { application?: ApplicationRef }) =>
    row.application?.name ?? '';
  rows.sort(
    (a, b) =>
      compareNames(appName(a), appName(b)) ||
      (a.application?.key ?? '').localeCompare(b.application?.key ?? '') ||
      (b.lastUsedOn ?? 0) - (a.lastUsedOn ?? 0) ||
      compareNames(a.account.name, b.account.name),
  );
  const byApplication = new Map<string, OrphanedApplicationRow>();
  for (const row of rows) {
    const key = row.application?.key ?? '';
    const summary = byApplication.get(key) ?? {
      application: row.application,
      accounts: 0,
      active: 0,
      inactive: 0,
      unused: 0,
    };
    summary.accounts++;
    if (row.status === 'active') summary.active++;
    else if (row.status === 'inactive') summary.inactive++;
    else summary.unused++;
    if (row.lastUsedOn !== undefined)
      summary.lastUsedOn = Math.max(summary.lastUsedOn ?? 0, row.lastUsedOn);
    byApplication.set(key, summary);
  }
  const perApp = [...byApplication.values()].sort(
    (a, b) =>
      b.accounts - a.accounts ||
      b.active - a.active ||
      compareNames(appName(a), appName(b)),
  );
  return {
    applications: perApp.length,
    active: rows.filter((r) => r.status === 'active').length,
    byApplication: { rows: perApp.slice(0, maxRows), total: perApp.length },
    table: { rows: rows.slice(0, maxRows), total: rows.length },
  };
}

/**
 * The true-up per application: each SSO application with assigned seats,
 * and each discovered application with counted licenses; a discovered
 * application that IS an SSO application (its IS edges, or the ids it
 * names) shares that application's row, and applications tied together
 * that way are one row. Most unused (seats or licenses) first.
 */
function licenseRows(input: {
  apps: ApplicationRef[];
  seatsOfApp: Map<number, SeatSummary>;
  saasApps: SaasApplication[];
  saasIs: [number, number][];
  entityIndex: Map<string, number>;
  entityLocal: number[];
  entityType: string[];
}): TrueUpApplicationRow[] {
  const { apps, seatsOfApp, saasApps } = input;
  // Union-find over SSO applications (0…) and discovered ones (after them).
  const parent = new Map<number, number>();
  const find = (node: number): number => {
    let root = node;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root)!;
    parent.set(node, root);
    return root;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const counted = (s: number) => saasApps[s].unusedLicenses !== undefined;
  const saasNode = (s: number) => apps.length + s;
  const nodes = new Set<number>(seatsOfApp.keys());
  saasApps.forEach((_, s) => {
    if (counted(s)) nodes.add(saasNode(s));
  });
  const tie = (s: number, app: number) => {
    if (!counted(s)) return;
    nodes.add(app);
    union(saasNode(s), app);
  };
  for (const [s, app] of input.saasIs) tie(s, app);
  saasApps.forEach((saas, s) => {
    for (const key of saas.ssoKeys) {
      const index = input.entityIndex.get(key);
      if (index !== undefined && input.entityType[index] === APPLICATION)
        tie(s, input.entityLocal[index]);
    }
  });

  const groups = new Map<number, number[]>();
  for (const node of nodes) {
    const root = find(node);
    groups.set(root, [...(groups.get(root) ?? []), node]);
  }
  const rows: TrueUpApplicationRow[] = [];
  for (const members of groups.values()) {
    const sso = members
      .filter((n) => n < apps.length)
      .sort((a, b) => compareNames(apps[a].name, apps[b].name));
    const saas = members
      .filter((n) => n >= apps.length)
      .map((n) => n - apps.length)
      .sort((a, b) =>
        compareNames(
          saasApps[a].application.name,
          saasApps[b].application.name,
        ),
      );
    const withSeats = sso.filter((app) => seatsOfApp.has(app));
    const seats = withSeats.length
      ? withSeats
          .map((app) => seatsOfApp.get(app)!)
          .reduce((sum, s) => ({
            application: sum.application,
            assigned: sum.assigned + s.assigned,
            signedIn: sum.signedIn + s.signedIn,
            unused: sum.unused + s.unused,
            direct: sum.direct + s.direct,
            throughGroups: sum.throughGroups + s.throughGroups,
            both: sum.both + s.both,
            groups: sum.groups + s.groups,
          }))
      : undefined;
    const application = sso.length
      ? apps[withSeats[0] ?? sso[0]]
      : saasApps[saas[0]].application;
    rows.push({
      application,
      ssoApplications: sso.map((app) => apps[app]),
      seats: seats && { ...seats, application },
      licenses: saas.length
        ? sumLicenses(saas.map((s) => saasApps[s]))
        : undefined,
    });
  }
  const unusedOf = (row: TrueUpApplicationRow) =>
    Math.max(row.seats?.unused ?? 0, row.licenses?.unusedLicenses ?? 0);
  return rows.sort(
    (a, b) =>
      unusedOf(b) - unusedOf(a) ||
      (b.licenses?.unusedLicenseCost ?? 0) -
        (a.licenses?.unusedLicenseCost ?? 0) ||
      (b.seats?.assigned ?? 0) - (a.seats?.assigned ?? 0) ||
      compareNames(a.application.name, b.application.name),
  );
}

/** Several discovered applications' licenses as one (costs only in one currency). */
function sumLicenses(saas: SaasApplication[]): LicenseSummary {
  const currencies = new Set(saas.map((s) => s.currency));
  const oneCurrency = currencies.size === 1;
  const sumOf = (value: (s: SaasApplication) => number | undefined) =>
    oneCurrency && saas.every((s) => value(s) !== undefined)
      ? cents(saas.reduce((n, s) => n + value(s)!, 0))
      : undefined;
  return {
    saasApplications: saas.map((s) => s.application),
    licenses: saas.reduce((n, s) => n + (s.licenses ?? 0), 0),
    activeAccounts: saas.reduce((n, s) => n + (s.activeAccounts ?? 0), 0),
    unusedLicenses: saas.reduce((n, s) => n + (s.unusedLicenses ?? 0), 0),
    unusedLicenseCost: sumOf((s) =>
      (s.unusedLicenses ?? 0) === 0 ? 0 : s.unusedLicenseCost,
    ),
    monthlyLicenseCost: sumOf((s) => s.monthlyLicenseCost),
    currency: oneCurrency ? saas[0].currency : undefined,
  };
}

function licenseTotalsOf(
  saasApps: SaasApplication[],
): Omit<LicenseTotals, 'unavailable' | 'caveats'> {
  const counted = saasApps.filter((s) => s.unusedLicenses !== undefined);
  const cost = new Map<string, number>();
  let unpriced = 0;
  for (const s of counted) {
    if (!s.unusedLicenses) continue;
    if (s.unusedLicenseCost === undefined) unpriced++;
    else
      cost.set(
        s.currency ?? '',
        cents((cost.get(s.currency ?? '') ?? 0) + s.unusedLicenseCost),
      );
  }
  return {
    applications: counted.length,
    licenses: counted.reduce((n, s) => n + (s.licenses ?? 0), 0),
    unusedLicenses: counted.reduce((n, s) => n + (s.unusedLicenses ?? 0), 0),
    applicationsWithUnused: counted.filter((s) => (s.unusedLicenses ?? 0) > 0)
      .length,
    unusedCost: [...cost].sort(([a, m], [b, n]) => n - m || a.localeCompare(b)),
    unpriced,
    unlimited: saasApps.filter((s) => s.licensesUnlimited).length,
  };
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** "3 user–device bindings carry": a count with its noun and verb. */
function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function countMfa(states: Map<string, MfaStateRow>, user: GraphObject) {
  const state = mfaPopulation(user);
  const row = states.get(state) ?? {
    state,
    users: 0,
    withMfa: 0,
    withoutMfa: 0,
    excluded: 0,
  };
  row.users++;
  if (user.mfaEnabled === true) row.withMfa++;
  else row.withoutMfa++;
  if (user.mfaExclusion === true) row.excluded++;
  states.set(state, row);
}

/** A mapped relationship points at an entity another integration owns. */
function countMapped(
  typeEdges: Map<string, TypeEdge>,
  mappedTypes: Map<string, number>,
  relationship: GraphObject,
  mapping: { sourceEntityKey?: string; targetEntity?: Record<string, unknown> },
  entityIndex: Map<string, number>,
  entityType: string[],
) {
  const source = entityIndex.get(String(mapping.sourceEntityKey));
  const target = mapping.targetEntity ?? {};
  const targetType = String(target._type ?? target._class ?? 'external');
  if (source === undefined) return;
  mappedTypes.set(targetType, (mappedTypes.get(targetType) ?? 0) + 1);
  const relClass = String(relationship._class ?? '');
  const key = `${entityType[source]}|${relClass}|${targetType}|${relationship._type}`;
  const edge = typeEdges.get(key);
  if (edge) edge.count++;
  else
    typeEdges.set(key, {
      from: entityType[source],
      to: targetType,
      relationshipClass: relClass,
      relationshipType: relationship._type,
      count: 1,
    });
}

function describeAssignment(
  entry: { direct: boolean; groups: number[] },
  groupNames: string[],
): string {
  const names = [...new Set(entry.groups.map((g) => groupNames[g]))].sort(
    compareNames,
  );
  const parts: string[] = [];
  if (entry.direct) parts.push('direct');
  if (names.length > 0)
    parts.push(
      `${names.length === 1 ? 'group' : 'groups'} ${names.join(', ')}`,
    );
  return parts.join('; ');
}

/**
 * The row of the MFA table a user is counted in: "activated" is exactly the
 * active users (the integration's `active`: activated and neither suspended
 * nor locked), so that the headline's population is one row; a locked user
 * who is not suspended has a row of the state with ", locked".
 */
function mfaPopulation(user: GraphObject): string {
  if (user.active === true) return 'activated';
  const state = lifeCycleState(user);
  if (state === 'suspended') return state;
  if (user.locked === true) return `${state}, locked`;
  // Not active for a reason the record does not tell: not in the active row.
  return state === 'activated' ? 'activated, not active' : state;
}

/** suspended wins over the recorded state (older records carry only the flag). */
function lifeCycleState(user: GraphObject): string {
  return user.suspended === true
    ? 'suspended'
    : stringOf(user.state) ?? 'unknown';
}

function toUserRef(entity: GraphObject): UserRef {
  const state = lifeCycleState(entity);
  return {
    key: entity._key,
    name: labelOf(entity),
    login: stringOf(entity.email) ?? stringOf(entity.username),
    state: entity.locked === true ? `${state}, locked` : state,
    webLink: stringOf(entity.webLink),
  };
}

function toAdminRef(entity: GraphObject): AdminRef {
  return {
    key: entity._key,
    name: labelOf(entity),
    email: stringOf(entity.email),
    role: stringOf(entity.role),
  };
}

function toDeviceRef(entity: GraphObject): DeviceRef {
  return {
    key: entity._key,
    name: labelOf(entity),
    hostname: stringOf(entity.hostname),
    os: stringOf(entity.os),
    osVersion: stringOf(entity.osVersion),
    serial: stringOf(entity.serial),
    active: entity.active === true,
    lastSeenOn: numberOf(entity.lastSeenOn),
    fdeActive:
      typeof entity.fdeActive === 'boolean' ? entity.fdeActive : undefined,
    webLink: stringOf(entity.webLink),
  };
}

/**
 * Why a finding on some types cannot be computed: the collection (with a
 * summary) did not run the step that reads one of them, or left one partial.
 */
function notCollected(
  collection: OpenCollection,
  types: string[],
  partial: Set<string>,
  what: string,
): string | undefined {
  const missing = types.find((type) => notRead(collection, type));
  if (missing)
    return `${what} were not part of this collection (${whyIncomplete(
      collection,
      missing,
    )}), so this cannot be told from it.`;
  if (types.some((type) => partial.has(type)))
    return `${what} were not collected completely in this run (see the warnings of the collection), so this cannot be told from it.`;
  return undefined;
}

/**
 * "Users and user groups may be incomplete in this collection: …", one
 * caveat per reason, for the types a finding rests on.
 */
function incompleteCaveats(
  collection: OpenCollection,
  types: string[],
): string[] {
  const byReason = new Map<string, string[]>();
  for (const type of types) {
    const reason = whyIncomplete(collection, type);
    if (reason)
      byReason.set(reason, [
        ...(byReason.get(reason) ?? []),
        TYPE_NOUNS[type] ?? type,
      ]);
  }
  return [...byReason].map(([reason, nouns]) => {
    const what = nouns.join(', ').replace(/, ([^,]*)$/, ' and $1');
    return `${what[0].toUpperCase()}${what.slice(
      1,
    )} may be incomplete in this collection: ${reason}.`;
  });
}

function toApplicationRef(entity: GraphObject): ApplicationRef {
  return {
    key: entity._key,
    name: labelOf(entity),
    webLink: stringOf(entity.webLink),
  };
}

function labelOf(entity: GraphObject): string {
  return stringOf(entity.displayName) ?? stringOf(entity.name) ?? entity._key;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

// One collator for the whole run: localeCompare with options builds one per
// call, which shows when sorting 100,000 names.
const collator = new Intl.Collator('en', { sensitivity: 'base' });

function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The active users first, then JumpCloud's life cycle order. */
function stateOrder(state: string): number {
  const order = [
    'activated',
    'activated, locked',
    'activated, not active',
    'staged',
    'staged, locked',
    'suspended',
  ];
  const i = order.indexOf(state);
  return i < 0 ? order.length : i;
}

function sortedCounts(counts: Map<string, number>): [string, number][] {
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}
