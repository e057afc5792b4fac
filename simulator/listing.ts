import type { FaultOffer, ListLieKind } from './faults';
import { message, SimResponse } from './http';

/**
 * Offset paging, sorting and field selection shared by the v1 and v2 list
 * routes, with JumpCloud's limits and error messages.
 */

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export interface ListParams {
  limit: number;
  skip: number;
  /** Field names, "-" prefix = descending; empty = the route's default. */
  sort: string[];
  fields?: string[];
}

type AnyRecord = Record<string, unknown>;

/** v1 separates sort/fields with spaces, v2 with commas; both are accepted. */
export function parseListParams(
  query: URLSearchParams,
): ListParams | SimResponse {
  for (const unsupported of ['filter', 'search']) {
    if (query.has(unsupported) || query.has(`${unsupported}[0]`)) {
      return message(
        400,
        `Bad Request: the simulator does not support "${unsupported}"`,
      );
    }
  }
  const limit = integerParam(query, 'limit', DEFAULT_LIMIT);
  if (typeof limit !== 'number') return limit;
  if (limit > MAX_LIMIT) {
    return message(
      400,
      `Bad Request: request parameter "limit" exceeds maximum value of ${MAX_LIMIT}`,
    );
  }
  const skip = integerParam(query, 'skip', 0);
  if (typeof skip !== 'number') return skip;
  const params: ListParams = {
    limit: limit === 0 ? DEFAULT_LIMIT : limit,
    skip,
    sort: splitList(query.get('sort')),
  };
  const fields = fieldsParam(query);
  if (fields) params.fields = fields;
  return params;
}

/** The `fields` parameter; undefined = every field. */
export function fieldsParam(query: URLSearchParams): string[] | undefined {
  const fields = splitList(query.get('fields'));
  return fields.length > 0 ? fields : undefined;
}

function integerParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
): number | SimResponse {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    return message(
      400,
      `Bad Request: request parameter "${name}" must be a non-negative integer`,
    );
  }
  return Number(raw.trim());
}

function splitList(raw: string | null): string[] {
  return (raw ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
}

/**
 * One page of `records` in the requested order. Sorted copies are cached per
 * record array and sort key, so paging a large collection stays cheap.
 */
export function pageOf<T>(
  records: readonly T[],
  params: ListParams,
  defaultSort: string[],
  cache: SortCache,
): { total: number; rows: AnyRecord[] } {
  const sort = params.sort.length > 0 ? params.sort : defaultSort;
  const sorted = cache.sorted(records as unknown as AnyRecord[], sort);
  const slice = sorted.slice(params.skip, params.skip + params.limit);
  const fields = params.fields;
  return {
    total: records.length,
    rows: fields ? slice.map((r) => project(r, fields)) : slice,
  };
}

/**
 * How one request's list is paged: the simulator's sort cache and, when the
 * request is targeted by the listLie fault, the lie it may be told.
 */
export interface Paging {
  cache: SortCache;
  lie?: FaultOffer<ListLieKind>;
}

/**
 * The page a list route answers: `pageOf`, or the lie when one is offered
 * and would change this answer (`lied` then says so).
 */
export function answerPage<T>(
  records: readonly T[],
  params: ListParams,
  defaultSort: string[],
  paging: Paging,
): { total: number; rows: AnyRecord[]; lied: boolean } {
  const page = pageOf(records, params, defaultSort, paging.cache);
  const lie = paging.lie;
  if (!lie || !lie.take(lieChangesAnswer(lie.kind, params, page.total)))
    return { ...page, lied: false };
  switch (lie.kind) {
    case 'empty-page':
      return { total: page.total, rows: [], lied: true };
    case 'low-total':
      return {
        total: Math.min(page.total, params.limit),
        rows: page.rows,
        lied: true,
      };
    case 'duplicate-page': {
      const before = {
        ...params,
        skip: Math.max(0, params.skip - params.limit),
      };
      const { rows } = pageOf(records, before, defaultSort, paging.cache);
      return { total: page.total, rows, lied: true };
    }
  }
}

function lieChangesAnswer(
  kind: ListLieKind,
  { skip, limit }: ListParams,
  total: number,
): boolean {
  switch (kind) {
    case 'empty-page':
      return skip > 0 && skip < total;
    case 'low-total':
      return total > limit;
    case 'duplicate-page':
      return skip > 0 && Math.max(0, skip - limit) < total;
  }
}

export class SortCache {
  private readonly views = new WeakMap<
    readonly AnyRecord[],
    Map<string, AnyRecord[]>
  >();

  sorted(records: readonly AnyRecord[], sort: string[]): readonly AnyRecord[] {
    if (isIdOrder(sort)) return records;
    let byKey = this.views.get(records);
    if (!byKey) {
      byKey = new Map();
      this.views.set(records, byKey);
    }
    const key = sort.join(' ');
    let view = byKey.get(key);
    if (!view) {
      view = [...records].sort(comparator(sort));
      byKey.set(key, view);
    }
    return view;
  }
}

/** Records are stored in id order already. */
function isIdOrder(sort: string[]): boolean {
  return (
    sort.length === 0 ||
    (sort.length === 1 && (sort[0] === '_id' || sort[0] === 'id'))
  );
}

function comparator(sort: string[]) {
  const keys = sort.map((s) => ({
    path: s.replace(/^-/, '').split('.'),
    direction: s.startsWith('-') ? -1 : 1,
  }));
  return (a: AnyRecord, b: AnyRecord): number => {
    for (const { path, direction } of keys) {
      const c = compareValues(valueAt(a, path), valueAt(b, path));
      if (c !== 0) return c * direction;
    }
    return compareValues(idOf(a), idOf(b));
  };
}

function idOf(record: AnyRecord): unknown {
  return record._id ?? record.id;
}

function valueAt(record: AnyRecord, path: string[]): unknown {
  // v2 records have only `id`; treat `_id` and `id` as the same field.
  if (path.length === 1 && (path[0] === '_id' || path[0] === 'id'))
    return idOf(record);
  let value: unknown = record;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as AnyRecord)[part];
  }
  return value;
}

/** Mongo-like: missing/null < numbers < strings < objects < booleans; strings by code point. */
function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 3) {
    const ja = JSON.stringify(a);
    const jb = JSON.stringify(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  }
  const va = a as number | string | boolean;
  const vb = b as number | string | boolean;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (typeof value === 'boolean') return 4;
  return 3;
}

export function project(record: AnyRecord, fields: string[]): AnyRecord {
  const out: AnyRecord = {};
  if ('_id' in record) out._id = record._id;
  if ('id' in record) out.id = record.id;
  for (const field of fields) {
    const path = field.split('.');
    const value = valueAt(record, path);
    if (value === undefined) continue;
    let target = out;
    for (const part of path.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null)
        target[part] = {};
      target = target[part] as AnyRecord;
    }
    target[path[path.length - 1]] = value;
  }
  return out;
}
