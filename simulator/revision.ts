import { SSO_WINDOW_QUIET_MS } from './eventGeneration';
import { EventColumns, EventFlag, EventKind, EventLog } from './events';
import { memberRow } from './groups';
import { streamFor } from './random';
import { reviseSaasManagement, SaasRevisionChange } from './saas';
import type { Tenant } from './tenant';
import { GraphConnection, SystemUser } from './types';

/**
 * A tenant a little later: revision k applies, on top of revision k - 1, one
 * small change of each kind an administrator (or a user) makes every day,
 * each drawn from the seed and k alone, so revision k of a tenant is always
 * the same:
 *
 * - an active user is suspended;
 * - an active user is added to a group they were not in;
 * - an application is assigned directly to an active user who had no access
 *   to it (neither directly nor through a group);
 * - and that user signs in to it, successfully, for the first time (the pair
 *   had no Directory Insights event of any age before), shortly before the
 *   tenant's clock;
 * - SaaS Management discovers a new shadow-IT application, with an account
 *   or three of existing users used in the last hours;
 * - and an application discovered before gets a new orphaned account (a
 *   deleted user's, or nobody's), never used.
 *
 * The SaaS changes draw from a stream of their own (see
 * reviseSaasManagement), after the others: those are the same as before
 * SaaS Management was simulated. A tenant without SaaS Management gets
 * neither.
 *
 * Revision 0 is the generated tenant itself. A change that finds no candidate
 * (a tiny tenant) is left out. Only the users the event log indexes (not the
 * odd records) are candidates, and never users[0].
 */
export interface RevisionChange extends SaasRevisionChange {
  revision: number;
  /** The user suspended. */
  suspendedUserId?: string;
  /** The user added to the group. */
  membership?: { groupId: string; userId: string };
  /** The application assigned to the user, and signed in to. */
  assignment?: { appId: string; userId: string };
  /** The first sign-in of a user→application pair. */
  firstSignIn?: { appId: string; userId: string; timestampMs: number };
}

export function reviseTenant(t: Tenant, revision: number): RevisionChange {
  const rng = streamFor(t.seed, `revision ${revision}`);
  const change: RevisionChange = { revision };
  const users = t.events.refs.users;
  const userIndex = new Map(users.map((u, i) => [u.id, i]));
  const taken = new Set<string>();
  const plainUsers = () =>
    users.filter((u, i) => i > 0 && isPlain(u) && !taken.has(u.id));

  // The assignment and sign-in first: their candidates are the scarcest.
  const signedIn = signInPairs(t.events);
  const apps = rng.shuffle(t.applications.map((_, i) => i));
  for (const a of apps) {
    const app = t.applications[a];
    const reach = usersWithAccess(t, app.id);
    const candidates = plainUsers().filter(
      (u) => !reach.has(u.id) && !signedIn.has(`${userIndex.get(u.id)}|${a}`),
    );
    if (candidates.length === 0) continue;
    const user = rng.pick(candidates);
    taken.add(user.id);
    appendRow(t.applicationAssociations, app.id, memberRow(user.id, 'user'));
    change.assignment = { appId: app.id, userId: user.id };
    const timestampMs =
      t.now.getTime() - SSO_WINDOW_QUIET_MS - rng.int(1, 120) * 60_000;
    t.events = withEvent(t.events, {
      timestampMs,
      kind: EventKind.SsoAuth,
      principal: userIndex.get(user.id)!,
      app: a,
      flags: EventFlag.Success,
    });
    change.firstSignIn = { appId: app.id, userId: user.id, timestampMs };
    break;
  }

  const groups = rng.shuffle(t.groups.map((g) => g.id));
  for (const groupId of groups) {
    const members = new Set(
      (t.groupMembers.get(groupId) ?? [])
        .filter((row) => row.to.type === 'user')
        .map((row) => row.to.id),
    );
    const candidates = plainUsers().filter((u) => !members.has(u.id));
    if (candidates.length === 0) continue;
    const user = rng.pick(candidates);
    taken.add(user.id);
    appendRow(t.groupMembers, groupId, memberRow(user.id, 'user'));
    change.membership = { groupId, userId: user.id };
    break;
  }

  const suspendable = plainUsers();
  if (suspendable.length > 0) {
    const user = rng.pick(suspendable);
    user.suspended = true;
    user.state = 'SUSPENDED';
    change.suspendedUserId = user.id;
  }

  Object.assign(
    change,
    reviseSaasManagement(t.saas, {
      seed: t.seed,
      salt: t.salt,
      revision,
      nowMs: t.now.getTime(),
      emailDomain: t.emailDomain,
      users: users.filter((u, i) => i > 0 && isPlain(u)),
      deletedUserIds: [...t.deletedUserIds],
      applications: t.applications,
    }),
  );
  return change;
}

/** ACTIVATED, neither suspended nor locked: a user who may still change. */
function isPlain(u: SystemUser): boolean {
  return u.state === 'ACTIVATED' && !u.suspended && !u.account_locked;
}

/** Users bound to the application directly or through a group. */
function usersWithAccess(t: Tenant, appId: string): Set<string> {
  const reach = new Set<string>();
  for (const row of t.applicationAssociations.get(appId) ?? []) {
    if (row.to.type === 'user') reach.add(row.to.id);
    else if (row.to.type === 'user_group')
      for (const member of t.groupMembers.get(row.to.id) ?? [])
        if (member.to.type === 'user') reach.add(member.to.id);
  }
  return reach;
}

/** "principal|app" of every sso_auth event, of any age and outcome. */
function signInPairs(log: EventLog): Set<string> {
  const pairs = new Set<string>();
  const { kind, principal, app } = log.columns;
  for (let i = 0; i < log.size; i++)
    if (kind[i] === EventKind.SsoAuth) pairs.add(`${principal[i]}|${app[i]}`);
  return pairs;
}

/**
 * A new array, not an edited one: the simulator caches filtered rows per
 * array.
 */
function appendRow(
  rows: Map<string, GraphConnection[]>,
  id: string,
  row: GraphConnection,
) {
  rows.set(id, [...(rows.get(id) ?? []), row]);
}

interface NewEvent {
  timestampMs: number;
  kind: EventKind;
  principal: number;
  app: number;
  flags: number;
}

/**
 * The log with one more event, placed after every event of the same or an
 * earlier time (the columns stay in time order; later events' ids move up
 * by one).
 */
function withEvent(log: EventLog, event: NewEvent): EventLog {
  const c = log.columns;
  let at = 0;
  let hi = log.size;
  while (at < hi) {
    const mid = (at + hi) >>> 1;
    if (c.timestampMs[mid] <= event.timestampMs) at = mid + 1;
    else hi = mid;
  }
  const columns: EventColumns = {
    timestampMs: inserted(c.timestampMs, at, event.timestampMs),
    kind: inserted(c.kind, at, event.kind),
    principal: inserted(c.principal, at, event.principal),
    app: inserted(c.app, at, event.app),
    flags: inserted(c.flags, at, event.flags),
  };
  return new EventLog(columns, log.refs);
}

type Column = Float64Array | Uint8Array | Uint16Array | Uint32Array;

function inserted<T extends Column>(column: T, at: number, value: number): T {
  const out = new (column.constructor as new (length: number) => T)(
    column.length + 1,
  );
  out.set(column.subarray(0, at), 0);
  out[at] = value;
  out.set(column.subarray(at), at + 1);
  return out;
}
