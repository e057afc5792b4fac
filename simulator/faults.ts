import * as http from 'http';
import { BAD_API_KEY, json, message, SimResponse } from './http';
import { Random } from './random';

/**
 * Which requests a targeted fault hits. `times` lets a test make a fault
 * transient (the first N matching requests) or permanent (absent).
 */
export interface Targeted {
  /** Regular-expression source matched against the path without the query, e.g. '^/api/v2/usergroups/[^/]+/members$'. */
  pathPattern: string;
  /** Only requests with this method; absent = any. */
  method?: 'GET' | 'POST';
  /** How many matching requests get the fault, in arrival order; absent = every one. Restarts with setFaults. */
  times?: number;
}

export type RedirectStatus = 301 | 302 | 303 | 307 | 308;
export type FaultStatus = 402 | 403 | 404 | 500;
export type ListLieKind = 'empty-page' | 'low-total' | 'duplicate-page';
export type InsightsPagingKind = 'repeat-page' | 'no-cursor' | 'same-cursor';

/** The name the request log gives the fault applied to a request. */
export type FaultName =
  | 'never-answer'
  | 'redirect'
  | 'status'
  | 'stall-body'
  | 'cut-body'
  | 'list-lie'
  | 'insights-paging'
  | 'delete-during-walk';

export interface Faults {
  /** Added to every response. */
  latencyMs?: number;
  /** Every Nth request answers 429; Retry-After only when retryAfterSeconds is set. */
  rateLimit?: {
    everyNth: number;
    retryAfterSeconds?: number;
    retryAfterAsDate?: boolean;
  };
  /** Fraction of requests answering 500, 502 (Cloudflare HTML) or 503. */
  serverErrorRate?: number;
  /** Fraction of requests whose socket is destroyed without a response. */
  resetRate?: number;
  /** Fraction of requests delayed by slowMs (default 30 s) before answering. */
  slowRate?: number;
  slowMs?: number;
  /** Fraction of 200 answers with a truncated or non-JSON body. */
  badBodyRate?: number;
  /** 403 on GET /api/v2/usergroups/{id}/members. */
  forbiddenMembers?: boolean;
  /** POST /insights/directory/v1/events (and /events/count) answers this. */
  insightsStatus?: 402 | 403;
  /** GET /api/users (administrators) answers this; 404 body `{"message":"Not Found"}`. */
  adminsStatus?: 403 | 404;
  /** After the first /api/systemusers page, a user sorting before all others appears. */
  pagingDrift?: boolean;
  /** After this many requests every request answers 401 (key revoked mid-run). */
  unauthorizedAfter?: number;
  /** Every request addressed to this organization (x-org-id) answers 503: one tenant of a portal down. */
  failingOrganization?: string;
  /**
   * A matching request is answered with a 3xx (default 302), a `Location`
   * and a small HTML page, as a proxy or a moved route would. `to: 'self'`:
   * Location is the same path and query on this simulator, and the next
   * request for that URL is answered normally (a client that follows a
   * same-origin redirect gets the real answer). Otherwise `to` is an origin
   * (`http://127.0.0.1:9999`) and Location is that origin + path + query: a
   * redirect to another host, which a client must not follow with its key.
   */
  redirect?: Targeted & {
    to: 'self' | string;
    status?: RedirectStatus;
  };
  /**
   * A matching request whose answer is a 200 gets its status line, headers
   * (with the full Content-Length) and the first half of its body, then
   * nothing: the socket stays open until the client gives up or the
   * simulator closes. `times` counts stalled answers.
   */
  stallBody?: Targeted;
  /** Like stallBody, but the socket is destroyed after half the body: a connection cut mid-body. */
  cutBody?: Targeted;
  /** A matching request is never answered, not even a status line; the socket stays open until the client gives up or the simulator closes. */
  neverAnswer?: Targeted;
  /**
   * A matching request is answered with this status and a JumpCloud-like
   * body (see STATUS_FAULT_BODIES): a transient 404 on one group's member
   * list (`times: 1`), a forbidden or unlicensed optional route. The first
   * entry that matches (and has `times` left) applies.
   */
  statusFaults?: (Targeted & { status: FaultStatus })[];
  /**
   * An offset-paged list (v1 `{totalCount, results}`, v2 array with
   * x-total-count) lies about a page; `times` counts answers the lie changes.
   * - 'empty-page': a page with skip > 0 has no rows, with the true total
   *   (an empty page before the total is reached).
   * - 'low-total': a page reports min(true total, limit) as its total, with
   *   its true rows (a full page at or past a total that was too low).
   * - 'duplicate-page': a page with skip > 0 has the rows of the page before
   *   it (skip - limit), with the true total (fewer distinct ids than the total).
   * Pages with skip = 0 are truthful for 'empty-page' and 'duplicate-page'.
   */
  listLie?: Targeted & { kind: ListLieKind };
  /**
   * After the first page (skip = 0) of GET /api/systemusers is answered, the
   * user at sorted position limit / 2 of that page (by _id; the page's last
   * user when it is shorter) is deleted: gone from the list, its total and
   * GET /api/systemusers/{id}, so the next page shifts by one; its
   * memberships elsewhere stay. Once per tenant, like pagingDrift; the ids
   * are in RunningSimulator.deletedUserIds().
   */
  deleteDuringWalk?: boolean;
  /**
   * Directory Insights paging faults, on POST /insights/directory/v1/events
   * answers that are full pages (rows = applied limit); `times` counts
   * faulty answers.
   * - 'repeat-page': a request with search_after gets the first page again
   *   (search_after ignored) with a fresh X-Search_after every time: a walk
   *   that pages forever.
   * - 'no-cursor': the X-Search_after header is left out.
   * - 'same-cursor': a request with search_after gets its true next rows, but
   *   X-Search_after repeats the request's search_after unchanged.
   */
  insightsPaging?: { kind: InsightsPagingKind; times?: number };
  /** Directory Insights serves at most this many events a page; X-Limit reports the limit applied, as the real API does when it falls back. */
  eventsPageCap?: number;
  /**
   * Organization-scoped routes answer 401 "no organization selected" without
   * x-org-id even when the key serves one organization (a multi-tenant
   * portal key that manages a single organization). GET /api/organizations
   * is unaffected.
   */
  requireOrgHeader?: boolean;
  /**
   * x-org-id on GET /api/users (administrators). 'refused' (default): the
   * header answers 403 and the key's every administrator is listed.
   * 'required': without the header 401 "no organization selected" when the
   * key serves several organizations or requireOrgHeader is set; with it,
   * that organization's administrators and the portal's, ordered by _id.
   */
  adminsOrgHeader?: 'refused' | 'required';
}

