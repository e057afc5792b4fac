import {
  listApplications,
  listAssociations,
  listGroupMembers,
  listOrganizations,
  listSystemUsers,
  listUserGroups,
  TenantState,
} from './consoleRoutes';
import { FaultPlan } from './faults';
import { BAD_API_KEY, message, NOT_FOUND, SimResponse } from './http';
import { handleEventsRequest } from './insights';
import {
  getApplication,
  getAuthnPolicy,
  getSystem,
  getSystemGroup,
  getSystemUser,
  getUserGroup,
} from './itemRoutes';
import { Paging, SortCache } from './listing';
import { selectOrg } from './orgSelection';
import {
  getSaasAccount,
  getSaasApplication,
  getSaasLicenses,
  getSaasUsage,
  listSaasAccounts,
  listSaasApplications,
  listSaasLicenses,
  SAAS_NOT_ENABLED,
} from './saasRoutes';
import {
  listAdministrators,
  listAuthnPolicies,
  listSystemAssociations,
  listSystemGroupAssociations,
  listSystemGroupMembers,
  listSystemGroups,
  listSystems,
  listSystemsOfUser,
  listUserGroupAssociations,
  listUsersOfSystem,
} from './systemRoutes';
import { Organization } from './types';

export interface RouterContext {
  apiKey: string;
  tenantsByOrgId: ReadonlyMap<string, TenantState>;
  organizations: readonly Organization[];
  cache: SortCache;
  faults: FaultPlan;
  /** The tenant's clock: its fixed `now` plus the time the simulator has run. */
  clockNowMs: (state: TenantState) => number;
}

export interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  apiKey?: string;
  orgId?: string;
  body: string;
}

/** `params` are the pattern's groups, decoded; an optional group that did not match is undefined. */
type Handler = (
  state: TenantState,
  call: IncomingCall,
  params: (string | undefined)[],
  paging: Paging,
) => SimResponse;

interface Route {
  method: string;
  pattern: RegExp;
  handle: Handler;
}

const ID = '([^/]+)';
const SAAS = '/api/v2/saas-management';

/** A SaaS Management route: 402 for a tenant without SaaS Management. */
function saasRoute(handle: Handler): Handler {
  return (s, ...rest) =>
    s.tenant.saas.enabled ? handle(s, ...rest) : SAAS_NOT_ENABLED();
}

