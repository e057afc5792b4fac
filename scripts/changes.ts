/**
 * `npm run changes [-- <previous> <latest>] [--all] [--json]`: what changed
 * between two collections, by default the one `npm start` kept in
 * `.j1-integration-previous/` and the latest in `.j1-integration/`: users
 * added, removed, suspended or reactivated (and locked or unlocked), group
 * memberships and application assignments added or removed, and
 * applications newly seen in sign-ins.
 */
import * as path from 'path';
import { GraphObject, OUTPUT_DIRECTORY, PROJECT_ROOT } from './collection';
import {
  forEachGraphObject,
  locateCollection,
  readSummary,
  Types,
} from './graphFiles';
import { PREVIOUS_DIRECTORY_NAME } from './previous';
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
} = Types;
/** Relationship types whose additions and removals are reported. */
const TRACKED = [GROUP_HAS_USER, USER_ASSIGNED, GROUP_ASSIGNED];

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

export interface ApplicationSeen extends Ref {
  /** 'configuration', or 'sso_events' when it is known only from sign-ins. */
  source?: string;
  ssoUserCount?: number;
  ssoEventCount?: number;
  lastSsoOn?: number;
  /** Whether the previous collection had the application at all. */
  new: boolean;
}

export interface CollectionInfo {
  directory: string;
  collectedAt?: number;
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
  applicationsNewInSignIns: ApplicationSeen[];
  /**
   * False when the two collections share no organization (a demo run, then
   * a real tenant): then everything shows as changed, which means nothing.
   */
  sameOrganization: boolean;
  /** What the comparison cannot vouch for (partial data on either side). */
  caveats: string[];
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

/** The entities of one collection that changes are told in. */
interface Entities {
  accounts: Ref[];
  users: Map<string, UserState>;
  groups: Map<string, Ref>;
  applications: Map<string, ApplicationState>;
}

export async function computeChanges(
  previousDirectory: string,
  latestDirectory: string,
): Promise<ChangeReport> {
  const [previous, latest] = await Promise.all([
    describeCollection(previousDirectory),
    describeCollection(latestDirectory),
  ]);
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
  await forEachGraphObject(latest.graph, 'relationships', (r) => {
    const seen = previousEdges.get(r._type);
    if (!seen) return;
    const id = edgeId(r);
    if (!seen.delete(id)) added.get(r._type)!.push(id);
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

  return {
    previous: previous.info,
    latest: latest.info,
    users: sortAll(users),
    memberships: {
      added: sortBy(
        added.get(GROUP_HAS_USER)!.map((id) => membership(id, after)),
        (m) => `${m.group.name}|${m.user.name}`,
      ),
      removed: sortBy(
        removed.get(GROUP_HAS_USER)!.map((id) => membership(id, before)),
        (m) => `${m.group.name}|${m.user.name}`,
      ),
    },
    assignments: {
      added: sortBy(
        assignments(added, after),
        (a) => `${a.application.name}|${a.assignee.name}`,
      ),
      removed: sortBy(
        assignments(removed, before),
        (a) => `${a.application.name}|${a.assignee.name}`,
      ),
    },
    applicationsNewInSignIns: sortBy(applicationsNewInSignIns, (a) => a.name),
    sameOrganization,
    caveats: caveats(previous.info, latest.info, sameOrganization),
  };
}

async function describeCollection(directory: string) {
  const location = await locateCollection(directory);
  const summary = await readSummary(location.root);
  const notes = await readCollectionNotes(location.root);
  return {
    graph: location.graph,
    info: {
      directory: location.root,
      collectedAt: notes?.collectedAt,
      partialTypes: summary?.metadata.partialDatasets.types ?? [],
      accounts: [],
    } as CollectionInfo,
  };
}

async function readEntities(graph: string): Promise<Entities> {
  const entities: Entities = {
    accounts: [],
    users: new Map(),
    groups: new Map(),
    applications: new Map(),
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
  const about: Record<string, string> = {
    [USER]: 'users',
    [GROUP_HAS_USER]: 'group memberships',
    [USER_ASSIGNED]: 'user assignments',
    [GROUP_ASSIGNED]: 'group assignments',
    [APPLICATION]: 'applications',
    [USES]: 'sign-ins',
  };
  for (const [which, info] of [
    ['previous', previous],
    ['latest', latest],
  ] as const) {
    for (const type of info.partialTypes) {
      if (about[type])
        notes.push(
          `The ${which} collection has partial ${about[type]} (${type}): changes in them may be missing or not real.`,
        );
    }
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

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}

function sortAll(users: ChangeReport['users']): ChangeReport['users'] {
  for (const list of Object.values(users)) sortBy(list, (u) => u.name);
  return users;
}

// ---- Text for the terminal ----

/** One line per kind of change, with counts. */
export function changeHeadline(report: ChangeReport): string[] {
  const { users, memberships, assignments } = report;
  return [
    `Users: ${users.added.length} added, ${users.removed.length} removed, ${users.suspended.length} suspended, ${users.reactivated.length} reactivated, ${users.locked.length} locked, ${users.unlocked.length} unlocked.`,
    `Group memberships: ${memberships.added.length} added, ${memberships.removed.length} removed.`,
    `Application assignments: ${assignments.added.length} added, ${assignments.removed.length} removed.`,
    `Applications newly seen in sign-ins: ${report.applicationsNewInSignIns.length}.`,
  ];
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
    'Applications newly seen in sign-ins',
    report.applicationsNewInSignIns,
    (a) =>
      `${a.name}${
        a.source === 'sso_events' ? ' (known only from sign-ins)' : ''
      }${a.new ? ', new in the graph' : ''}: ${a.ssoUserCount ?? '?'} users, ${
        a.ssoEventCount ?? '?'
      } sign-ins`,
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
    let report: ChangeReport;
    try {
      report = await computeChanges(previous, latest);
    } catch (err) {
      console.error(
        `${(err as Error).message}\n` +
          'npm start keeps the previous collection in .j1-integration-previous/; run it twice to have two to compare.',
      );
      process.exit(1);
    }
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