/** Every Faults key, so JSON from outside TypeScript can be checked for typos. */
const FAULT_KEYS: Record<keyof Faults, true> = {
  latencyMs: true,
  rateLimit: true,
  serverErrorRate: true,
  resetRate: true,
  slowRate: true,
  slowMs: true,
  badBodyRate: true,
  forbiddenMembers: true,
  insightsStatus: true,
  adminsStatus: true,
  pagingDrift: true,
  unauthorizedAfter: true,
  failingOrganization: true,
  redirect: true,
  stallBody: true,
  cutBody: true,
  neverAnswer: true,
  statusFaults: true,
  listLie: true,
  deleteDuringWalk: true,
  insightsPaging: true,
  eventsPageCap: true,
  requireOrgHeader: true,
  adminsOrgHeader: true,
};

const TARGET_KEYS = ['pathPattern', 'method', 'times'];
const REDIRECT_STATUSES: RedirectStatus[] = [301, 302, 303, 307, 308];
const LIST_LIE_KINDS: ListLieKind[] = [
  'empty-page',
  'low-total',
  'duplicate-page',
];
const INSIGHTS_PAGING_KINDS: InsightsPagingKind[] = [
  'repeat-page',
  'no-cursor',
  'same-cursor',
];

/** Bodies of statusFaults answers, as JumpCloud words them. */
export const STATUS_FAULT_BODIES: Record<FaultStatus, object> = {
  402: { message: 'Payment Required' },
  403: { error: 'Forbidden', message: 'Forbidden: insufficient permissions' },
  404: { message: 'Not Found' },
  500: { message: 'Internal Server Error' },
};

