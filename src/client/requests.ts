import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { JumpCloudSettings } from '../config';
import { BodyBuffer } from './body';
import { isNotFound } from './errors';
import { HttpClient, RetryOptions } from './http';
import { EventWindow } from './insights';
import { JsonArrayPieces } from './json';
import { iterateOffsetPages, OffsetPage, SearchAfterPage } from './paginate';

/** JumpCloud's largest page for the console APIs (v1 and v2). */
export const PAGE_SIZE = 100;

/** Directory Insights' largest page. */
export const EVENTS_PAGE_SIZE = 10_000;

/**
 * Routes that refuse `x-org-id` (403 "organization selection not allowed via
 * header"): the key's own organizations and providers. Administrators
 * (`/users`) are not among them: whether that route wants the header is
 * uncertain, and JumpCloudClient finds out (see iterateAdministrators).
 */
const ROUTES_WITHOUT_ORG_HEADER = [
  '/organizations',
  '/search/organizations',
  '/v2/organizations',
  '/v2/administrators',
  '/v2/providers',
];

export type Iteratee<T> = (item: T) => void | Promise<void>;

/**
 * A path and the template it was made from: requests to one template share
 * one route's health (see RouteHealth), whatever the id in them.
 */
export interface ApiPath {
  path: string;
  route: string;
}

/** `/v2/usergroups/{id}/members` with an id put in. */
export function apiPath(template: string, id: string): ApiPath {
  return {
    route: template,
    path: template.replace('{id}', encodeURIComponent(id)),
  };
}

function pathOf(path: string | ApiPath): ApiPath {
  return typeof path === 'string' ? { path, route: path } : path;
}

export interface ListOptions {
  /** The organization to address with `x-org-id`; none for a single-tenant key. */
  orgId?: string;
  query?: Record<string, string>;
  retry?: Partial<RetryOptions>;
}

/**
 * How a `{totalCount, results}` list takes its pages: v1 (`limit` ≤ 100,
 * `skip`, `sort=_id`), SaaS Management (`limit` ≤ 1,000, `offset`; no sort
 * parameter), or one answer with no paging parameters at all (SaaS usage).
 */
export const RESULTS_PAGING = {
  v1: {
    pageSize: PAGE_SIZE,
    query: (skip: number, limit: number) => ({ limit, skip, sort: '_id' }),
  },
  saas: {
    pageSize: 1000,
    query: (offset: number, limit: number) => ({ limit, offset }),
  },
  whole: { pageSize: Infinity, query: () => ({}) },
} as const;

export type ResultsPaging = keyof typeof RESULTS_PAGING;

/**
 * The three response shapes of the JumpCloud API, each with its one
 * paginator: v1 `{totalCount, results}`, v2 bare arrays with
 * `x-total-count`, and Directory Insights pages chained by `search_after`.
 */
export class ApiRequests {
  constructor(
    readonly settings: JumpCloudSettings,
    private readonly http: HttpClient,
    /** Pages requested ahead of the one being processed. */
    private readonly lookahead: number,
  ) {}

  /**
   * `{totalCount, results}` lists: v1 (sorted by `_id` so that paging is
   * stable; ids in `_id`, and `id`), and SaaS Management's, which page by
   * `offset` up to 1,000 at a time, or not at all (see RESULTS_PAGING).
   */
  v1List<T extends { _id?: string; id?: string }>(
    at: string | ApiPath,
    resource: string,
    iteratee: Iteratee<T>,
    options: ListOptions & {
      paging?: ResultsPaging;
      /** Identity of an item, to deliver each once (default `_id`, else `id`). */
      idOf?: (item: T) => string;
    } = {},
  ): Promise<void> {
    const { path } = pathOf(at);
    const paging = RESULTS_PAGING[options.paging ?? 'v1'];
    return iterateOffsetPages(
      (skip) => this.v1Page<T>(at, resource, { ...options, skip }),
      {
        pageSize: paging.pageSize,
        lookahead: this.lookahead,
        idOf: options.idOf ?? ((item: T) => String(item._id ?? item.id)),
        endpoint: `GET ${this.settings.apiBaseUrl}${path}`,
        resource,
      },
      iteratee,
    );
  }

  /** One page of a `{totalCount, results}` list. */
  async v1Page<T>(
    at: string | ApiPath,
    resource: string,
    options: ListOptions & {
      paging?: ResultsPaging;
      skip?: number;
      limit?: number;
    } = {},
  ): Promise<OffsetPage<T>> {
    const { path, route } = pathOf(at);
    const paging = RESULTS_PAGING[options.paging ?? 'v1'];
    const { body } = await this.http.request<{
      totalCount?: number;
      results?: T[];
    }>({
      method: 'GET',
      baseUrl: this.settings.apiBaseUrl,
      path,
      route,
      query: {
        ...options.query,
        ...paging.query(options.skip ?? 0, options.limit ?? paging.pageSize),
      },
      headers: orgHeader(path, options.orgId),
      resource,
      retry: options.retry,
    });
    if (!body || !Array.isArray(body.results)) {
      throw shapeError(
        'GET',
        this.settings.apiBaseUrl,
        path,
        'a {totalCount, results} object',
      );
    }
    return {
      items: body.results,
      total: typeof body.totalCount === 'number' ? body.totalCount : undefined,
    };
  }

