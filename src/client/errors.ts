import {
  IntegrationProviderAPIError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';

/**
 * The client's own failures, each a subclass of the SDK's error the platform
 * knows. Each reads as one plain sentence: what could not be read, where, the
 * numbers seen and what to do. None is fatal: the step that meets one fails
 * alone, and its types are reported partial.
 */

interface Where {
  /** `GET https://console.jumpcloud.com/api/systemusers`, without query. */
  endpoint: string;
  /** What the data is, in the plural: "users". */
  resource: string;
}

/**
 * A list whose pages, totals or ids did not add up, twice in a row: what was
 * read is kept, but it may not be all there is.
 */
export class ListIncompleteError extends IntegrationProviderRetriesExceededError {
  constructor(
    where: Where,
    readonly seen: { distinct: number; total?: number; reason: string },
  ) {
    super({
      endpoint: where.endpoint,
      status: 200,
      statusText: seen.reason,
    });
    this.message =
      `The list of ${where.resource} at ${where.endpoint} did not add up, even when read again: ${seen.reason}. ` +
      `The ${seen.distinct} read are kept and the rest of the graph is collected; run the collection again later.`;
  }
}

/**
 * A route that stopped answering: its attempts ran into their deadline again
 * and again, so it is given up for the run instead of holding request slots
 * the other steps need.
 */
export class RouteUnresponsiveError extends IntegrationProviderRetriesExceededError {
  constructor(
    where: Where,
    route: string,
    timeouts: number,
    timeoutMs: number,
  ) {
    super({
      endpoint: where.endpoint,
      status: 'timeout',
      statusText: `no answer within ${timeoutMs} ms, ${timeouts} times in a row`,
    });
    this.message =
      `JumpCloud stopped answering ${route} (reading ${
        where.resource
      }): ${timeouts} requests in a row got no complete answer within ${
        timeoutMs / 1000
      } s, so the route was given up for this run; the rest of the graph is collected. ` +
      `Run the collection again later (JUMPCLOUD_REQUEST_TIMEOUT_MS sets the deadline).`;
  }
}

/**
 * A redirect to another origin. The API key goes with every request, so the
 * redirect is not followed: nothing is sent to a host the configuration did
 * not name.
 */
export class RedirectRefusedError extends IntegrationProviderAPIError {
  constructor(where: Where, status: number, target: string) {
    super({
      endpoint: where.endpoint,
      status,
      statusText: `redirect to another host (${target})`,
    });
    this.message =
      `JumpCloud answered ${status} to ${where.endpoint} (reading ${where.resource}), redirecting to another host (${target}). ` +
      `The redirect was not followed, so the API key was not sent there. Check API_BASE_URL, REGION and any proxy in between.`;
  }
}

/**
 * A page of Directory Insights events whose cursor did not move (missing,
 * unchanged, or rows already seen), or paging that ended short of the count
 * the query reported, after retrying.
 */
export class EventPagingError extends IntegrationProviderRetriesExceededError {
  constructor(where: Where, reason: string) {
    super({ endpoint: where.endpoint, status: 200, statusText: reason });
    this.message = `Directory Insights paging of ${where.resource} at ${where.endpoint} went wrong: ${reason}.`;
  }
}

/**
 * 401 "no organization selected" or 403 "organization selection not allowed
 * via header": how `x-org-id` was (or was not) sent, not a refused key. The
 * run's other requests go on.
 */
export class OrganizationSelectionError extends IntegrationProviderAPIError {
  constructor(endpoint: string, status: number, statusText: string) {
    super({ endpoint, status, statusText });
  }
}

/** JumpCloud's own words for the two organization-selection answers. */
export function isOrganizationSelectionMessage(
  status: number,
  message: string,
): boolean {
  return (
    (status === 401 && /no organization selected/i.test(message)) ||
    (status === 403 &&
      /organization selection not allowed via header/i.test(message))
  );
}

/** A 404 from JumpCloud. */
export function isNotFound(err: unknown): boolean {
  return err instanceof IntegrationProviderAPIError && err.status === 404;
}
