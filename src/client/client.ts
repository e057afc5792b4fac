import { IntegrationLogger } from '@jupiterone/integration-sdk-core';
import { JumpCloudSettings } from '../config';
import { OrganizationSelectionError } from './errors';
import { REGIONS } from './hosts';
import { DEFAULT_RETRY_OPTIONS, HttpClient, RetryOptions } from './http';
import { RequestLimiter } from './limiter';
import { OrganizationClient } from './organization';
import { ApiRequests, collectAll, Once } from './requests';
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
 * How `GET /api/users` (administrators) takes `x-org-id`: JumpCloud's own
 * tools disagree (its SDK never sends it there; its PowerShell module sends
 * it per organization), so both are tried. 'key': no header, every
 * administrator of the key at once; 'organization': once per organization,
 * with its header.
 */
type AdministratorsForm = 'key' | 'organization';

/**
 * The JumpCloud API as this integration uses it. One instance serves a whole
 * run: its limiter bounds the requests in flight across all steps and all
 * organizations. Organization-scoped reads go through `forOrganization`.
 */
export class JumpCloudClient {
  private readonly api: ApiRequests;
  private readonly scopes = new Map<string, OrganizationClient>();
  /** The form `GET /api/users` accepted, remembered for the run. */
  private administratorsForm?: AdministratorsForm;
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
   * Whether the key reads an organization without `x-org-id`. A multi-tenant
   * portal's key answers 401 "no organization selected" on every
   * organization's route, even when its organization list shows just one:
   * asked once, cheaply, so that the configuration check can say to set
   * ORG_ID. Other refusals (403 on users) are left to the steps.
   */
  async readsWithoutOrganization(): Promise<boolean> {
    try {
      await this.api.v1Page('/systemusers', 'users', {
        query: { fields: '_id' },
        limit: 1,
        retry: QUICK_RETRY,
      });
      return true;
    } catch (err) {
      if (err instanceof OrganizationSelectionError) return false;
      throw err;
    }
  }

  /**
   * The administrators (`GET /api/users`; undocumented, but what JumpCloud's
   * own CLI uses) of the given organizations. `listedFor` is the organization
   * whose list named the administrator when the route wants `x-org-id`;
   * undefined when one list (without it) served the whole key. The first form
   * tried is the documented one (no header); when JumpCloud answers it with
   * an organization-selection refusal, the other form is tried, and the one
   * that works is kept for the run.
   */
  async iterateAdministrators(
    organizationIds: string[],
    iteratee: (
      administrator: JumpCloudAdministrator,
      listedFor: string | undefined,
    ) => void | Promise<void>,
  ): Promise<void> {
    const forms: AdministratorsForm[] = this.administratorsForm
      ? [this.administratorsForm]
      : ['key', 'organization'];
    for (const [i, form] of forms.entries()) {
      try {
        if (form === 'key') {
          await this.api.v1List<JumpCloudAdministrator>(
            '/users',
            'administrators',
            (admin) => iteratee(admin, undefined),
          );
        } else {
          for (const orgId of organizationIds) {
            await this.api.v1List<JumpCloudAdministrator>(
              '/users',
              'administrators',
              (admin) => iteratee(admin, orgId),
              { orgId },
            );
          }
        }
        this.administratorsForm = form;
        return;
      } catch (err) {
        if (err instanceof OrganizationSelectionError && i + 1 < forms.length) {
          continue;
        }
        throw err;
      }
    }
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
