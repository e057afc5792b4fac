/**
 * `npm run changes [-- <previous> <latest>] [--all] [--json]`: what changed
 * between two collections, by default the one `npm start` kept in
 * `.j1-integration-previous/` and the latest in `.j1-integration/`: users
 * added, removed, suspended or reactivated (and locked or unlocked), group
 * memberships and application assignments added or removed, applications
 * newly seen in sign-ins, and in SaaS Management new shadow-IT applications
 * and new orphaned accounts (and those that went away).
 *
 * A folder that holds no collection is refused (see openCollection). When
 * either collection is incomplete (no summary.json, a step that did not
 * succeed, a partial type), what is missing from it is not a removal: the
 * removals (and suspensions, reactivations) that rest on an incomplete type
 * are not listed, and the report says which and why (`incomplete`).
 */
import * as path from 'path';
import { GraphObject, OUTPUT_DIRECTORY, PROJECT_ROOT } from './collections';
import {
  forEachGraphObject,
  notRead,
  openCollection,
  OpenCollection,
  OpenCollectionOptions,
  Types,
  whyIncomplete,
} from './collections';
import { PREVIOUS_DIRECTORY_NAME } from './collections';
import { readCollectionNotes } from './notes';
import { Entities } from '../src/steps/constants';

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
  SAAS_APPLICATION,
  SAAS_ACCOUNT,
} = Types;
/**
 * Relationship types whose additions (and, but for sign-ins, removals) are
 * reported. A pair's sign-ins leave the window as it slides, so a USES edge
 * gone is no news; a new one is a first sign-in.
 */
const TRACKED = [GROUP_HAS_USER, USER_ASSIGNED, GROUP_ASSIGNED, USES];

/**
 * The lists that rest on some types being read completely in both
 * collections: a user missing from an incomplete collection is not a user
 * removed, and one read only in part cannot be said to be suspended or
 * reactivated. Additions are still listed (they are there); `notListed` and
 * `added` say what an incomplete type means for them.
 */
const RESTING_ON: {
  types: string[];
  about: string;
  withheld: string[];
  notListed?: string;
  added: string;
  /**
   * Lists withheld too when the previous collection did not read the first
   * type at all (an earlier version, a source switched off): everything in
   * them would look new.
   */
  withheldUnlessPreviousRead?: string[];
  /** What an incomplete latest collection means for the additions. */
  latestNote?: string;
}[] = [
  {
    types: [USER],
    about: 'users',
    withheld: [
      'users.removed',
      'users.suspended',
      'users.reactivated',
      'users.locked',
      'users.unlocked',
    ],
    notListed:
      'users removed, suspended, reactivated, locked and unlocked are not listed',
    added: 'users added',
  },
  {
    types: [GROUP_HAS_USER],
    about: 'group memberships',
    withheld: ['memberships.removed'],
    notListed: 'group memberships removed are not listed',
    added: 'memberships added',
  },
  {
    types: [USER_ASSIGNED, GROUP_ASSIGNED],
    about: 'application assignments',
    withheld: ['assignments.removed'],
    notListed: 'application assignments removed are not listed',
    added: 'assignments added',
  },
  {
    types: [APPLICATION, USES],
    about: 'applications or sign-ins',
    withheld: ['firstSignIns'],
    notListed: 'first sign-ins are not listed',
    added: 'applications newly seen in sign-ins',
  },
  {
    types: [SAAS_APPLICATION],
    about: 'discovered applications',
    withheld: ['shadowIt.gone'],
    notListed: 'shadow-IT applications gone are not listed',
    added: 'new shadow-IT applications',
    withheldUnlessPreviousRead: ['shadowIt.new'],
  },
  {
    // An account whose user was not collected counts as orphaned.
    types: [SAAS_ACCOUNT, USER],
    about: 'accounts in discovered applications or users',
    withheld: ['orphanedAccounts.gone'],
    notListed: 'orphaned accounts gone are not listed',
    added: 'new orphaned accounts',
    withheldUnlessPreviousRead: ['orphanedAccounts.new'],
    latestNote:
      'New orphaned accounts may include accounts whose user was not collected.',
  },
];

