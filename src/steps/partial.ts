import {
  IntegrationError,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';
import { OrganizationSelectionError } from '../client/errors';

/**
 * How a step says its data could not be read exactly: it fails (non-fatally)
 * with one error that says what is missing, why, and what to do; the SDK
 * then reports the step's types partial, so the platform keeps what an
 * earlier run collected instead of deleting it.
 */

export interface Unreadable {
  /** What could not be read: "user group members". */
  cannotRead: string;
  /** What is missing from the graph because of it: "group memberships". */
  notCollected: string;
  /** What would fix it: "the key needs an administrator role with ...". */
  needs: string;
  resourceType?: string[];
}

/** The one warning for data the key may not read (403), or that the plan or route does not offer (402, 404). */
export function missingPermission(
  endpoint: string,
  { cannotRead, notCollected, needs, resourceType }: Unreadable,
  status: 402 | 403 | 404 = 403,
): IntegrationProviderAuthorizationError {
  const why = {
    402: `JumpCloud answered 402 (not part of this organization's plan) to reading ${cannotRead}`,
    403: `the API key cannot read ${cannotRead} (403)`,
    404: `JumpCloud answered 404 to reading ${cannotRead} (the route is not available to this key or plan)`,
  }[status];
  return new IntegrationProviderAuthorizationError({
    endpoint,
    status,
    statusText: `Forbidden: ${why}, so ${notCollected} were not collected (${needs})`,
    resourceType,
  });
}

/**
 * 402, 403 or 404 from an optional or undocumented route: the plan or the
 * administrator's role leaves it out. (An organization-selection refusal is
 * not one: it is about x-org-id.)
 */
export function isUnavailable(
  err: unknown,
): err is IntegrationProviderAPIError & { status: 402 | 403 | 404 } {
  return (
    err instanceof IntegrationProviderAPIError &&
    !(err instanceof OrganizationSelectionError) &&
    (err.status === 402 || err.status === 403 || err.status === 404)
  );
}

/** The error to fail a step with when an optional route is unavailable; other errors as they are. */
export function asUnavailable(err: unknown, details: Unreadable): unknown {
  return isUnavailable(err)
    ? missingPermission(err.endpoint, details, err.status)
    : err;
}

/** A refused key stops the whole run; nothing else does. */
export function isFatal(err: unknown): boolean {
  return err instanceof IntegrationError && err.fatal === true;
}

/**
 * Some of many lists (one per group, say) could not be read, after the
 * client's retries: the step's types are partial. Says how many, and the
 * first reason.
 */
export class IncompleteDataError extends IntegrationProviderRetriesExceededError {
  constructor(
    first: { endpoint?: string; message: string },
    {
      unread,
      of,
      what,
      notCollected,
      kept,
    }: {
      unread: number;
      of: number;
      what: string;
      notCollected: string;
      kept: string;
    },
  ) {
    super({
      endpoint: first.endpoint ?? 'several endpoints',
      status: 'incomplete',
      statusText: first.message,
    });
    this.message =
      `${notCollected} are incomplete: ${unread} of ${of} ${what} could not be read (the first: ${first.message}). ` +
      `${kept} were collected; what an earlier run collected of ${notCollected} is kept. Run the collection again later.`;
  }
}

/**
 * The one error for the items of a list (each group's members, each
 * application's details) that could not be read after the client's retries:
 * a permission refusal says what the role needs; anything else says how many
 * of how many, and the first reason.
 */
export function unreadItemsError(
  unread: { error: Error & { endpoint?: string }; count: number },
  of: number,
  {
    permission,
    what,
    notCollected,
    kept,
  }: {
    permission: Unreadable;
    /** "device groups' member lists" */
    what: string;
    /** "Device group memberships" */
    notCollected: string;
    /** "Devices and device groups" */
    kept: string;
  },
): Error {
  if (unread.error instanceof IntegrationProviderAuthorizationError) {
    return missingPermission(unread.error.endpoint, permission);
  }
  return new IncompleteDataError(
    {
      endpoint: (unread.error as IntegrationProviderAPIError).endpoint,
      message: unread.error.message,
    },
    { unread: unread.count, of, what, notCollected, kept },
  );
}
