import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';

/**
 * The one warning for data the key may not read: what could not be read, what
 * is missing from the graph because of it, and the permission that would fix
 * it. Thrown at the end of a step (non-fatal), it reports that step's types
 * partial, so the platform keeps what an earlier run collected.
 */
export function missingPermission(
  endpoint: string,
  {
    cannotRead,
    notCollected,
    needs,
    resourceType,
  }: {
    cannotRead: string;
    notCollected: string;
    needs: string;
    resourceType?: string[];
  },
): IntegrationProviderAuthorizationError {
  return new IntegrationProviderAuthorizationError({
    endpoint,
    status: 403,
    statusText: `Forbidden: the API key cannot read ${cannotRead}, so ${notCollected} were not collected (${needs})`,
    resourceType,
  });
}