export interface Ref {
  key: string;
  name: string;
}

export interface UserChange extends Ref {
  login?: string;
}

export interface Membership {
  group: Ref;
  user: Ref;
}

export interface Assignment {
  application: Ref;
  assignee: Ref;
  assigneeType: 'user' | 'group';
}

/** A user who signed in to an application the previous collection saw them not use. */
export interface FirstSignIn {
  user: Ref;
  application: Ref;
  /** The latest successful sign-in in the window. */
  lastSsoOn?: number;
}

export interface ApplicationSeen extends Ref {
  /** 'configuration', or 'sso_events' when it is known only from sign-ins. */
  source?: string;
  ssoUserCount?: number;
  ssoEventCount?: number;
  lastSsoOn?: number;
  /** Whether the previous collection had the application at all. */
  new: boolean;
}

/** A discovered application that became shadow IT, or stopped being it. */
export interface ShadowItChange extends Ref {
  /**
   * new: discovered since, or lost its SSO application (no SSO application
   * has its name any more); gone: not discovered any more, or an SSO
   * application has its name now.
   */
  why:
    | 'discovered'
    | 'lost its SSO application'
    | 'not discovered any more'
    | 'now an SSO application';
  accounts?: number;
  activeAccounts?: number;
  lastUsedOn?: number;
}

/** An account in a discovered application that became orphaned, or stopped being it. */
export interface OrphanedAccountChange extends Ref {
  /** The discovered application (by the account's applicationId). */
  application: Ref;
  /**
   * new: a new account, or its user is gone (not collected any more); gone:
   * the account is gone, or it belongs to a collected user now.
   */
  why: 'new account' | 'its user is gone' | 'account gone' | 'now owned';
  /** active, inactive, unused: in the collection the change is told from. */
  status?: string;
  lastUsedOn?: number;
  /** The user id JumpCloud names for it, if any. */
  userId?: string;
}

export interface CollectionInfo {
  directory: string;
  collectedAt?: number;
  /** Whether the run finished (wrote summary.json). */
  finished: boolean;
  /** Steps whose status is not `success`. */
  failedSteps: { id: string; name: string; status: string }[];
  partialTypes: string[];
  /** The organizations (accounts) collected. */
  accounts: Ref[];
}

export interface ChangeReport {
  previous: CollectionInfo;
  latest: CollectionInfo;
  users: {
    added: UserChange[];
    removed: UserChange[];
    suspended: UserChange[];
    reactivated: UserChange[];
    locked: UserChange[];
    unlocked: UserChange[];
  };
  memberships: { added: Membership[]; removed: Membership[] };
  assignments: { added: Assignment[]; removed: Assignment[] };
  /** User → application pairs with a sign-in now and none in the previous window. */
  firstSignIns: FirstSignIn[];
  applicationsNewInSignIns: ApplicationSeen[];
  /** SaaS Management: discovered applications that became shadow IT, and stopped. */
  shadowIt: { new: ShadowItChange[]; gone: ShadowItChange[] };
  /** SaaS Management: accounts that became orphaned, and stopped. */
  orphanedAccounts: {
    new: OrphanedAccountChange[];
    gone: OrphanedAccountChange[];
  };
  /**
   * False when the two collections share no organization (a demo run, then
   * a real tenant): then everything shows as changed, which means nothing.
   */
  sameOrganization: boolean;
  /** What the comparison cannot vouch for. */
  caveats: string[];
  /**
   * Types that may be incomplete in either collection: the lists they
   * withhold are empty here, because they would not be real.
   */
  incomplete: IncompleteData[];
}