/** What a targeted fault is matched against. */
export interface RequestLine {
  method: string;
  /** Without the query string. */
  path: string;
  /** The raw query string, without "?". */
  query: string;
}

/** The part of a fault the shared matcher reads; no pathPattern = every path. */
type FaultTarget = Partial<Targeted>;

/**
 * A fault a route handler applies only when it would change the answer:
 * `take(changesAnswer)` says whether to apply it now, and counts it if so.
 */
export interface FaultOffer<K extends string> {
  kind: K;
  take(changesAnswer: boolean): boolean;
}

/** stallBody or cutBody. */
export type BodyFault = 'stall-body' | 'cut-body';

export interface FaultDecision {
  reset: boolean;
  /** Replaces the real answer (429, 5xx, revoked key). */
  response?: SimResponse;
  delayMs: number;
  badBody: boolean;
  /** Uniform in [0, 1): which kind of bad body. */
  badBodyKind: number;
}

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n' +
  '</body>\r\n</html>\r\n';

export const UNAVAILABLE_503 =
  '<html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';

/**
 * Decides each request's faults in arrival order from a seeded generator, so
 * a run with the same seed and request order fails the same way. Counting
 * restarts whenever the faults change.
 */
export class FaultPlan {
  private faults: Faults;
  private rng: Random;
  private count = 0;
  /** Requests each targeted fault was applied to, by fault object. */
  private used = new Map<object, number>();
  private readonly patterns = new Map<string, RegExp>();
  /** URLs redirected to themselves whose next request is let through, with how many are owed. */
  private selfRedirects = new Map<string, number>();

  constructor(faults: Faults = {}, private readonly seed = 1) {
    this.faults = { ...checkFaults(faults) };
    this.rng = new Random(seed);
  }

  get current(): Faults {
    return this.faults;
  }

  set(faults: Faults): void {
    this.faults = { ...checkFaults(faults) };
    this.count = 0;
    this.rng = new Random(this.seed);
    this.used = new Map();
    this.selfRedirects = new Map();
  }

  /**
   * The one matcher and counter of targeted faults: true (and counted) when
   * `fault` targets this request, `applies` holds and its `times` are not
   * used up.
   */
  take(
    fault: FaultTarget,
    request: Pick<RequestLine, 'method' | 'path'>,
    applies = true,
  ): boolean {
    if (!applies || !this.targets(fault, request)) return false;
    const used = this.used.get(fault) ?? 0;
    if (fault.times !== undefined && used >= fault.times) return false;
    this.used.set(fault, used + 1);
    return true;
  }

  /** `fault` (listLie, insightsPaging) for a route handler to apply when it changes the answer. */
  offer<K extends string>(
    fault: (FaultTarget & { kind: K }) | undefined,
    request: Pick<RequestLine, 'method' | 'path'>,
  ): FaultOffer<K> | undefined {
    if (!fault) return undefined;
    return {
      kind: fault.kind,
      take: (changesAnswer) => this.take(fault, request, changesAnswer),
    };
  }

  /**
   * The targeted fault that answers a request instead of its route, checked
   * before routing: never answer, a redirect, or a status.
   */
  intercept(
    request: RequestLine,
    origin: string,
  ): SimResponse | 'never-answer' | undefined {
    const f = this.faults;
    if (f.neverAnswer && this.take(f.neverAnswer, request))
      return 'never-answer';
    if (f.redirect) {
      const redirect = this.redirect(f.redirect, request, origin);
      if (redirect) return redirect;
    }
    const status = f.statusFaults?.find((s) => this.take(s, request));
    if (status) {
      return {
        ...json(status.status, STATUS_FAULT_BODIES[status.status]),
        fault: 'status',
      };
    }
    return undefined;
  }

  /** stallBody or cutBody, for an answer with this status. */
  bodyFault(request: RequestLine, status: number): BodyFault | undefined {
    const f = this.faults;
    if (f.stallBody && this.take(f.stallBody, request, status === 200))
      return 'stall-body';
    if (f.cutBody && this.take(f.cutBody, request, status === 200))
      return 'cut-body';
    return undefined;
  }

