import { randomUUID } from 'crypto';
import {
  countEvents,
  EventCursor,
  EventQueryPlan,
  queryEvents,
} from './eventQuery';
import { eventRow } from './eventRows';
import { EventLog } from './events';
import type { FaultOffer, InsightsPagingKind } from './faults';
import { json, message, SimResponse } from './http';

/** POST /insights/directory/v1/events and /events/count (jumpcloud-api.md §4.7). */

export const VALID_SERVICES = [
  'alerts',
  'all',
  'directory',
  'ldap',
  'mdm',
  'notifications',
  'object_storage',
  'password_manager',
  'password_vault',
  'radius',
  'reports',
  'saas_app_management',
  'software',
  'sso',
  'systems',
  'access_management',
  'asset_management',
  'workflows',
  'genai',
  'aigw',
  'ai_admin',
  'generic_di',
];

export const DEFAULT_EVENT_LIMIT = 1000;
export const MAX_EVENT_LIMIT = 10_000;
export const RETENTION_MS = 90 * 86_400_000;

interface ParsedQuery {
  services: string[];
  startMs: number;
  endMs: number;
  limit: number;
  descending: boolean;
  searchAfter?: EventCursor;
  rawSearchAfter?: unknown[];
  skip: number;
  fields?: string[];
}

/** Paging faults of one events request. */
export interface EventsPaging {
  /** eventsPageCap: the largest page served; X-Limit reports the limit applied. */
  pageCap?: number;
  /** The insightsPaging fault, when set. */
  fault?: FaultOffer<InsightsPagingKind>;
}

export function handleEventsRequest(
  log: EventLog,
  rawBody: string,
  clockNowMs: number,
  countOnly: boolean,
  paging: EventsPaging = {},
): SimResponse {
  const parsed = parseEventQuery(rawBody, clockNowMs);
  if ('status' in parsed) return parsed;
  const plan: EventQueryPlan = {
    services: parsed.services,
    // Events older than the retention period are gone, whatever the query says.
    startMs: Math.max(parsed.startMs, clockNowMs - RETENTION_MS),
    endMs: parsed.endMs,
    searchAfter: parsed.searchAfter,
    descending: parsed.descending,
    skip: parsed.skip,
    limit: Math.min(parsed.limit, paging.pageCap ?? MAX_EVENT_LIMIT),
  };
  const requestId = { 'X-Request-Id': randomUUID() };
  if (countOnly) return json(200, { count: countEvents(log, plan) }, requestId);

  const page = pageWithFault(log, plan, parsed.rawSearchAfter, paging.fault);
  const rows = page.indices.map((i) =>
    project(eventRow(log, i), parsed.fields),
  );
  const response = json(200, rows, {
    'X-Result-Count': String(rows.length),
    'X-Limit': String(plan.limit),
    'X-Sort': parsed.descending ? 'DESC' : 'ASC',
    ...(page.searchAfter === undefined
      ? {}
      : { 'X-Search_after': page.searchAfter }),
    ...requestId,
  });
  if (page.faulty) response.fault = 'insights-paging';
  return response;
}

/**
 * The page's rows and X-Search_after value (undefined = header left out),
 * with the insightsPaging fault applied when it is offered and the page
 * served is full.
 */
function pageWithFault(
  log: EventLog,
  plan: EventQueryPlan,
  rawSearchAfter: unknown[] | undefined,
  fault: FaultOffer<InsightsPagingKind> | undefined,
): { indices: number[]; searchAfter?: string; faulty: boolean } {
  const indices = queryEvents(log, plan);
  const truth = {
    indices,
    searchAfter: cursorAfter(log, indices, rawSearchAfter),
    faulty: false,
  };
  const full = (rows: number[]) => rows.length === plan.limit;
  switch (fault?.kind) {
    case 'repeat-page': {
      if (!plan.searchAfter) return truth;
      const first = queryEvents(log, { ...plan, searchAfter: undefined });
      if (!fault.take(full(first))) return truth;
      return {
        indices: first,
        searchAfter: freshCursor(log, first, plan.searchAfter),
        faulty: true,
      };
    }
    case 'no-cursor':
      if (!fault.take(full(indices))) return truth;
      return { indices, faulty: true };
    case 'same-cursor':
      if (!plan.searchAfter || !fault.take(full(indices))) return truth;
      return {
        indices,
        searchAfter: JSON.stringify(rawSearchAfter),
        faulty: true,
      };
    default:
      return truth;
  }
}

/** The true X-Search_after: the last row's [timestamp, id], or the request's own on an empty page. */
function cursorAfter(
  log: EventLog,
  indices: number[],
  rawSearchAfter: unknown[] | undefined,
): string {
  const last = indices[indices.length - 1];
  return last === undefined
    ? JSON.stringify(rawSearchAfter ?? [])
    : JSON.stringify([log.timestampMs(last), log.id(last)]);
}