export interface IncompleteData {
  /** The types that may be incomplete, in either collection. */
  types: string[];
  /** Them in words: "users". */
  about: string;
  /** Why, per collection and type ("step \"Fetch Users\" failed"). */
  reasons: {
    collection: 'previous' | 'latest';
    type: string;
    reason: string;
  }[];
  /** The lists left empty because of it: "users.removed", … */
  withheld: string[];
  /** All of it in a sentence or two, for people. */
  note: string;
}

interface UserState extends UserChange {
  suspended: boolean;
  locked: boolean;
}

interface ApplicationState extends Ref {
  source?: string;
  ssoUserCount?: number;
  ssoEventCount?: number;
  lastSsoOn?: number;
}

interface SaasApplicationState extends Ref {
  shadowIt: boolean;
  accounts?: number;
  activeAccounts?: number;
  lastUsedOn?: number;
}

interface OrphanedAccountState extends Ref {
  applicationId?: string;
  status?: string;
  lastUsedOn?: number;
  userId?: string;
}

/** The entities of one collection that changes are told in. */
interface Entities {
  accounts: Ref[];
  users: Map<string, UserState>;
  groups: Map<string, Ref>;
  applications: Map<string, ApplicationState>;
  saasApplications: Map<string, SaasApplicationState>;
  /** Every account in a discovered application: its state when orphaned, else undefined. */
  saasAccounts: Map<string, OrphanedAccountState | undefined>;
}

/** How a refusal names either folder and what it says to do. */
export interface ChangesOptions {
  previous?: OpenCollectionOptions;
  latest?: OpenCollectionOptions;
}

