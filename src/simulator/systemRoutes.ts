import { keyAdministrators } from './admins';
import {
  listGraphAssociations,
  TenantState,
  v1List,
  v2List,
} from './consoleRoutes';
import { message, NOT_FOUND, SimResponse } from './http';
import { SortCache } from './listing';
import { selectOrg } from './orgSelection';
import { systemGraph } from './systemGraph';
import { Administrator } from './types';

/** Targets a system's associations accept; only users and user groups ever have rows. */
const SYSTEM_TARGETS = [
  'command',
  'policy',
  'policy_group',
  'user',
  'user_group',
];

export function listSystems(
  state: TenantState,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  return v1List(state.tenant.systems, query, ['_id'], cache);
}

export function listUsersOfSystem(
  state: TenantState,
  systemId: string,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  const rows = systemGraph(state.tenant).usersOfSystem(systemId);
  return rows ? v2List(rows, query, cache) : NOT_FOUND();
}

export function listSystemsOfUser(
  state: TenantState,
  userId: string,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  const rows = systemGraph(state.tenant).systemsOfUser(userId);
  return rows ? v2List(rows, query, cache) : NOT_FOUND();
}

export function listSystemAssociations(
  state: TenantState,
  systemId: string,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  return listGraphAssociations(
    systemGraph(state.tenant).associations(systemId),
    query,
    cache,
    SYSTEM_TARGETS,
  );
}

export interface AdministratorsContext {
  tenantsByOrgId: ReadonlyMap<string, TenantState>;
  cache: SortCache;
  status?: 403 | 404;
}

const administrators = new WeakMap<
  ReadonlyMap<string, TenantState>,
  readonly Administrator[]
>();

/**
 * `GET /api/users`: refuses x-org-id like the organization list; a
 * multi-tenant key sees every tenant's admins and the portal's own.
 */
export function listAdministrators(
  ctx: AdministratorsContext,
  orgHeader: string | undefined,
  query: URLSearchParams,
): SimResponse {
  if (ctx.status === 404) return NOT_FOUND();
  if (ctx.status === 403)
    return message(403, 'Forbidden: insufficient permissions', 'Forbidden');
  const { error } = selectOrg(ctx.tenantsByOrgId, orgHeader, 'organizations');
  if (error) return error;
  let records = administrators.get(ctx.tenantsByOrgId);
  if (!records) {
    records = keyAdministrators(
      [...ctx.tenantsByOrgId.values()].map((s) => s.tenant),
    );
    administrators.set(ctx.tenantsByOrgId, records);
  }
  return v1List(records, query, ['_id'], ctx.cache);
}