  private targets(
    fault: FaultTarget,
    request: Pick<RequestLine, 'method' | 'path'>,
  ): boolean {
    if (fault.method !== undefined && fault.method !== request.method)
      return false;
    if (fault.pathPattern === undefined) return true;
    let pattern = this.patterns.get(fault.pathPattern);
    if (!pattern) {
      pattern = new RegExp(fault.pathPattern);
      this.patterns.set(fault.pathPattern, pattern);
    }
    return pattern.test(request.path);
  }

  private redirect(
    redirect: NonNullable<Faults['redirect']>,
    request: RequestLine,
    origin: string,
  ): SimResponse | undefined {
    const url = request.query
      ? `${request.path}?${request.query}`
      : request.path;
    const self = redirect.to === 'self';
    const owed = this.selfRedirects.get(url) ?? 0;
    if (self && owed > 0) {
      // The follow-up of a redirect to itself: answered normally.
      this.selfRedirects.set(url, owed - 1);
      return undefined;
    }
    if (!this.take(redirect, request)) return undefined;
    if (self) this.selfRedirects.set(url, owed + 1);
    const status = redirect.status ?? 302;
    const location = `${self ? origin : redirect.to.replace(/\/+$/, '')}${url}`;
    return {
      status,
      body: movedPage(status, location),
      contentType: 'text/html; charset=iso-8859-1',
      headers: { Location: location },
      fault: 'redirect',
    };
  }

  decide(): FaultDecision {
    const f = this.faults;
    this.count += 1;
    // Draw every roll each time so one fault's setting never shifts another's.
    const resetRoll = this.rng.next();
    const errorRoll = this.rng.next();
    const errorKind = this.rng.next();
    const slowRoll = this.rng.next();
    const badBodyRoll = this.rng.next();
    const decision: FaultDecision = {
      reset: false,
      delayMs:
        (f.latencyMs ?? 0) +
        (slowRoll < (f.slowRate ?? 0) ? f.slowMs ?? 30_000 : 0),
      badBody: badBodyRoll < (f.badBodyRate ?? 0),
      badBodyKind: errorKind,
    };
    if (f.unauthorizedAfter !== undefined && this.count > f.unauthorizedAfter) {
      decision.response = BAD_API_KEY();
    } else if (resetRoll < (f.resetRate ?? 0)) {
      decision.reset = true;
    } else if (
      f.rateLimit &&
      f.rateLimit.everyNth > 0 &&
      this.count % f.rateLimit.everyNth === 0
    ) {
      decision.response = tooManyRequests(f.rateLimit);
    } else if (errorRoll < (f.serverErrorRate ?? 0)) {
      decision.response = serverError(errorKind);
    }
    return decision;
  }
}

function tooManyRequests(
  rateLimit: NonNullable<Faults['rateLimit']>,
): SimResponse {
  const response = message(429, 'Too Many Requests');
  const seconds = rateLimit.retryAfterSeconds;
  if (seconds !== undefined) {
    response.headers = {
      'Retry-After': rateLimit.retryAfterAsDate
        ? new Date(Date.now() + seconds * 1000).toUTCString()
        : String(seconds),
    };
  }
  return response;
}

function serverError(roll: number): SimResponse {
  if (roll < 1 / 3) return json(500, { message: 'Internal Server Error' });
  if (roll < 2 / 3)
    return { status: 502, body: CLOUDFLARE_502, contentType: 'text/html' };
  return { status: 503, body: UNAVAILABLE_503, contentType: 'text/html' };
}

/** A 200 body a client must not accept: cut mid-JSON, or an HTML error page. */
export function corruptBody(body: string, roll: number): string {
  if (roll < 0.5)
    return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  return '<html><body>upstream sent an invalid response</body></html>';
}

/** The page a web server sends with a redirect (Apache's wording). */
function movedPage(status: number, location: string): string {
  const reason = http.STATUS_CODES[status] ?? 'Moved';
  const href = location.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n' +
    `<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n` +
    `<h1>${reason}</h1>\n<p>The document has moved <a href="${href}">here</a>.</p>\n` +
    '</body></html>\n'
  );
}