export async function computeChanges(
  previousDirectory: string,
  latestDirectory: string,
  options: ChangesOptions = {},
): Promise<ChangeReport> {
  // The latest first: without it, there is nothing to compare at all.
  const latest = await describeCollection(latestDirectory, {
    name: 'latest collection',
    ...options.latest,
  });
  const previous = await describeCollection(previousDirectory, {
    name: 'previous collection',
    ...options.previous,
  });
  const incomplete = incompleteData(previous.collection, latest.collection);
  const withheld = new Set(incomplete.flatMap((i) => i.withheld));
  /** An empty list when a collection is too incomplete to tell it. */
  const unlessWithheld = <T>(list: string, items: T[]): T[] =>
    withheld.has(list) ? [] : items;
  const before = await readEntities(previous.graph);
  const after = await readEntities(latest.graph);
  previous.info.accounts = before.accounts;
  latest.info.accounts = after.accounts;
  const sameOrganization = before.accounts.some((a) =>
    after.accounts.some((b) => b.key === a.key),
  );

  const users: ChangeReport['users'] = {
    added: [],
    removed: [],
    suspended: [],
    reactivated: [],
    locked: [],
    unlocked: [],
  };
  for (const [key, now] of after.users) {
    const then = before.users.get(key);
    if (!then) users.added.push(userChange(now));
    else {
      if (!then.suspended && now.suspended)
        users.suspended.push(userChange(now));
      if (then.suspended && !now.suspended)
        users.reactivated.push(userChange(now));
      if (!then.locked && now.locked) users.locked.push(userChange(now));
      if (then.locked && !now.locked) users.unlocked.push(userChange(now));
    }
  }
  for (const [key, then] of before.users)
    if (!after.users.has(key)) users.removed.push(userChange(then));

  // Relationships: the previous ones in a set, the latest streamed against
  // it, so only one collection's edges are ever in memory.
  const previousEdges = new Map<string, Set<string>>(
    TRACKED.map((type) => [type, new Set<string>()]),
  );
  await forEachGraphObject(previous.graph, 'relationships', (r) => {
    previousEdges.get(r._type)?.add(edgeId(r));
  });
  const added = new Map<string, string[]>(TRACKED.map((t) => [t, []]));
  const lastSsoOn = new Map<string, number>();
  await forEachGraphObject(latest.graph, 'relationships', (r) => {
    const seen = previousEdges.get(r._type);
    if (!seen) return;
    const id = edgeId(r);
    if (!seen.delete(id)) {
      added.get(r._type)!.push(id);
      if (typeof r.lastSsoOn === 'number') lastSsoOn.set(id, r.lastSsoOn);
    }
  });
  const removed = new Map<string, string[]>(
    TRACKED.map((t) => [t, [...previousEdges.get(t)!]]),
  );

  // Names come from the collection the edge is in (a removed user is only
  // in the previous one).
  const membership = (id: string, names: Entities): Membership => {
    const [groupKey, userKey] = id.split('|');
    return {
      group: ref(names.groups.get(groupKey) ?? unnamed(groupKey)),
      user: ref(names.users.get(userKey) ?? unnamed(userKey)),
    };
  };
  const assignment = (
    id: string,
    type: string,
    names: Entities,
  ): Assignment => {
    const [assigneeKey, applicationKey] = id.split('|');
    const assigneeType = type === USER_ASSIGNED ? 'user' : 'group';
    const assignee =
      (assigneeType === 'user'
        ? names.users.get(assigneeKey)
        : names.groups.get(assigneeKey)) ?? unnamed(assigneeKey);
    return {
      application: ref(
        names.applications.get(applicationKey) ?? unnamed(applicationKey),
      ),
      assignee: ref(assignee),
      assigneeType,
    };
  };
  const assignments = (edges: Map<string, string[]>, names: Entities) =>
    [USER_ASSIGNED, GROUP_ASSIGNED].flatMap((type) =>
      edges.get(type)!.map((id) => assignment(id, type, names)),
    );

  const applicationsNewInSignIns: ApplicationSeen[] = [];
  for (const [key, now] of after.applications) {
    if (!((now.ssoEventCount ?? 0) > 0)) continue;
    const then = before.applications.get(key);
    // Unknown earlier usage (sign-ins not read then) is not "none".
    if (then && (then.ssoEventCount === undefined || then.ssoEventCount > 0))
      continue;
    applicationsNewInSignIns.push({ ...now, new: !then });
  }

  // Computed all the same (it is cheap), then emptied when withheld.
  for (const [list, items] of Object.entries(users))
    if (withheld.has(`users.${list}`)) items.length = 0;

  const shadowIt = shadowItChanges(before, after);
  const orphanedAccounts = orphanedAccountChanges(before, after);
  for (const [list, items] of Object.entries(shadowIt))
    if (withheld.has(`shadowIt.${list}`)) items.length = 0;
  for (const [list, items] of Object.entries(orphanedAccounts))
    if (withheld.has(`orphanedAccounts.${list}`)) items.length = 0;

  return {
    previous: previous.info,
    latest: latest.info,
    users: sortAll(users),
    memberships: {
      added: sortBy(
        added.get(GROUP_HAS_USER)!.map((id) => membership(id, after)),
        (m) => `${m.group.name}|${m.user.name}`,
      ),
      removed: unlessWithheld(
        'memberships.removed',
        sortBy(
          removed.get(GROUP_HAS_USER)!.map((id) => membership(id, before)),
          (m) => `${m.group.name}|${m.user.name}`,
        ),
      ),
    },
    assignments: {
      added: sortBy(
        assignments(added, after),
        (a) => `${a.application.name}|${a.assignee.name}`,
      ),
      removed: unlessWithheld(
        'assignments.removed',
        sortBy(
          assignments(removed, before),
          (a) => `${a.application.name}|${a.assignee.name}`,
        ),
      ),
    },
    firstSignIns: unlessWithheld(
      'firstSignIns',
      sortBy(
        added.get(USES)!.map((id) => {
          const [userKey, applicationKey] = id.split('|');
          return {
            user: ref(after.users.get(userKey) ?? unnamed(userKey)),
            application: ref(
              after.applications.get(applicationKey) ?? unnamed(applicationKey),
            ),
            lastSsoOn: lastSsoOn.get(id),
          };
        }),
        (f) => `${f.user.name}|${f.application.name}`,
      ),
    ),
    applicationsNewInSignIns: sortBy(applicationsNewInSignIns, (a) => a.name),
    shadowIt,
    orphanedAccounts,
    sameOrganization,
    caveats: caveats(previous.info, latest.info, sameOrganization),
    incomplete,
  };
}

