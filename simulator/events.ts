import { hash32, hex8 } from './random';
import {
  Administrator,
  Application,
  EventApplication,
  EventPrincipal,
  RemovedApplication,
  SystemUser,
} from './types';

/**
 * Directory Insights events stored column-wise. A million events as JS
 * objects would cost gigabytes; as typed arrays they cost ~20 bytes each,
 * and rows are built only for the page being served.
 */

export enum EventKind {
  SsoAuth = 0,
  UserUpdate = 1,
  LoginAttempt = 2,
}

export const SERVICE_OF_KIND: readonly string[] = [
  'sso',
  'directory',
  'systems',
];
export const EVENT_TYPE_OF_KIND: readonly string[] = [
  'sso_auth',
  'user_update',
  'login_attempt',
];

export const EventFlag = {
  Success: 1,
  NotAuthorized: 2,
  Unreachable: 4,
} as const;

export interface EventColumns {
  /** Epoch milliseconds, ascending; ties are ordered by index (= by id). */
  timestampMs: Float64Array;
  kind: Uint8Array;
  /** Index into users, then deleted user ids, then administrators. */
  principal: Uint32Array;
  /** sso_auth: index into applications, then removed applications. user_update: administrator index. */
  app: Uint16Array;
  flags: Uint8Array;
}

export interface EventReferences {
  orgId: string;
  salt: number;
  users: readonly SystemUser[];
  deletedUserIds: readonly string[];
  admins: readonly Administrator[];
  applications: readonly Application[];
  removedApplications: readonly RemovedApplication[];
}

/** A sorted list of event indices (one per service, or all events). */
export interface IndexList {
  readonly length: number;
  at(position: number): number;
}

export class EventLog {
  readonly size: number;
  private readonly byKind: Uint32Array[];
  private readonly all: IndexList;

  constructor(readonly columns: EventColumns, readonly refs: EventReferences) {
    this.size = columns.timestampMs.length;
    this.byKind = indexByKind(columns.kind);
    this.all = { length: this.size, at: (p) => p };
  }

  /** Events of one service, in (timestamp, id) order; empty for services without events. */
  forService(service: string): IndexList {
    const kind = SERVICE_OF_KIND.indexOf(service);
    if (kind < 0) return EMPTY;
    const list = this.byKind[kind];
    return { length: list.length, at: (p) => list[p] };
  }

  everything(): IndexList {
    return this.all;
  }

  timestampMs(i: number): number {
    return this.columns.timestampMs[i];
  }

  kind(i: number): EventKind {
    return this.columns.kind[i];
  }

  service(i: number): string {
    return SERVICE_OF_KIND[this.columns.kind[i]];
  }

  eventType(i: number): string {
    return EVENT_TYPE_OF_KIND[this.columns.kind[i]];
  }

  /** 24 hex: seconds, tenant salt, index; so id order equals event order. */
  id(i: number): string {
    const seconds = Math.floor(this.columns.timestampMs[i] / 1000);
    return hex8(seconds) + hex8(this.refs.salt ^ 0x5eed) + hex8(i);
  }

  /**
   * RFC 3339 in the precision DI happens to store: whole seconds,
   * milliseconds or nanoseconds (trailing zeros trimmed, as Go prints it).
   * The millisecond part is always the stored instant.
   */
  timestamp(i: number): string {
    const ms = this.columns.timestampMs[i];
    const iso = new Date(ms).toISOString();
    if (ms % 1000 === 0) return `${iso.slice(0, 19)}Z`;
    const h = hash32(this.refs.salt, i, 0x7153);
    if (h % 3 === 0) return iso;
    const nanos = `${iso.slice(20, 23)}${String(h % 1_000_000).padStart(
      6,
      '0',
    )}`;
    return `${iso.slice(0, 20)}${nanos.replace(/0+$/, '')}Z`;
  }

  initiator(i: number): EventPrincipal {
    return this.principal(this.columns.principal[i]);
  }

  principal(p: number): EventPrincipal {
    const { users, deletedUserIds, admins } = this.refs;
    if (p < users.length) {
      return { id: users[p].id, type: 'user', username: users[p].username };
    }
    const d = p - users.length;
    if (d < deletedUserIds.length) {
      return {
        id: deletedUserIds[d],
        type: 'user',
        username: `former.user${d + 1}`,
      };
    }
    const admin = admins[d - deletedUserIds.length];
    return { id: admin.id, type: 'admin', username: admin.email };
  }

  /** The application of an sso_auth event, blanked when it was unreachable. */
  application(i: number): EventApplication | undefined {
    if (this.columns.kind[i] !== EventKind.SsoAuth) return undefined;
    const a = this.columns.app[i];
    const { applications, removedApplications } = this.refs;
    const app =
      a < applications.length
        ? {
            display_label: applications[a].displayLabel,
            sso_type: applications[a].sso.type,
            name: applications[a].name,
            id: applications[a].id,
            sso_url: applications[a].ssoUrl,
          }
        : toEventApplication(removedApplications[a - applications.length]);
    if (this.columns.flags[i] & EventFlag.Unreachable) {
      return { ...app, display_label: '', name: '', id: '' };
    }
    return app;
  }

  /** sso_token_success for sso_auth, success for other events. */
  succeeded(i: number): boolean {
    return (this.columns.flags[i] & EventFlag.Success) !== 0;
  }

  errorMessage(i: number): string {
    const flags = this.columns.flags[i];
    if (flags & EventFlag.Unreachable) return 'application unreachable';
    if (flags & EventFlag.NotAuthorized) return 'not authorized';
    return '';
  }

  /** Calls back for each event of `service` with timestamp in [fromMs, toMs]. */
  forEachInRange(
    service: string | 'all',
    fromMs: number,
    toMs: number,
    callback: (eventIndex: number) => void,
  ): void {
    const list = service === 'all' ? this.all : this.forService(service);
    for (let p = lowerBound(this, list, fromMs); p < list.length; p++) {
      const i = list.at(p);
      if (this.columns.timestampMs[i] > toMs) break;
      callback(i);
    }
  }
}

const EMPTY: IndexList = { length: 0, at: () => -1 };

function toEventApplication(app: RemovedApplication): EventApplication {
  return {
    display_label: app.displayLabel,
    sso_type: app.ssoType,
    name: app.name,
    id: app.id,
    sso_url: app.ssoUrl,
  };
}

/** First position in `list` whose event timestamp is >= ms. */
export function lowerBound(log: EventLog, list: IndexList, ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log.timestampMs(list.at(mid)) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexByKind(kind: Uint8Array): Uint32Array[] {
  const counts = [0, 0, 0];
  for (let i = 0; i < kind.length; i++) counts[kind[i]]++;
  const lists = counts.map((c) => new Uint32Array(c));
  const fill = [0, 0, 0];
  for (let i = 0; i < kind.length; i++) lists[kind[i]][fill[kind[i]]++] = i;
  return lists;
}
