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

export interface FlaggedUserDeviceRow {
  user: UserRef;
  device: DeviceRef;
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
    devices: number;
    /** Of those devices, the active ones. */
    activeDevices: number;
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
  const users: UserColumns = { refs: [], flagged: [] };
  const groupNames: string[] = [];
  const apps: ApplicationRef[] = [];
  const mfaStates = new Map<string, MfaStateRow>();
  const mfaGaps: { user: number; gap: Omit<MfaGapRow, 'user'> }[] = [];
  let activeUsers = 0;
  const observed: ObservedApplicationRow[] = [];
  const admins = { count: 0, active: 0, suspended: 0, withMfa: 0 };
  const adminGaps: AdminMfaGapRow[] = [];
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
      if (entity.source === 'sso_events') {
        observed.push({
          application,
          ssoUserCount: numberOf(entity.ssoUserCount),
          ssoEventCount: numberOf(entity.ssoEventCount),
          lastSsoOn: numberOf(entity.lastSsoOn),
        });
      }
    } else if (type === ADMIN) {
      admins.count++;
      if (entity.mfaEnabled === true) admins.withMfa++;
      if (entity.suspended === true) admins.suspended++;
      if (entity.suspended !== true && entity.active !== false) {
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
      if (users.flagged[fromLocal])
        flaggedDeviceRows.push({
          user: users.refs[fromLocal],
          device: devices[toLocal],
        });
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
        : mayBeIncomplete([DEVICE, USER, USES_DEVICE]),
      users: new Set(flaggedDeviceRows.map((r) => r.user.key)).size,
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