async function describeCollection(
  directory: string,
  options: OpenCollectionOptions,
) {
  const collection = await openCollection(directory, options);
  const notes = await readCollectionNotes(collection.root);
  return {
    collection,
    graph: collection.graph,
    info: {
      directory: collection.root,
      collectedAt: notes?.collectedAt,
      finished: collection.summary !== undefined,
      failedSteps: collection.failedSteps.map(({ id, name, status }) => ({
        id,
        name,
        status,
      })),
      partialTypes: collection.partialTypes,
      accounts: [],
    } as CollectionInfo,
  };
}

/** The lists that rest on types either collection may lack in part. */
function incompleteData(
  previous: OpenCollection,
  latest: OpenCollection,
): IncompleteData[] {
  const incomplete: IncompleteData[] = [];
  for (const entry of RESTING_ON) {
    const { types, about, notListed, added } = entry;
    const reasons: IncompleteData['reasons'] = [];
    for (const [which, collection] of [
      ['previous', previous],
      ['latest', latest],
    ] as const) {
      for (const type of types) {
        const reason = whyIncomplete(collection, type);
        if (reason) reasons.push({ collection: which, type, reason });
      }
    }
    if (reasons.length === 0) continue;
    const why = `${about} may be incomplete: ${[
      ...new Set(
        reasons.map((r) => `in the ${r.collection} collection, ${r.reason}`),
      ),
    ].join('; ')}`;
    const previousToo = reasons.some((r) => r.collection === 'previous');
    const latestToo = reasons.some((r) => r.collection === 'latest');
    // Not read at all before: every one would look new.
    const previousNotRead =
      !!entry.withheldUnlessPreviousRead && notRead(previous, types[0]);
    const withheld = [
      ...entry.withheld,
      ...(previousNotRead ? entry.withheldUnlessPreviousRead! : []),
    ];
    const note = previousNotRead
      ? `${capitalize(added)} and ${
          notListed?.replace(/ are not listed$/, '') ?? 'those gone'
        } are not listed, because the previous collection did not read ${about} (${
          whyIncomplete(previous, types[0]) ?? 'not read'
        }): every one would look new.`
      : notListed
      ? `${capitalize(notListed)}, because ${why}.${
          previousToo
            ? ` ${capitalize(
                added,
              )} may include some the previous collection missed.`
            : ''
        }${latestToo && entry.latestNote ? ` ${entry.latestNote}` : ''}`
      : `${capitalize(added)} may be missing, or not new, because ${why}.`;
    incomplete.push({
      types: [...new Set(reasons.map((r) => r.type))],
      about,
      reasons,
      withheld,
      note,
    });
  }
  return incomplete;
}

/** Discovered applications that became shadow IT since, and that stopped. */
function shadowItChanges(
  before: Entities,
  after: Entities,
): ChangeReport['shadowIt'] {
  const change = (
    app: SaasApplicationState,
    why: ShadowItChange['why'],
  ): ShadowItChange => ({
    key: app.key,
    name: app.name,
    why,
    ...(app.accounts !== undefined ? { accounts: app.accounts } : {}),
    ...(app.activeAccounts !== undefined
      ? { activeAccounts: app.activeAccounts }
      : {}),
    ...(app.lastUsedOn !== undefined ? { lastUsedOn: app.lastUsedOn } : {}),
  });
  const added: ShadowItChange[] = [];
  const gone: ShadowItChange[] = [];
  for (const [key, now] of after.saasApplications) {
    if (!now.shadowIt) continue;
    const then = before.saasApplications.get(key);
    if (!then) added.push(change(now, 'discovered'));
    else if (!then.shadowIt)
      added.push(change(now, 'lost its SSO application'));
  }
  for (const [key, then] of before.saasApplications) {
    if (!then.shadowIt) continue;
    const now = after.saasApplications.get(key);
    if (!now) gone.push(change(then, 'not discovered any more'));
    else if (!now.shadowIt) gone.push(change(now, 'now an SSO application'));
  }
  return {
    new: sortBy(added, (a) => a.name),
    gone: sortBy(gone, (a) => a.name),
  };
}

