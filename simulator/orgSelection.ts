import { message, SimResponse } from './http';

/**
 * x-org-id rules (jumpcloud-api.md §2): optional for a single-tenant key,
 * required for a multi-tenant key, forbidden on the organization list.
 * `requireHeader` (the requireOrgHeader fault) requires it for a key that
 * serves one organization too, as a portal key managing one organization does.
 */

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export type OrgScope = 'organizations' | 'tenant';

export function selectOrg<T>(
  tenantsByOrgId: ReadonlyMap<string, T>,
  header: string | undefined,
  scope: OrgScope,
  requireHeader = false,
): { tenant?: T; error?: SimResponse } {
  const value = (header ?? '').trim();
  if (scope === 'organizations') {
    if (value !== '') {
      return {
        error: message(
          403,
          'Forbidden: organization selection not allowed via header',
          'Forbidden',
        ),
      };
    }
    return {};
  }
  if (value === '') {
    if (tenantsByOrgId.size === 1 && !requireHeader)
      return { tenant: tenantsByOrgId.values().next().value };
    return { error: message(401, 'Unauthorized: no organization selected') };
  }
  if (!OBJECT_ID.test(value))
    return { error: message(400, 'Bad Request: invalid x-org-id') };
  const tenant = tenantsByOrgId.get(value.toLowerCase());
  if (tenant === undefined)
    return { error: message(404, 'Not Found: organization not found') };
  return { tenant };
}
