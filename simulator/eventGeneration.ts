import {
  EventColumns,
  EventFlag,
  EventKind,
  EventLog,
  EventReferences,
  lowerBound,
} from './events';
import { Random, streamFor } from './random';

const DAY_MS = 86_400_000;
const RETENTION_MS = 90 * DAY_MS;
/** Old events start this far inside retention so a long-running simulator keeps them. */
const RETENTION_MARGIN_MS = 3_600_000;
/**
 * No sso_auth event lies this close to either edge of the window, so an
 * integration whose clock (or end_time lag) differs from the tenant's by less
 * than this still sees exactly the ground truth.
 */
export const SSO_WINDOW_QUIET_MS = 15 * 60_000;
/** Sign-ins that are the latest of their pair yet failed (lastSsoOn must ignore them). */
const TRAILING_FAILURES = 5;

export interface EventGenerationOptions {
  seed: number;
  nowMs: number;
  ssoEvents: number;
  ssoEventsDays: number;
  /** See TenantOptions.signInPairs. */
  signInPairs?: number;
}

/**
 * Builds the tenant's Directory Insights history: `ssoEvents` sso_auth events
 * in [now - days, now) (quiet near both edges), other services' events in the
 * same window, and older sso_auth events that a correct query leaves out.
 */
export function generateEvents(
  options: EventGenerationOptions,
  refs: EventReferences,
): EventLog {
  const rng = streamFor(options.seed, 'events');
  const windowStart = options.nowMs - options.ssoEventsDays * DAY_MS;
  const oldStart = options.nowMs - RETENTION_MS + RETENTION_MARGIN_MS;
  const inWindow = sortedTimes(
    rng,
    options.ssoEvents,
    windowStart + SSO_WINDOW_QUIET_MS,
    options.nowMs - SSO_WINDOW_QUIET_MS,
  );
  addTies(rng, inWindow);
  const old = sortedTimes(
    rng,
    oldStart < windowStart - SSO_WINDOW_QUIET_MS
      ? Math.round(options.ssoEvents * 0.1)
      : 0,
    oldStart,
    windowStart - SSO_WINDOW_QUIET_MS,
  );
  const noise = sortedTimes(
    rng,
    Math.round(options.ssoEvents * 0.1),
    windowStart,
    options.nowMs,
  );

  const columns = mergeTimelines(rng, old, inWindow, noise);
  const pairs = new SignInPairs(rng, refs, options.signInPairs);
  assignAttributes(rng, columns, pairs, refs, windowStart);
  const log = new EventLog(columns, refs);
  forceVariety(rng, log, pairs, windowStart);
  return log;
}

function sortedTimes(
  rng: Random,
  count: number,
  fromMs: number,
  toMs: number,
): Float64Array {
  const out = new Float64Array(count);
  const span = toMs - fromMs;
  for (let i = 0; i < count; i++) {
    let ms = fromMs + Math.floor(rng.next() * span);
    // Some events are stored with whole-second precision.
    if (rng.chance(0.15)) {
      const seconds = Math.floor(ms / 1000) * 1000;
      const rounded = seconds < fromMs ? seconds + 1000 : seconds;
      if (rounded < toMs) ms = rounded;
    }
    out[i] = ms;
  }
  return out.sort();
}

/** Some events share a millisecond; DI then orders them by id. */
function addTies(rng: Random, times: Float64Array) {
  if (times.length < 2) return;
  const ties = Math.max(1, Math.round(times.length * 0.005));
  for (let k = 0; k < ties; k++) {
    const i = rng.int(0, times.length - 2);
    times[i + 1] = times[i];
  }
}

function mergeTimelines(
  rng: Random,
  old: Float64Array,
  inWindow: Float64Array,
  noise: Float64Array,
): EventColumns {
  const sso = new Float64Array(old.length + inWindow.length);
  sso.set(old, 0);
  sso.set(inWindow, old.length);
  const total = sso.length + noise.length;
  const columns: EventColumns = {
    timestampMs: new Float64Array(total),
    kind: new Uint8Array(total),
    principal: new Uint32Array(total),
    app: new Uint16Array(total),
    flags: new Uint8Array(total),
  };
  let a = 0;
  let b = 0;
  for (let i = 0; i < total; i++) {
    if (b >= noise.length || (a < sso.length && sso[a] <= noise[b])) {
      columns.timestampMs[i] = sso[a++];
      columns.kind[i] = EventKind.SsoAuth;
    } else {
      columns.timestampMs[i] = noise[b++];
      columns.kind[i] = rng.chance(0.6)
        ? EventKind.UserUpdate
        : EventKind.LoginAttempt;
    }
  }
  return columns;
}

/**
 * The user→application pairs that sign in. Picked with a skew so a few
 * pairs sign in very often and many only once or twice.
 */
class SignInPairs {
  readonly user: Uint32Array;
  readonly app: Uint16Array;

  /** With a set number of pairs: how many in-window sign-ins have taken a pair in turn. */
  private covered = 0;

  constructor(
    rng: Random,
    readonly refs: EventReferences,
    private readonly exactSize?: number,
  ) {
    const userCount = refs.users.length;
    const size = Math.max(8, exactSize ?? Math.round(userCount * 1.5) + 10);
    this.user = new Uint32Array(size);
    this.app = new Uint16Array(size);
    for (let j = 0; j < size; j++) {
      this.user[j] = this.randomPrincipal(rng);
      this.app[j] = this.randomApp(rng);
    }
  }

  get size(): number {
    return this.user.length;
  }

  pick(rng: Random): number {
    return Math.floor(this.size * Math.pow(rng.next(), 1.7));
  }