/** Accounts in discovered applications that became orphaned since, and that stopped. */
function orphanedAccountChanges(
  before: Entities,
  after: Entities,
): ChangeReport['orphanedAccounts'] {
  const change = (
    account: OrphanedAccountState,
    names: Entities,
    why: OrphanedAccountChange['why'],
  ): OrphanedAccountChange => {
    const applicationKey = `${SAAS_APPLICATION}:${account.applicationId}`;
    return {
      key: account.key,
      name: account.name,
      application: ref(
        names.saasApplications.get(applicationKey) ??
          unnamed(account.applicationId ?? 'not known'),
      ),
      why,
      ...(account.status ? { status: account.status } : {}),
      ...(account.lastUsedOn !== undefined
        ? { lastUsedOn: account.lastUsedOn }
        : {}),
      ...(account.userId ? { userId: account.userId } : {}),
    };
  };
  const added: OrphanedAccountChange[] = [];
  const gone: OrphanedAccountChange[] = [];
  for (const [key, now] of after.saasAccounts) {
    if (!now) continue;
    if (!before.saasAccounts.has(key))
      added.push(change(now, after, 'new account'));
    else if (!before.saasAccounts.get(key))
      added.push(change(now, after, 'its user is gone'));
  }
  for (const [key, then] of before.saasAccounts) {
    if (!then) continue;
    if (!after.saasAccounts.has(key))
      gone.push(change(then, before, 'account gone'));
    else if (!after.saasAccounts.get(key))
      gone.push(change(then, before, 'now owned'));
  }
  const order = (a: OrphanedAccountChange) => `${a.application.name}|${a.name}`;
  return { new: sortBy(added, order), gone: sortBy(gone, order) };
}

async function readEntities(graph: string): Promise<Entities> {
  const entities: Entities = {
    accounts: [],
    users: new Map(),
    groups: new Map(),
    applications: new Map(),
    saasApplications: new Map(),
    saasAccounts: new Map(),
  };
  await forEachGraphObject(graph, 'entities', (e) => {
    if (e._type === USER) {
      entities.users.set(e._key, {
        key: e._key,
        name: nameOf(e),
        login: text(e.email) ?? text(e.username),
        suspended: e.suspended === true,
        locked: e.locked === true,
      });
    } else if (e._type === GROUP) {
      entities.groups.set(e._key, { key: e._key, name: nameOf(e) });
    } else if (e._type === ACCOUNT) {
      entities.accounts.push({ key: e._key, name: nameOf(e) });
    } else if (e._type === APPLICATION) {
      entities.applications.set(e._key, {
        key: e._key,
        name: nameOf(e),
        source: text(e.source),
        ssoUserCount: number(e.ssoUserCount),
        ssoEventCount: number(e.ssoEventCount),
        lastSsoOn: number(e.lastSsoOn),
      });
    } else if (e._type === SAAS_APPLICATION) {
      entities.saasApplications.set(e._key, {
        key: e._key,
        name: nameOf(e),
        shadowIt: e.shadowIt === true,
        accounts: number(e.accounts),
        activeAccounts: number(e.activeAccounts),
        lastUsedOn: number(e.lastUsedOn),
      });
    } else if (e._type === SAAS_ACCOUNT) {
      entities.saasAccounts.set(
        e._key,
        e.orphaned === true
          ? {
              key: e._key,
              name: nameOf(e),
              applicationId: text(e.applicationId),
              status: text(e.status),
              lastUsedOn: number(e.lastUsedOn),
              userId: text(e.userId),
            }
          : undefined,
      );
    }
  });
  return entities;
}

