import { Faults } from './faults';
import { json, message, NOT_FOUND, SimResponse } from './http';
import {
  answerPage,
  DEFAULT_LIMIT,
  ListParams,
  pageOf,
  Paging,
  parseListParams,
  SortCache,
} from './listing';
import { Tenant } from './tenant';
import { GraphConnection, Organization, SystemUser } from './types';
import { createDriftUser } from './users';

/** What the server keeps per tenant besides the tenant itself. */
export interface TenantState {
  tenant: Tenant;
  /** The users served; differs from tenant.users once paging drift or deleteDuringWalk struck. */
  users: SystemUser[];
  drifted: boolean;
  /** Users deleteDuringWalk removed while a client walked the list (not the tenant's own deletedUserIds). */
  deletedUserIds: string[];
}

export function tenantState(tenant: Tenant): TenantState {
  return { tenant, users: tenant.users, drifted: false, deletedUserIds: [] };
}

/** v1 lists: `{totalCount, results}`, no x-total-count header. */
export function v1List<T>(
  records: readonly T[],
  query: URLSearchParams,
  defaultSort: string[],
  paging: Paging,
) {
  const params = parseListParams(query);
  if (!isParams(params)) return params;
  const { total, rows, lied } = answerPage(
    records,
    params,
    defaultSort,
    paging,
  );
  return listAnswer(json(200, { totalCount: total, results: rows }), lied);
}

/** v2 lists: a bare array and the total in x-total-count. */
export function v2List<T>(
  records: readonly T[],
  query: URLSearchParams,
  paging: Paging,
) {
  const params = parseListParams(query);
  if (!isParams(params)) return params;
  const { total, rows, lied } = answerPage(records, params, ['id'], paging);
  return listAnswer(json(200, rows, { 'x-total-count': String(total) }), lied);
}

function listAnswer(response: SimResponse, lied: boolean): SimResponse {
  if (lied) response.fault = 'list-lie';
  return response;
}

function isParams(value: ListParams | SimResponse): value is ListParams {
  return !('status' in value);
}

export function listOrganizations(
  organizations: readonly Organization[],
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return v1List(organizations, query, ['_id'], paging);
}

export function listSystemUsers(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
  faults: Pick<Faults, 'pagingDrift' | 'deleteDuringWalk'>,
): SimResponse {
  const served = state.users;
  const response = v1List(served, query, ['_id'], paging);
  if (response.status !== 200) return response;
  // Both faults strike a walk of the list, not a one-user look at it (a
  // configuration check asks for limit=1).
  if (Number(query.get('limit') ?? DEFAULT_LIMIT) <= 1) return response;
  if (
    faults.deleteDuringWalk &&
    state.deletedUserIds.length === 0 &&
    deleteFromFirstPage(state, served, query, paging.cache)
  ) {
    response.fault ??= 'delete-during-walk';
  }
  if (faults.pagingDrift && !state.drifted) {
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

/**
 * deleteDuringWalk: once a walk's first page (skip = 0) has been served, the user at
 * sorted position limit / 2 of it (by _id) is deleted, so every later page
 * shifts by one and a walk by offset misses a user it never saw deleted.
 */
function deleteFromFirstPage(
  state: TenantState,
  served: readonly SystemUser[],
  query: URLSearchParams,
  cache: SortCache,
): boolean {
  // Valid: the page was just served with these parameters.
  const params = parseListParams(query) as ListParams;
  if (params.skip !== 0) return false;
  const ids = pageOf(served, params, ['_id'], cache)
    .rows.map((row) => String(row._id))
    .sort();
  if (ids.length === 0) return false;
  const deleted = ids[Math.min(Math.floor(params.limit / 2), ids.length - 1)];
  state.users = state.users.filter((u) => u.id !== deleted);
  state.deletedUserIds.push(deleted);
  return true;
}

export function listApplications(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return v1List(state.tenant.applications, query, ['name'], paging);
}

export function listUserGroups(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return v2List(state.tenant.groups, query, paging);
}

export function listGroupMembers(
  state: TenantState,
  groupId: string,
  query: URLSearchParams,
  paging: Paging,
  forbidden: boolean,
): SimResponse {
  const rows = state.tenant.groupMembers.get(groupId);
  if (!rows) return NOT_FOUND();
  if (forbidden)
    return message(403, 'Forbidden: insufficient permissions', 'Forbidden');
  return v2List(rows, query, paging);
}

const TARGETS = ['user', 'user_group'];

export function listAssociations(
  state: TenantState,
  appId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return listGraphAssociations(
    state.tenant.applicationAssociations.get(appId),
    query,
    paging,
    TARGETS,
  );
}

/** Direct edges of one object (undefined: no such object → 404), filtered by `targets`. */
export function listGraphAssociations(
  rows: GraphConnection[] | undefined,
  query: URLSearchParams,
  paging: Paging,
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
  return v2List(filteredRows(rows, targets), query, paging);
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