/**
 * repeat-page: the first page's cursor with a counter appended to its id
 * ("<id>~1", then "~2", ... counted on from the request's), so every answer
 * carries a new cursor that still sorts right after that row.
 */
function freshCursor(
  log: EventLog,
  first: number[],
  requestCursor: EventCursor,
): string {
  const last = first[first.length - 1];
  const id = log.id(last);
  const counted = requestCursor.id.startsWith(`${id}~`)
    ? Number(requestCursor.id.slice(id.length + 1)) || 0
    : 0;
  return JSON.stringify([log.timestampMs(last), `${id}~${counted + 1}`]);
}

function parseEventQuery(
  rawBody: string,
  clockNowMs: number,
): ParsedQuery | SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return message(400, 'invalid request body: not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return message(400, 'invalid request body: expected a JSON object');
  }
  const q = body as Record<string, unknown>;

  const services = q.service;
  if (!Array.isArray(services) || services.length === 0) {
    return message(400, 'service is required: a non-empty list of services');
  }
  const unknown = services.find(
    (s) => typeof s !== 'string' || !VALID_SERVICES.includes(s),
  );
  if (unknown !== undefined) {
    return message(
      400,
      `invalid service ${JSON.stringify(
        unknown,
      )}: valid services are ${VALID_SERVICES.join(', ')}`,
    );
  }

  const startMs =
    typeof q.start_time === 'string' ? parseRfc3339(q.start_time) : undefined;
  if (startMs === undefined) {
    return message(
      400,
      'start_time is required and must be an RFC3339 UTC time, e.g. 2020-01-01T14:00:00Z',
    );
  }
  if (startMs > clockNowMs)
    return message(400, 'start_time must not be in the future');
  let endMs = Infinity;
  if (q.end_time !== undefined && q.end_time !== null && q.end_time !== '') {
    const parsedEnd =
      typeof q.end_time === 'string' ? parseRfc3339(q.end_time) : undefined;
    if (parsedEnd === undefined)
      return message(400, 'end_time must be an RFC3339 UTC time');
    if (parsedEnd <= startMs)
      return message(400, 'end_time must be after start_time');
    endMs = parsedEnd;
  }

  for (const unsupported of ['search_term', 'q', 'exact_match']) {
    const v = q[unsupported];
    if (
      v !== undefined &&
      v !== null &&
      v !== '' &&
      !(typeof v === 'object' && Object.keys(v as object).length === 0)
    ) {
      return message(400, `${unsupported} is not supported by the simulator`);
    }
  }

  const parsed: ParsedQuery = {
    services: services as string[],
    startMs,
    endMs,
    limit: isPositiveInteger(q.limit)
      ? Math.min(q.limit, MAX_EVENT_LIMIT)
      : DEFAULT_EVENT_LIMIT,
    descending: typeof q.sort === 'string' && q.sort.toUpperCase() === 'DESC',
    skip: isPositiveInteger(q.skip) ? q.skip : 0,
  };

  const after = q.search_after;
  if (after !== undefined && after !== null) {
    const cursor = parseCursor(after);
    if (cursor === 'invalid')
      return message(
        400,
        'search_after must be the array from the X-Search_after header',
      );
    parsed.searchAfter = cursor;
    parsed.rawSearchAfter = after as unknown[];
  }

  if (q.fields !== undefined) {
    if (
      !Array.isArray(q.fields) ||
      q.fields.length === 0 ||
      q.fields.some((f) => typeof f !== 'string')
    ) {
      return message(400, 'fields must be a non-empty list of field names');
    }
    parsed.fields = q.fields as string[];
  }
  return parsed;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function parseCursor(value: unknown): EventCursor | undefined | 'invalid' {
  if (!Array.isArray(value)) return 'invalid';
  if (value.length === 0) return undefined;
  const [ms, id] = value;
  const timestampMs =
    typeof ms === 'string' && /^\d+$/.test(ms) ? Number(ms) : ms;
  if (typeof timestampMs !== 'number' || !Number.isFinite(timestampMs))
    return 'invalid';
  if (value.length > 2 || (id !== undefined && typeof id !== 'string'))
    return 'invalid';
  return { timestampMs, id: id ?? '' };
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms (sub-millisecond digits truncated), or undefined when not RFC 3339. */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, , sign, oh, om] = m;
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    ms,
  );
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return undefined;
  }
  const offset = sign
    ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000
    : 0;
  return utc - offset;
}

function project(
  row: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (!fields) return row;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.split('.');
    let value: unknown = row;
    for (const part of path) {
      value =
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    if (value === undefined) continue;
    let target = out;
    for (const part of path.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null)
        target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = value;
  }
  return out;
}