function caveats(
  previous: CollectionInfo,
  latest: CollectionInfo,
  sameOrganization: boolean,
): string[] {
  const notes: string[] = [];
  if (!sameOrganization) {
    const names = (info: CollectionInfo) =>
      info.accounts.map((a) => a.name).join(', ') || 'none';
    notes.push(
      `The two collections share no organization (${names(previous)}; ${names(
        latest,
      )}): everything shows as changed.`,
    );
  }
  return notes;
}

/** from|to of a direct relationship. */
function edgeId(r: GraphObject): string {
  return `${r._fromEntityKey}|${r._toEntityKey}`;
}

function userChange({ key, name, login }: UserState): UserChange {
  return login ? { key, name, login } : { key, name };
}

function ref({ key, name }: Ref): Ref {
  return { key, name };
}

function unnamed(key: string): Ref {
  return { key, name: key };
}

function nameOf(e: GraphObject): string {
  return text(e.displayName) ?? text(e.name) ?? e._key;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}

function sortAll(users: ChangeReport['users']): ChangeReport['users'] {
  for (const list of Object.values(users)) sortBy(list, (u) => u.name);
  return users;
}

// ---- Text for the terminal ----

/**
 * One line per kind of change, with counts; a list withheld because a
 * collection is incomplete is named instead of counted.
 */
export function changeHeadline(report: ChangeReport): string[] {
  const withheld = new Set(report.incomplete.flatMap((i) => i.withheld));
  const line = (
    title: string,
    prefix: string,
    lists: Record<string, unknown[]>,
    about: string,
  ) => {
    const names = Object.keys(lists);
    const told = names.filter((name) => !withheld.has(`${prefix}.${name}`));
    const notTold = names.filter((name) => withheld.has(`${prefix}.${name}`));
    if (told.length === 0)
      return `${title}: not listed (${about} may be incomplete).`;
    return `${title}: ${told
      .map((name) => `${lists[name].length} ${name}`)
      .join(', ')}${
      notTold.length
        ? ` (${joinAnd(notTold)} not listed: ${about} may be incomplete)`
        : ''
    }.`;
  };
  const { users, memberships, assignments } = report;
  const signInsIncomplete = report.incomplete.some((i) =>
    i.types.some((type) => type === APPLICATION || type === USES),
  );
  return [
    line('Users', 'users', users, 'users'),
    line('Group memberships', 'memberships', memberships, 'group memberships'),
    line(
      'Application assignments',
      'assignments',
      assignments,
      'application assignments',
    ),
    withheld.has('firstSignIns')
      ? 'First sign-ins: not listed (sign-ins may be incomplete).'
      : `First sign-ins (a user signing in to an application for the first time in the window): ${report.firstSignIns.length}.`,
    `Applications newly seen in sign-ins: ${
      report.applicationsNewInSignIns.length
    }${signInsIncomplete ? ' (may be incomplete)' : ''}.`,
    line(
      'Shadow-IT applications (SaaS Management)',
      'shadowIt',
      report.shadowIt,
      'discovered applications',
    ),
    line(
      'Orphaned accounts (SaaS Management)',
      'orphanedAccounts',
      report.orphanedAccounts,
      'accounts in discovered applications or users',
    ),
  ];
}

