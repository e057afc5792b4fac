import { TenantState } from './consoleRoutes';
import { json, NOT_FOUND, SimResponse } from './http';
import { fieldsParam, project } from './listing';

/**
 * Single-object GETs, for a client that checks whether a parent still exists
 * after a 404 on one of its lists. Shapes as the official specs give them:
 * v1 `systemuserreturn`, `application` and `system`, v2 `UserGroup`,
 * `SystemGroup` and `AuthnPolicy`; the v1 user and system routes accept
 * `fields`.
 */

/** `GET /api/systemusers/{id}`: the users served, so paging drift and deleteDuringWalk show. */
export function getSystemUser(
  state: TenantState,
  id: string,
  query: URLSearchParams,
): SimResponse {
  return item(state.users, id, fieldsParam(query));
}

/** `GET /api/v2/usergroups/{group_id}`. */
export function getUserGroup(state: TenantState, id: string): SimResponse {
  return item(state.tenant.groups, id);
}

/** `GET /api/applications/{id}`. */
export function getApplication(state: TenantState, id: string): SimResponse {
  return item(state.tenant.applications, id);
}

/** `GET /api/systems/{id}`. */
export function getSystem(
  state: TenantState,
  id: string,
  query: URLSearchParams,
): SimResponse {
  return item(state.tenant.systems, id, fieldsParam(query));
}

/** `GET /api/v2/systemgroups/{id}`. */
export function getSystemGroup(state: TenantState, id: string): SimResponse {
  return item(state.tenant.systemGroups, id);
}

/** `GET /api/v2/authn/policies/{id}`. */
export function getAuthnPolicy(state: TenantState, id: string): SimResponse {
  return item(state.tenant.authnPolicies, id);
}

type Identified = { id: string } & Record<string, unknown>;

function item(
  records: readonly Identified[],
  id: string,
  fields?: string[],
): SimResponse {
  const record = indexOf(records).get(id);
  if (!record) return NOT_FOUND();
  return json(200, fields ? project(record, fields) : record);
}

// One index per record array: the users array is replaced, not changed, when users come or go.
const indexes = new WeakMap<
  readonly Identified[],
  ReadonlyMap<string, Identified>
>();

function indexOf(
  records: readonly Identified[],
): ReadonlyMap<string, Identified> {
  let index = indexes.get(records);
  if (!index) {
    index = new Map(records.map((r) => [r.id, r]));
    indexes.set(records, index);
  }
  return index;
}
