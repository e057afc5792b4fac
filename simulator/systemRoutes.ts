import { keyAdministrators, organizationAdministrators } from './admins';
import {
  listGraphAssociations,
  TenantState,
  v1List,
  v2List,
} from './consoleRoutes';
import { message, NOT_FOUND, SimResponse } from './http';
import { Paging } from './listing';
import { selectOrg } from './orgSelection';
import { systemGraph } from './systemGraph';
import { Administrator } from './types';

/**
 * The targets each associations route accepts, as the spec's enums
 * (`trait_graphTargets*_targets`) list them. Only some ever have rows: a
 * system's and a device group's `user` and `user_group`, a user group's
 * `application`, `system` and `system_group`.
 */
const SYSTEM_TARGETS = [
  'command',
  'policy',
  'policy_group',
  'user',
  'user_group',
];
const SYSTEM_GROUP_TARGETS = [
  'command',
  'policy',
  'policy_group',
  'radius_server',
  'user',
  'user_group',
];
const USER_GROUP_TARGETS = [
  'active_directory',
  'application',
  'g_suite',
  'idp_routing_policy',
  'ldap_server',
  'office_365',
  'password_manager_item',
  'policy',
  'policy_group',
  'radius_server',
  'system',
  'system_group',
];

export function listSystems(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return v1List(state.tenant.systems, query, ['_id'], paging);
}

export function listUsersOfSystem(
  state: TenantState,
  systemId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  const rows = systemGraph(state.tenant).usersOfSystem(systemId);
  return rows ? v2List(rows, query, paging) : NOT_FOUND();
}

export function listSystemsOfUser(
  state: TenantState,
  userId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  const rows = systemGraph(state.tenant).systemsOfUser(userId);
  return rows ? v2List(rows, query, paging) : NOT_FOUND();
}

export function listSystemAssociations(
  state: TenantState,
  systemId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return listGraphAssociations(
    systemGraph(state.tenant).associations(systemId),
    query,
    paging,
    SYSTEM_TARGETS,
  );
}

export function listSystemGroups(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return v2List(state.tenant.systemGroups, query, paging);
}

/** `GET /api/v2/systemgroups/{id}/members`: the direct member rows, deleted devices included. */
export function listSystemGroupMembers(
  state: TenantState,
  groupId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  const rows = state.tenant.systemGroupMembers.get(groupId);
  return rows ? v2List(rows, query, paging) : NOT_FOUND();
}

export function listSystemGroupAssociations(
  state: TenantState,
  groupId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return listGraphAssociations(
    systemGraph(state.tenant).systemGroupAssociations(groupId),
    query,
    paging,
    SYSTEM_GROUP_TARGETS,
  );
}

export function listUserGroupAssociations(
  state: TenantState,
  groupId: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return listGraphAssociations(
    systemGraph(state.tenant).userGroupAssociations(groupId),
    query,
    paging,
    USER_GROUP_TARGETS,
  );
}

export function listAuthnPolicies(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  return v2List(state.tenant.authnPolicies, query, paging);
}

export interface AdministratorsContext {
  tenantsByOrgId: ReadonlyMap<string, TenantState>;
  paging: Paging;
  status?: 403 | 404;
  /** The adminsOrgHeader fault; default 'refused'. */
  orgHeader?: 'refused' | 'required';
  /** The requireOrgHeader fault. */
  requireOrgHeader?: boolean;
}

const administrators = new WeakMap<
  ReadonlyMap<string, TenantState>,
  readonly Administrator[]
>();

const organizationAdmins = new WeakMap<TenantState, readonly Administrator[]>();

/**
 * `GET /api/users`: refuses x-org-id like the organization list; a
 * multi-tenant key sees every tenant's admins and the portal's own. With
 * adminsOrgHeader 'required' it is scoped like a tenant route instead: the
 * selected organization's admins and the portal's.
 */
export function listAdministrators(
  ctx: AdministratorsContext,
  orgHeader: string | undefined,
  query: URLSearchParams,
): SimResponse {
  if (ctx.status === 404) return NOT_FOUND();
  if (ctx.status === 403)
    return message(403, 'Forbidden: insufficient permissions', 'Forbidden');
  if (ctx.orgHeader === 'required') {
    const { tenant, error } = selectOrg(
      ctx.tenantsByOrgId,
      orgHeader,
      'tenant',
      ctx.requireOrgHeader,
    );
    if (error) return error;
    let records = organizationAdmins.get(tenant!);
    if (!records) {
      records = organizationAdministrators(
        tenant!.tenant,
        tenantsOf(ctx.tenantsByOrgId),
      );
      organizationAdmins.set(tenant!, records);
    }
    return v1List(records, query, ['_id'], ctx.paging);
  }
  const { error } = selectOrg(ctx.tenantsByOrgId, orgHeader, 'organizations');
  if (error) return error;
  let records = administrators.get(ctx.tenantsByOrgId);
  if (!records) {
    records = keyAdministrators(tenantsOf(ctx.tenantsByOrgId));
    administrators.set(ctx.tenantsByOrgId, records);
  }
  return v1List(records, query, ['_id'], ctx.paging);
}

function tenantsOf(tenantsByOrgId: ReadonlyMap<string, TenantState>) {
  return [...tenantsByOrgId.values()].map((s) => s.tenant);
}
