import { json, message, NOT_FOUND, SimResponse } from './http';
import { ListParams, pageOf, parseListParams, SortCache } from './listing';
import { Tenant } from './tenant';
import { GraphConnection, Organization, SystemUser } from './types';
import { createDriftUser } from './users';

/** What the server keeps per tenant besides the tenant itself. */
export interface TenantState {
  tenant: Tenant;
  /** The users served; differs from tenant.users once paging drift struck. */
  users: SystemUser[];
  drifted: boolean;
}

export function tenantState(tenant: Tenant): TenantState {
  return { tenant, users: tenant.users, drifted: false };
}

/** v1 lists: `{totalCount, results}`, no x-total-count header. */
export function v1List<T>(
  records: readonly T[],
  query: URLSearchParams,
  defaultSort: string[],
  cache: SortCache,
) {
  const params = parseListParams(query);
  if (!isParams(params)) return params;
  const { total, rows } = pageOf(records, params, defaultSort, cache);
  return json(200, { totalCount: total, results: rows });
}

/** v2 lists: a bare array and the total in x-total-count. */
export function v2List<T>(
  records: readonly T[],
  query: URLSearchParams,
  cache: SortCache,
) {
  const params = parseListParams(query);
  if (!isParams(params)) return params;
  const { total, rows } = pageOf(records, params, ['id'], cache);
  return json(200, rows, { 'x-total-count': String(total) });
}

function isParams(value: ListParams | SimResponse): value is ListParams {
  return !('status' in value);
}

export function listOrganizations(
  organizations: readonly Organization[],
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  return v1List(organizations, query, ['_id'], cache);
}

export function listSystemUsers(
  state: TenantState,
  query: URLSearchParams,
  cache: SortCache,
  pagingDrift: boolean,
): SimResponse {
  const response = v1List(state.users, query, ['_id'], cache);
  if (response.status === 200 && pagingDrift && !state.drifted) {
    const t = state.tenant;
    const first = t.users[0] ? Date.parse(t.users[0].created) : t.now.getTime();
    const late = createDriftUser(
      {
        orgId: t.organization.id,
        company: t.organization.displayName ?? '',
        emailDomain: t.emailDomain,
      },
      t.salt,
      first,
    );
    state.users = [late, ...state.users];
    state.drifted = true;
  }
  return response;
}

export function listApplications(
  state: TenantState,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  return v1List(state.tenant.applications, query, ['name'], cache);
}

export function listUserGroups(
  state: TenantState,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  return v2List(state.tenant.groups, query, cache);
}

export function listGroupMembers(
  state: TenantState,
  groupId: string,
  query: URLSearchParams,
  cache: SortCache,
  forbidden: boolean,
): SimResponse {
  const rows = state.tenant.groupMembers.get(groupId);
  if (!rows) return NOT_FOUND();
  if (forbidden)
    return message(403, 'Forbidden: insufficient permissions', 'Forbidden');
  return v2List(rows, query, cache);
}

const TARGETS = ['user', 'user_group'];

export function listAssociations(
  state: TenantState,
  appId: string,
  query: URLSearchParams,
  cache: SortCache,
): SimResponse {
  return listGraphAssociations(
    state.tenant.applicationAssociations.get(appId),
    query,
    cache,
    TARGETS,
  );
}

/** Direct edges of one object (undefined: no such object → 404), filtered by `targets`. */
export function listGraphAssociations(
  rows: GraphConnection[] | undefined,
  query: URLSearchParams,
  cache: SortCache,
  validTargets: readonly string[],
): SimResponse {
  if (!rows) return NOT_FOUND();
  const targets = query
    .getAll('targets')
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (targets.length === 0)
    return message(400, 'Bad Request: request parameter "targets" is required');
  const unknown = targets.find((t) => !validTargets.includes(t));
  if (unknown !== undefined) {
    return message(
      400,
      `Bad Request: invalid target type "${unknown}", valid types are: ${validTargets.join(
        ', ',
      )}`,
    );
  }
  return v2List(filteredRows(rows, targets), query, cache);
}

// Cached per (rows, targets) so repeated pages reuse one array, which the sort cache also keys on.
const filtered = new WeakMap<
  GraphConnection[],
  Map<string, GraphConnection[]>
>();

function filteredRows(
  rows: GraphConnection[],
  targets: string[],
): GraphConnection[] {
  const key = [...new Set(targets)].sort().join(',');
  let byKey = filtered.get(rows);
  if (!byKey) {
    byKey = new Map();
    filtered.set(rows, byKey);
  }
  let result = byKey.get(key);
  if (!result) {
    result = rows.filter((r) => targets.includes(r.to.type));
    byKey.set(key, result);
  }
  return result;
}