  /** v2 lists: a bare array, the total in `x-total-count`. */
  v2List<T>(
    at: string | ApiPath,
    resource: string,
    iteratee: Iteratee<T>,
    idOf: (item: T) => string,
    options: ListOptions = {},
  ): Promise<void> {
    const { path, route } = pathOf(at);
    return iterateOffsetPages(
      async (skip): Promise<OffsetPage<T>> => {
        const { body, headers } = await this.http.request<T[]>({
          method: 'GET',
          baseUrl: this.settings.apiBaseUrl,
          path,
          route,
          query: { ...options.query, limit: PAGE_SIZE, skip },
          headers: orgHeader(path, options.orgId),
          resource,
          retry: options.retry,
        });
        if (!Array.isArray(body)) {
          throw shapeError(
            'GET',
            this.settings.apiBaseUrl,
            path,
            'a JSON array',
          );
        }
        return {
          items: body,
          total: numberHeader(headers.get('x-total-count')),
        };
      },
      {
        pageSize: PAGE_SIZE,
        lookahead: this.lookahead,
        idOf,
        endpoint: `GET ${this.settings.apiBaseUrl}${path}`,
        resource,
      },
      iteratee,
    );
  }

  /** `POST {insights}/events`, for error messages. */
  get eventsEndpoint(): string {
    return `POST ${this.settings.insightsApiBaseUrl}/events`;
  }

  /**
   * One page of Directory Insights events, its body read into `into`: the
   * page's rows are valid until the next body is read there.
   */
  async eventsPage<T>(
    query: Record<string, unknown>,
    window: EventWindow,
    searchAfter: unknown[] | undefined,
    resource: string,
    orgId: string | undefined,
    into?: BodyBuffer,
  ): Promise<SearchAfterPage<T>> {
    const path = '/events';
    const { body, headers } = await this.http.request<unknown>({
      method: 'POST',
      baseUrl: this.settings.insightsApiBaseUrl,
      path,
      body: {
        ...eventQuery(query, window),
        limit: EVENTS_PAGE_SIZE,
        sort: 'ASC',
        ...(searchAfter ? { search_after: searchAfter } : {}),
      },
      headers: orgHeader(path, orgId),
      resource,
      // A page of 10,000 events is read a piece at a time by the fold.
      arrayInPieces: true,
      into,
    });
    if (!(body instanceof JsonArrayPieces)) {
      throw shapeError(
        'POST',
        this.settings.insightsApiBaseUrl,
        path,
        'a JSON array',
      );
    }
    return {
      rows: body as JsonArrayPieces<T>,
      resultCount: numberHeader(headers.get('x-result-count')) ?? body.length,
      limit: numberHeader(headers.get('x-limit')) ?? EVENTS_PAGE_SIZE,
      searchAfter: jsonArrayHeader(headers.get('x-search_after')),
    };
  }

  /** How many Directory Insights events a query matches (`POST /events/count`). */
  async eventsCount(
    query: Record<string, unknown>,
    window: EventWindow,
    resource: string,
    orgId: string | undefined,
  ): Promise<number> {
    const path = '/events/count';
    const { body } = await this.http.request<{ count?: unknown }>({
      method: 'POST',
      baseUrl: this.settings.insightsApiBaseUrl,
      path,
      body: eventQuery(query, window),
      headers: orgHeader(path, orgId),
      resource: `${resource} (count)`,
    });
    const count = body?.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw shapeError(
        'POST',
        this.settings.insightsApiBaseUrl,
        path,
        'a {"count": N} object',
      );
    }
    return count;
  }

  /** One object (`GET .../{id}`); undefined when JumpCloud answers 404. */
  async object<T>(
    at: ApiPath,
    resource: string,
    options: ListOptions = {},
  ): Promise<T | undefined> {
    try {
      const { body } = await this.http.request<T>({
        method: 'GET',
        baseUrl: this.settings.apiBaseUrl,
        path: at.path,
        route: at.route,
        query: options.query,
        headers: orgHeader(at.path, options.orgId),
        resource,
      });
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        throw shapeError('GET', this.settings.apiBaseUrl, at.path, 'an object');
      }
      return body;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Whether one object still exists (`GET .../{id}`): 200 yes, 404 no. */
  async exists(
    at: ApiPath,
    resource: string,
    options: ListOptions = {},
  ): Promise<boolean> {
    return (await this.object(at, resource, options)) !== undefined;
  }
}

/** The query and time range of an events request, as JumpCloud wants them. */
function eventQuery(
  query: Record<string, unknown>,
  window: EventWindow,
): Record<string, unknown> {
  return {
    ...query,
    start_time: new Date(window.startMs).toISOString(),
    end_time: new Date(window.endMs).toISOString(),
  };
}

function orgHeader(
  path: string,
  orgId: string | undefined,
): Record<string, string> {
  const refuses = ROUTES_WITHOUT_ORG_HEADER.some(
    (route) => path === route || path.startsWith(`${route}/`),
  );
  return orgId && !refuses ? { 'x-org-id': orgId } : {};
}

function shapeError(
  method: string,
  baseUrl: string,
  path: string,
  expected: string,
) {
  return new IntegrationProviderAPIError({
    endpoint: `${method} ${baseUrl}${path}`,
    status: 200,
    statusText: `unexpected response: expected ${expected}`,
  });
}

function numberHeader(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && value !== '' && Number.isFinite(n) ? n : undefined;
}

function jsonArrayHeader(value: string | null): unknown[] | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) && parsed.length > 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A value read once and shared; a failed read is forgotten, so a later call tries again. */
export class Once<T> {
  private value?: Promise<T>;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.value) {
      const value = this.read();
      value.catch(() => {
        if (this.value === value) this.value = undefined;
      });
      this.value = value;
    }
    return this.value;
  }
}

/** A whole (small) list in memory. */
export async function collectAll<T>(
  iterate: (iteratee: Iteratee<T>) => Promise<void>,
  keep: (item: T) => T = (item) => item,
): Promise<T[]> {
  const items: T[] = [];
  await iterate((item) => {
    items.push(keep(item));
  });
  return items;
}
