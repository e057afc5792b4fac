import {
  IntegrationLogger,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';
import { JumpCloudSettings } from '../config';
import { REGIONS } from './hosts';
import { DEFAULT_RETRY_OPTIONS, HttpClient, RetryOptions } from './http';
import { RequestLimiter } from './limiter';
import { EventWindow, iterateEventWindow } from './insights';
import { iterateOffsetPages, OffsetPage, SearchAfterPage } from './paginate';
import {
  GraphConnection,
  JumpCloudApplication,
  JumpCloudOrganization,
  JumpCloudUser,
  JumpCloudUserGroup,
  SsoEvent,
} from './types';

/** JumpCloud's largest page for the console APIs (v1 and v2). */
export const PAGE_SIZE = 100;

/** Directory Insights' largest page. */
export const EVENTS_PAGE_SIZE = 10_000;

/** Parallel search_after chains over one event window, at most. */
const MAX_EVENT_CHAINS = 8;

/**
 * The parts of an SSO event the integration uses; asking for just these keeps
 * each page a fraction of its full size.
 */
const SSO_EVENT_FIELDS = [
  'id',
  'timestamp',
  'service',
  'event_type',
  'initiated_by.id',
  'initiated_by.type',
  'initiated_by.username',
  'initiated_by.administrator',
  'application.id',
  'application.name',
  'application.display_label',
  'application.sso_type',
  'sso_token_success',
  'success',
];

/**
 * Routes that refuse `x-org-id` (403 "organization selection not allowed via
 * header"): the key's own organizations, administrators and providers.
 */
const ROUTES_WITHOUT_ORG_HEADER = [
  '/organizations',
  '/users',
  '/search/organizations',
  '/v2/organizations',
  '/v2/administrators',
  '/v2/providers',
];

/** For a configuration check: a dead host or refused key is known in seconds. */
const QUICK_RETRY: Partial<RetryOptions> = {
  maxAttempts: 3,
  maxDelayMs: 2_000,
  timeoutMs: 15_000,
};

export interface ClientOptions {
  retry?: Partial<RetryOptions>;
}

export interface ClientStats {
  /** HTTP exchanges, retries included. */
  requests: number;
  /** Exchanges answered 429 or 5xx, or lost to the network. */
  transientFailures: number;
}

export type Iteratee<T> = (item: T) => void | Promise<void>;

/**
 * The JumpCloud API as this integration uses it. One instance serves a whole
 * run: its limiter bounds the requests in flight across all steps.
 */
export class JumpCloudClient {
  readonly stats: ClientStats = { requests: 0, transientFailures: 0 };
  private readonly http: HttpClient;
  private readonly limiter: RequestLimiter;
  private readonly organizations = new Once(() =>
    this.readAll<JumpCloudOrganization>(
      '/organizations',
      'organizations',
      QUICK_RETRY,
    ),
  );
  private readonly applications = new Once(() =>
    this.readAll<JumpCloudApplication>(
      '/applications',
      'applications',
      undefined,
      ({ config, ...application }) => application,
    ),
  );

  constructor(
    readonly settings: JumpCloudSettings,
    logger: IntegrationLogger,
    options: ClientOptions = {},
  ) {
    this.limiter = new RequestLimiter(settings.maxConcurrentRequests);
    const regionHosts = settings.apiBaseUrl.startsWith(
      REGIONS[settings.region].consoleUrl,
    )
      ? `the ${settings.region.toUpperCase()} region (${
          REGIONS[settings.region].consoleUrl
        })`
      : settings.apiBaseUrl;
    this.http = new HttpClient({
      apiKey: settings.apiKey,
      limiter: this.limiter,
      retry: { ...DEFAULT_RETRY_OPTIONS, ...options.retry },
      logger,
      authenticationHint:
        `Check the API key (API_KEY): it must be a current key of an administrator, and a key works only in its own region; ` +
        `this request went to ${regionHosts} (set REGION to us, eu or in to match the organization)` +
        (settings.orgId ? `, with ORG_ID ${settings.orgId}` : ''),
      onRequest: (status) => {
        this.stats.requests++;
        if (typeof status === 'string' || status === 429 || status >= 500) {
          this.stats.transientFailures++;
        }
      },
    });
  }

  /**
   * The organizations the key can see (never scoped by x-org-id), read once
   * per run: validateInvocation and fetch-account share it. The first read
   * allows few attempts, so that a bad configuration is known in seconds.
   */
  listOrganizations(): Promise<JumpCloudOrganization[]> {
    return this.organizations.get();
  }

  iterateUsers(iteratee: Iteratee<JumpCloudUser>): Promise<void> {
    return this.iterateV1('/systemusers', 'users', iteratee);
  }

  iterateUserGroups(iteratee: Iteratee<JumpCloudUserGroup>): Promise<void> {
    return this.iterateV2(
      '/v2/usergroups',
      'user groups',
      iteratee,
      (g) => g.id,
    );
  }

  /** Direct members of a user group (edges to users). */
  iterateUserGroupMembers(
    groupId: string,
    iteratee: Iteratee<GraphConnection>,
  ): Promise<void> {
    return this.iterateV2(
      `/v2/usergroups/${encodeURIComponent(groupId)}/members`,
      'user group members',
      iteratee,
      connectionId,
    );
  }

  /**
   * The configured SSO applications, read once per run and shared by the steps
   * that need them. Each application's `config` (SAML/OIDC settings, private
   * keys and certificates among them) is dropped as it arrives.
   */
  listApplications(): Promise<JumpCloudApplication[]> {
    return this.applications.get();
  }

  /** A whole (small) v1 list in memory. */
  private async readAll<T extends { _id: string; id?: string }>(
    path: string,
    resource: string,
    retry?: Partial<RetryOptions>,
    keep: (item: T) => T = (item) => item,
  ): Promise<T[]> {
    const items: T[] = [];
    await this.iterateV1<T>(
      path,
      resource,
      (item) => {
        items.push(keep(item));
      },
      retry,
    );
    return items;
  }

  /** Direct bindings of an application to users or to user groups. */
  iterateApplicationAssociations(
    applicationId: string,
    targets: 'user' | 'user_group',
    iteratee: Iteratee<GraphConnection>,
  ): Promise<void> {
    return this.iterateV2(
      `/v2/applications/${encodeURIComponent(applicationId)}/associations`,
      'application associations',
      iteratee,
      connectionId,
      { targets },
    );
  }

  /**
   * Every SSO sign-in event (`service: sso`) of a time window, each once, in
   * parallel chains; `onEvent` must be synchronous.
   */
  iterateSsoEvents(
    window: EventWindow,
    onEvent: (event: SsoEvent, timestampMs: number) => void,
  ): Promise<{ unreadableTimestamps: number }> {
    return iterateEventWindow(
      (slice, searchAfter) => this.ssoEventsPage(slice, searchAfter),
      window,
      Math.min(MAX_EVENT_CHAINS, this.limiter.maxConcurrent),
      onEvent,
    );
  }

  private async ssoEventsPage(
    window: EventWindow,
    searchAfter: unknown[] | undefined,
  ): Promise<SearchAfterPage<SsoEvent>> {
    const path = '/events';
    const { body, headers } = await this.http.request<SsoEvent[]>({
      method: 'POST',
      baseUrl: this.settings.insightsApiBaseUrl,
      path,
      body: {
        service: ['sso'],
        start_time: new Date(window.startMs).toISOString(),
        end_time: new Date(window.endMs).toISOString(),
        limit: EVENTS_PAGE_SIZE,
        sort: 'ASC',
        fields: SSO_EVENT_FIELDS,
        ...(searchAfter ? { search_after: searchAfter } : {}),
      },
      headers: this.orgHeader(path),
      resource: 'Directory Insights SSO events',
    });
    if (!Array.isArray(body)) {
      throw this.shapeError(
        'POST',
        this.settings.insightsApiBaseUrl,
        path,
        'a JSON array',
      );
    }
    return {
      rows: body,
      resultCount: numberHeader(headers.get('x-result-count')) ?? body.length,
      limit: numberHeader(headers.get('x-limit')) ?? EVENTS_PAGE_SIZE,
      searchAfter: jsonArrayHeader(headers.get('x-search_after')),
    };
  }

  /** v1 lists: `{totalCount, results}`, ids in `_id` (and `id`). */
  private iterateV1<T extends { _id: string; id?: string }>(
    path: string,
    resource: string,
    iteratee: Iteratee<T>,
    retry?: Partial<RetryOptions>,
  ): Promise<void> {
    return iterateOffsetPages(
      async (skip): Promise<OffsetPage<T>> => {
        const { body } = await this.http.request<{
          totalCount?: number;
          results?: T[];
        }>({
          method: 'GET',
          baseUrl: this.settings.apiBaseUrl,
          path,
          query: { limit: PAGE_SIZE, skip, sort: '_id' },
          headers: this.orgHeader(path),
          resource,
          retry,
        });
        if (!body || !Array.isArray(body.results)) {
          throw this.shapeError(
            'GET',
            this.settings.apiBaseUrl,
            path,
            'a {totalCount, results} object',
          );
        }
        return {
          items: body.results,
          total:
            typeof body.totalCount === 'number' ? body.totalCount : undefined,
        };
      },
      this.pagingOptions((item: T) => item._id ?? item.id),
      iteratee,
    );
  }

  /** v2 lists: a bare array, the total in `x-total-count`. */
  private iterateV2<T>(
    path: string,
    resource: string,
    iteratee: Iteratee<T>,
    idOf: (item: T) => string,
    query: Record<string, string> = {},
  ): Promise<void> {
    return iterateOffsetPages(
      async (skip): Promise<OffsetPage<T>> => {
        const { body, headers } = await this.http.request<T[]>({
          method: 'GET',
          baseUrl: this.settings.apiBaseUrl,
          path,
          query: { ...query, limit: PAGE_SIZE, skip },
          headers: this.orgHeader(path),
          resource,
        });
        if (!Array.isArray(body)) {
          throw this.shapeError(
            'GET',
            this.settings.apiBaseUrl,
            path,
            'a JSON array',
          );
        }
        const total = Number(headers.get('x-total-count'));
        return {
          items: body,
          total:
            headers.has('x-total-count') && Number.isFinite(total)
              ? total
              : undefined,
        };
      },
      this.pagingOptions(idOf),
      iteratee,
    );
  }

  private pagingOptions<T>(idOf: (item: T) => string) {
    return {
      pageSize: PAGE_SIZE,
      lookahead: this.limiter.maxConcurrent,
      idOf,
    };
  }

  private orgHeader(path: string): Record<string, string> {
    const refuses = ROUTES_WITHOUT_ORG_HEADER.some(
      (route) => path === route || path.startsWith(`${route}/`),
    );
    return this.settings.orgId && !refuses
      ? { 'x-org-id': this.settings.orgId }
      : {};
  }

  private shapeError(
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
}

/** A value read once and shared; a failed read is forgotten, so a later call tries again. */
class Once<T> {
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

function connectionId(connection: GraphConnection): string {
  return `${connection?.to?.type}:${connection?.to?.id}`;
}