/** "a, b and c" */
function joinAnd(items: string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function formatChanges(report: ChangeReport, maxListed = 25): string {
  const out: string[] = [];
  const when = (info: CollectionInfo) =>
    info.collectedAt
      ? `${new Date(info.collectedAt)
          .toISOString()
          .slice(0, 16)
          .replace('T', ' ')} UTC`
      : 'time unknown';
  out.push(
    `Changes from ${displayPath(report.previous.directory)} (${when(
      report.previous,
    )}) to ${displayPath(report.latest.directory)} (${when(report.latest)}):`,
  );
  for (const line of changeHeadline(report)) out.push(`  ${line}`);
  if (report.incomplete.length > 0) {
    out.push('', 'May be incomplete:');
    for (const { note } of report.incomplete) out.push(`  - ${note}`);
  }
  const list = <T>(title: string, items: T[], line: (item: T) => string) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`);
    for (const item of items.slice(0, maxListed)) out.push(`  ${line(item)}`);
    if (items.length > maxListed)
      out.push(`  … and ${items.length - maxListed} more (--all lists them)`);
  };
  const user = (u: UserChange) => (u.login ? `${u.name} <${u.login}>` : u.name);
  const { users, memberships, assignments } = report;
  list('Users added', users.added, user);
  list('Users removed', users.removed, user);
  list('Users suspended', users.suspended, user);
  list('Users reactivated', users.reactivated, user);
  list('Users locked', users.locked, user);
  list('Users unlocked', users.unlocked, user);
  const member = (m: Membership) => `${m.group.name}: ${m.user.name}`;
  list('Group memberships added', memberships.added, member);
  list('Group memberships removed', memberships.removed, member);
  const assigned = (a: Assignment) =>
    `${a.application.name}: ${a.assigneeType} ${a.assignee.name}`;
  list('Application assignments added', assignments.added, assigned);
  list('Application assignments removed', assignments.removed, assigned);
  list(
    'First sign-ins',
    report.firstSignIns,
    (f) =>
      `${f.user.name} → ${f.application.name}${
        f.lastSsoOn
          ? `, last ${new Date(f.lastSsoOn)
              .toISOString()
              .slice(0, 16)
              .replace('T', ' ')} UTC`
          : ''
      }`,
  );
  list(
    'Applications newly seen in sign-ins',
    report.applicationsNewInSignIns,
    (a) =>
      `${a.name}${
        a.source === 'sso_events' ? ' (known only from sign-ins)' : ''
      }${a.new ? ', new in the graph' : ''}: ${a.ssoUserCount ?? '?'} users, ${
        a.ssoEventCount ?? '?'
      } sign-ins`,
  );
  const usedText = (ms: number | undefined) =>
    ms === undefined
      ? ''
      : `, last used ${new Date(ms)
          .toISOString()
          .slice(0, 16)
          .replace('T', ' ')} UTC`;
  list(
    'New shadow-IT applications',
    report.shadowIt.new,
    (a) =>
      `${a.name} (${a.why}): ${a.accounts ?? '?'} accounts, ${
        a.activeAccounts ?? '?'
      } used in the last 30 days${usedText(a.lastUsedOn)}`,
  );
  list(
    'Shadow-IT applications gone',
    report.shadowIt.gone,
    (a) => `${a.name} (${a.why})`,
  );
  list(
    'New orphaned accounts',
    report.orphanedAccounts.new,
    (a) =>
      `${a.application.name}: ${a.name} (${a.why}${
        a.status ? `; ${a.status}` : ''
      }${usedText(a.lastUsedOn)})`,
  );
  list(
    'Orphaned accounts gone',
    report.orphanedAccounts.gone,
    (a) => `${a.application.name}: ${a.name} (${a.why})`,
  );
  for (const caveat of report.caveats) out.push('', `Note: ${caveat}`);
  return out.join('\n');
}

function displayPath(directory: string): string {
  const relative = path.relative(process.cwd(), directory);
  return relative && !relative.startsWith('..') ? relative : directory;
}

if (require.main === module) {
  (async () => {
    const argv = process.argv.slice(2);
    const positional = argv.filter((a) => !a.startsWith('-'));
    const previous =
      positional[0] ?? path.join(PROJECT_ROOT, PREVIOUS_DIRECTORY_NAME);
    const latest = positional[1] ?? OUTPUT_DIRECTORY;
    const report = await computeChanges(previous, latest, {
      previous: positional[0]
        ? {}
        : {
            whatToDo:
              'npm start keeps the previous collection there when it collects again, so run "npm start" twice to have two to compare',
          },
    });
    if (argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
    else
      console.log(
        formatChanges(report, argv.includes('--all') ? Infinity : 25),
      );
  })().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
