import { IntegrationLogger } from '@jupiterone/integration-sdk-core';
import { JumpCloudSettings } from '../config';
import { REGIONS } from './hosts';
import { DEFAULT_RETRY_OPTIONS, HttpClient, RetryOptions } from './http';
import { RequestLimiter } from './limiter';
import { OrganizationClient } from './organization';
import { ApiRequests, collectAll, Iteratee, Once } from './requests';
import { JumpCloudAdministrator, JumpCloudOrganization } from './types';

export type { Iteratee } from './requests';

/** For a configuration check: a dead host or refused key is known in seconds. */
const QUICK_RETRY: Partial<RetryOptions> = {
  maxAttempts: 3,
  maxDelayMs: 2_000,
  timeoutMs: 15_000,
};

export interface ClientOptions {
  retry?: Partial<RetryOptions>;
}

/**
 * The JumpCloud API as this integration uses it. One instance serves a whole
 * run: its limiter bounds the requests in flight across all steps and all
 * organizations. Organization-scoped reads go through `forOrganization`.
 */
export class JumpCloudClient {
  private readonly api: ApiRequests;
  private readonly scopes = new Map<string, OrganizationClient>();
  private readonly organizations = new Once(() =>
    collectAll<JumpCloudOrganization>((iteratee) =>
      this.api.v1List('/organizations', 'organizations', iteratee, {
        retry: QUICK_RETRY,
      }),
    ),
  );

  constructor(
    readonly settings: JumpCloudSettings,
    logger: IntegrationLogger,
    options: ClientOptions = {},
  ) {
    const limiter = new RequestLimiter(settings.maxConcurrentRequests);
    const http = new HttpClient({
      apiKey: settings.apiKey,
      limiter,
      retry: { ...DEFAULT_RETRY_OPTIONS, ...options.retry },
      logger,
      authenticationHint: authenticationHint(settings),
    });
    this.api = new ApiRequests(settings, http, limiter.maxConcurrent);
  }

  /**
   * The organizations the key can see (never scoped by x-org-id), read once
   * per run: validateInvocation and fetch-account share it. The first read
   * allows few attempts, so that a bad configuration is known in seconds.
   */
  listOrganizations(): Promise<JumpCloudOrganization[]> {
    return this.organizations.get();
  }

  /**
   * The key's administrators (`GET /api/users`, never scoped by x-org-id:
   * the route refuses it). Undocumented, but what JumpCloud's own CLI uses.
   */
  iterateAdministrators(
    iteratee: Iteratee<JumpCloudAdministrator>,
  ): Promise<void> {
    return this.api.v1List('/users', 'administrators', iteratee);
  }

  /**
   * The API of one organization. `x-org-id` is sent when the configuration
   * names organizations (ORG_ID, or all of a multi-tenant key's); a
   * single-tenant key without ORG_ID sends none.
   */
  forOrganization(organizationId: string): OrganizationClient {
    let scope = this.scopes.get(organizationId);
    if (!scope) {
      const addressed = Boolean(
        this.settings.orgId || this.settings.allOrganizations,
      );
      scope = new OrganizationClient(
        this.api,
        organizationId,
        addressed ? organizationId : undefined,
        Math.min(8, this.settings.maxConcurrentRequests),
      );
      this.scopes.set(organizationId, scope);
    }
    return scope;
  }
}

function authenticationHint(settings: JumpCloudSettings): string {
  const { consoleUrl } = REGIONS[settings.region];
  const hosts = settings.apiBaseUrl.startsWith(consoleUrl)
    ? `the ${settings.region.toUpperCase()} region (${consoleUrl})`
    : settings.apiBaseUrl;
  const organizations = settings.allOrganizations
    ? ', for every organization of the key (ORG_ID=all)'
    : settings.orgId
    ? `, with ORG_ID ${settings.orgId}`
    : '';
  return (
    `Check the API key (API_KEY): it must be a current key of an administrator, and a key works only in its own region; ` +
    `this request went to ${hosts} (set REGION to us, eu or in to match the organization)${organizations}`
  );
}