  /**
   * With a set number of pairs, the next pair that has no sign-in in the
   * window yet (its first one succeeds, so every pair is used whatever the
   * number of events); undefined once each has one, or by default.
   */
  nextUncovered(): number | undefined {
    if (this.exactSize === undefined || this.covered >= this.size)
      return undefined;
    return this.covered++;
  }

  deletedPrincipal(k: number): number {
    return this.refs.users.length + (k % this.refs.deletedUserIds.length);
  }

  adminPrincipal(k: number): number {
    return (
      this.refs.users.length +
      this.refs.deletedUserIds.length +
      (k % this.refs.admins.length)
    );
  }

  removedApp(k: number): number {
    return (
      this.refs.applications.length + (k % this.refs.removedApplications.length)
    );
  }

  randomLiveUser(rng: Random): number {
    const users = this.refs.users;
    let u = rng.int(0, users.length - 1);
    // Staged users have not signed in yet, mostly.
    if (users[u].state === 'STAGED' && rng.chance(0.8))
      u = rng.int(0, users.length - 1);
    return u;
  }

  private randomPrincipal(rng: Random): number {
    if (this.refs.users.length === 0 || rng.chance(0.015)) {
      return this.deletedPrincipal(
        rng.int(0, this.refs.deletedUserIds.length - 1),
      );
    }
    return this.randomLiveUser(rng);
  }

  private randomApp(rng: Random): number {
    const apps = this.refs.applications.length;
    if (apps === 0 || rng.chance(0.03)) {
      return this.removedApp(
        rng.int(0, this.refs.removedApplications.length - 1),
      );
    }
    return Math.floor(apps * Math.pow(rng.next(), 1.5));
  }
}

function assignAttributes(
  rng: Random,
  columns: EventColumns,
  pairs: SignInPairs,
  refs: EventReferences,
  windowStart: number,
) {
  const userCount = refs.users.length;
  for (let i = 0; i < columns.kind.length; i++) {
    switch (columns.kind[i]) {
      case EventKind.SsoAuth: {
        const first =
          columns.timestampMs[i] >= windowStart
            ? pairs.nextUncovered()
            : undefined;
        if (first !== undefined) {
          columns.principal[i] = pairs.user[first];
          columns.app[i] = pairs.app[first];
          columns.flags[i] = EventFlag.Success;
          break;
        }
        const j = pairs.pick(rng);
        columns.principal[i] = pairs.user[j];
        columns.app[i] = pairs.app[j];
        columns.flags[i] = ssoOutcome(rng);
        if (rng.chance(0.005))
          columns.principal[i] = pairs.adminPrincipal(rng.int(0, 99));
        break;
      }
      case EventKind.UserUpdate:
        columns.principal[i] =
          userCount > 0 ? rng.int(0, userCount - 1) : pairs.deletedPrincipal(0);
        columns.app[i] = rng.int(0, refs.admins.length - 1);
        columns.flags[i] = EventFlag.Success;
        break;
      default:
        columns.principal[i] =
          userCount > 0 ? pairs.randomLiveUser(rng) : pairs.deletedPrincipal(0);
        columns.flags[i] = rng.chance(0.9) ? EventFlag.Success : 0;
    }
  }
}

function ssoOutcome(rng: Random): number {
  if (!rng.chance(0.065)) return EventFlag.Success;
  return rng.chance(0.7) ? EventFlag.NotAuthorized : EventFlag.Unreachable;
}

/**
 * Places the cases tests depend on at fixed spots of the window so that every
 * seed has them: trailing failed sign-ins after a success, a removed
 * application, a deleted user, an administrator, both failure kinds.
 */
function forceVariety(
  rng: Random,
  log: EventLog,
  pairs: SignInPairs,
  windowStart: number,
) {
  const { columns, refs } = log;
  const sso = log.forService('sso');
  const first = lowerBound(log, sso, windowStart);
  const inWindow = sso.length - first;
  const tail = Math.min(TRAILING_FAILURES, Math.floor(inWindow / 4));
  const canBindPairs = refs.users.length > 0 && refs.applications.length > 0;
  if (inWindow < 2 || !canBindPairs) return;

  // Spots lie strictly before the trailing failures, even when timestamps tie.
  const tailStart = sso.length - tail;
  const lastSpot =
    tail > 0
      ? lowerBound(log, sso, log.timestampMs(sso.at(tailStart))) - 1
      : sso.length - 1;
  const spots =
    lastSpot < first
      ? []
      : rng.distinct(tail + 6, first, lastSpot).map((p) => sso.at(p));
  const set = (i: number, principal: number, app: number, flags: number) => {
    columns.principal[i] = principal;
    columns.app[i] = app;
    columns.flags[i] = flags;
  };
  for (let k = 0; k < tail; k++) {
    // Heavy pairs with a live user and a configured app.
    const principal = k === 0 ? 0 : pairs.randomLiveUser(rng);
    const app = k % refs.applications.length;
    if (spots.length > k) set(spots[k], principal, app, EventFlag.Success);
    set(sso.at(sso.length - 1 - k), principal, app, EventFlag.NotAuthorized);
  }
  const extra = spots.slice(tail);
  const live = pairs.randomLiveUser(rng);
  const cases: [number, number, number][] = [
    [live, pairs.removedApp(0), EventFlag.Success],
    [pairs.deletedPrincipal(0), 0, EventFlag.Success],
    [pairs.adminPrincipal(0), 0, EventFlag.Success],
    [live, 0, EventFlag.Unreachable],
    [live, 0, EventFlag.NotAuthorized],
    [0, 0, EventFlag.Success],
  ];
  cases.forEach(([principal, app, flags], k) => {
    if (k < extra.length) set(extra[k], principal, app, flags);
  });
}