/**
 * Checks faults given from outside TypeScript (the CLI's --faults JSON, or a
 * test's setFaults): unknown keys and malformed new-style faults throw a
 * clear error, so a typo never silently means "no fault".
 */
export function checkFaults(value: unknown): Faults {
  const f = record('faults', value);
  onlyKeys('faults', f, Object.keys(FAULT_KEYS));
  if (f.redirect !== undefined) {
    const r = target('redirect', f.redirect, ['to', 'status']);
    if (r.to !== 'self' && !isOrigin(r.to)) {
      throw new Error(
        'redirect.to must be "self" or an origin such as http://127.0.0.1:9999',
      );
    }
    if (r.status !== undefined)
      oneOf('redirect.status', r.status, REDIRECT_STATUSES);
  }
  for (const name of ['stallBody', 'cutBody', 'neverAnswer']) {
    if (f[name] !== undefined) target(name, f[name]);
  }
  if (f.statusFaults !== undefined) {
    if (!Array.isArray(f.statusFaults))
      throw new Error('statusFaults must be a list');
    f.statusFaults.forEach((s, k) => {
      const name = `statusFaults[${k}]`;
      const t = target(name, s, ['status']);
      oneOf(
        `${name}.status`,
        t.status,
        Object.keys(STATUS_FAULT_BODIES).map(Number),
      );
    });
  }
  if (f.listLie !== undefined)
    oneOf(
      'listLie.kind',
      target('listLie', f.listLie, ['kind']).kind,
      LIST_LIE_KINDS,
    );
  if (f.insightsPaging !== undefined) {
    const p = record('insightsPaging', f.insightsPaging);
    onlyKeys('insightsPaging', p, ['kind', 'times']);
    oneOf('insightsPaging.kind', p.kind, INSIGHTS_PAGING_KINDS);
    count('insightsPaging.times', p.times);
  }
  if (
    f.eventsPageCap !== undefined &&
    !(Number.isInteger(f.eventsPageCap) && (f.eventsPageCap as number) > 0)
  ) {
    throw new Error('eventsPageCap must be a positive integer');
  }
  for (const name of ['deleteDuringWalk', 'requireOrgHeader']) {
    if (f[name] !== undefined && typeof f[name] !== 'boolean')
      throw new Error(`${name} must be true or false`);
  }
  if (f.adminsOrgHeader !== undefined)
    oneOf('adminsOrgHeader', f.adminsOrgHeader, ['refused', 'required']);
  return f as Faults;
}

function record(name: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function onlyKeys(
  name: string,
  value: Record<string, unknown>,
  known: string[],
): void {
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  if (unknown !== undefined) {
    throw new Error(
      `unknown key "${unknown}" in ${name}; known: ${known.join(', ')}`,
    );
  }
}

function target(
  name: string,
  value: unknown,
  extraKeys: string[] = [],
): Record<string, unknown> {
  const t = record(name, value);
  onlyKeys(name, t, [...TARGET_KEYS, ...extraKeys]);
  if (typeof t.pathPattern !== 'string')
    throw new Error(`${name}.pathPattern must be a regular expression source`);
  try {
    new RegExp(t.pathPattern);
  } catch (err) {
    throw new Error(`${name}.pathPattern: ${(err as Error).message}`);
  }
  if (t.method !== undefined)
    oneOf(`${name}.method`, t.method, ['GET', 'POST']);
  count(`${name}.times`, t.times);
  return t;
}

function count(name: string, value: unknown): void {
  if (
    value !== undefined &&
    !(Number.isInteger(value) && (value as number) >= 0)
  )
    throw new Error(`${name} must be a non-negative integer`);
}

function oneOf(name: string, value: unknown, allowed: unknown[]): void {
  if (!allowed.includes(value)) {
    throw new Error(
      `${name} must be one of ${allowed
        .map((a) => JSON.stringify(a))
        .join(', ')}`,
    );
  }
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === value.replace(/\/+$/, '')
    );
  } catch {
    return false;
  }
}