export function createRouter(
  ctx: RouterContext,
): (call: IncomingCall) => SimResponse {
  const faults = () => ctx.faults.current;
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/api\/systemusers$/,
      handle: (s, c, _, p) => listSystemUsers(s, c.query, p, faults()),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/systemusers/${ID}$`),
      handle: (s, c, [id]) => getSystemUser(s, id ?? '', c.query),
    },
    {
      method: 'GET',
      pattern: /^\/api\/applications$/,
      handle: (s, c, _, p) => listApplications(s, c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/applications/${ID}$`),
      handle: (s, _, [id]) => getApplication(s, id ?? ''),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/usergroups$/,
      handle: (s, c, _, p) => listUserGroups(s, c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/usergroups/${ID}$`),
      handle: (s, _, [id]) => getUserGroup(s, id ?? ''),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/usergroups/${ID}/members$`),
      handle: (s, c, [id], p) =>
        listGroupMembers(
          s,
          id ?? '',
          c.query,
          p,
          faults().forbiddenMembers === true,
        ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/usergroups/${ID}/associations$`),
      handle: (s, c, [id], p) =>
        listUserGroupAssociations(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/applications/${ID}/associations$`),
      handle: (s, c, [id], p) => listAssociations(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: /^\/api\/systems$/,
      handle: (s, c, _, p) => listSystems(s, c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/systems/${ID}$`),
      handle: (s, c, [id]) => getSystem(s, id ?? '', c.query),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systems/${ID}/users$`),
      handle: (s, c, [id], p) => listUsersOfSystem(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/users/${ID}/systems$`),
      handle: (s, c, [id], p) => listSystemsOfUser(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systems/${ID}/associations$`),
      handle: (s, c, [id], p) =>
        listSystemAssociations(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/systemgroups$/,
      handle: (s, c, _, p) => listSystemGroups(s, c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systemgroups/${ID}$`),
      handle: (s, _, [id]) => getSystemGroup(s, id ?? ''),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systemgroups/${ID}/members$`),
      handle: (s, c, [id], p) =>
        listSystemGroupMembers(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systemgroups/${ID}/associations$`),
      handle: (s, c, [id], p) =>
        listSystemGroupAssociations(s, id ?? '', c.query, p),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/authn\/policies$/,
      handle: (s, c, _, p) => listAuthnPolicies(s, c.query, p),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/authn/policies/${ID}$`),
      handle: (s, _, [id]) => getAuthnPolicy(s, id ?? ''),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/applications$`),
      handle: saasRoute((s, c, _, p) => listSaasApplications(s, c.query, p)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/applications/${ID}$`),
      handle: saasRoute((s, c, [id]) =>
        getSaasApplication(s, id ?? '', c.query),
      ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/applications/${ID}/accounts$`),
      handle: saasRoute((s, c, [id], p) =>
        listSaasAccounts(s, id ?? '', c.query, p),
      ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/applications/${ID}/accounts/${ID}$`),
      handle: saasRoute((s, _, [id, accountId]) =>
        getSaasAccount(s, id ?? '', accountId ?? ''),
      ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/applications/${ID}/usage$`),
      handle: saasRoute((s, c, [id]) =>
        getSaasUsage(s, id ?? '', c.query, ctx.clockNowMs(s)),
      ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/application-licenses$`),
      handle: saasRoute((s, c, _, p) => listSaasLicenses(s, c.query, p)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${SAAS}/application-licenses/${ID}$`),
      handle: saasRoute((s, _, [id]) => getSaasLicenses(s, id ?? '')),
    },
    {
      method: 'POST',
      pattern: /^\/insights\/directory\/v1\/events(\/count)?$/,
      handle: (s, c, [count]) => {
        const f = faults();
        if (f.insightsStatus === 402) {
          return message(
            402,
            'Payment Required: Directory Insights is not enabled for this organization',
          );
        }
        if (f.insightsStatus === 403) {
          return message(
            403,
            'Forbidden: this administrator cannot read Directory Insights',
            'Forbidden',
          );
        }
        return handleEventsRequest(
          s.tenant.events,
          c.body,
          ctx.clockNowMs(s),
          count !== undefined,
          {
            pageCap: f.eventsPageCap,
            fault: ctx.faults.offer(f.insightsPaging, c),
          },
        );
      },
    },
  ];

  /** The list paging of one request, with the listLie fault when it targets the request. */
  const pagingFor = (call: IncomingCall): Paging => ({
    cache: ctx.cache,
    lie: ctx.faults.offer(faults().listLie, call),
  });

  return (call) => {
    if (call.apiKey !== ctx.apiKey) return BAD_API_KEY();
    if (call.path === '/api/organizations') {
      if (call.method !== 'GET') return NOT_FOUND();
      const { error } = selectOrg(
        ctx.tenantsByOrgId,
        call.orgId,
        'organizations',
      );
      return (
        error ??
        listOrganizations(ctx.organizations, call.query, pagingFor(call))
      );
    }
    if (call.path === '/api/users') {
      if (call.method !== 'GET') return NOT_FOUND();
      const f = faults();
      return listAdministrators(
        {
          tenantsByOrgId: ctx.tenantsByOrgId,
          paging: pagingFor(call),
          status: f.adminsStatus,
          orgHeader: f.adminsOrgHeader,
          requireOrgHeader: f.requireOrgHeader,
        },
        call.orgId,
        call.query,
      );
    }
    for (const route of routes) {
      const match = route.pattern.exec(call.path);
      if (!match || route.method !== call.method) continue;
      const { tenant, error } = selectOrg(
        ctx.tenantsByOrgId,
        call.orgId,
        'tenant',
        faults().requireOrgHeader,
      );
      if (error) return error;
      return route.handle(
        tenant!,
        call,
        match.slice(1).map(safeDecode),
        pagingFor(call),
      );
    }
    return NOT_FOUND();
  };
}

function safeDecode(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
