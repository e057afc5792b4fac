import {
  listApplications,
  listAssociations,
  listGroupMembers,
  listOrganizations,
  listSystemUsers,
  listUserGroups,
  TenantState,
} from './consoleRoutes';
import { Faults } from './faults';
import { BAD_API_KEY, message, NOT_FOUND, SimResponse } from './http';
import { handleEventsRequest } from './insights';
import { SortCache } from './listing';
import { selectOrg } from './orgSelection';
import {
  listAdministrators,
  listSystemAssociations,
  listSystems,
  listSystemsOfUser,
  listUsersOfSystem,
} from './systemRoutes';
import { Organization } from './types';

export interface RouterContext {
  apiKey: string;
  tenantsByOrgId: ReadonlyMap<string, TenantState>;
  organizations: readonly Organization[];
  cache: SortCache;
  faults: () => Faults;
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
) => SimResponse;

interface Route {
  method: string;
  pattern: RegExp;
  handle: Handler;
}

const ID = '([^/]+)';

export function createRouter(
  ctx: RouterContext,
): (call: IncomingCall) => SimResponse {
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/api\/systemusers$/,
      handle: (s, c) =>
        listSystemUsers(
          s,
          c.query,
          ctx.cache,
          ctx.faults().pagingDrift === true,
        ),
    },
    {
      method: 'GET',
      pattern: /^\/api\/applications$/,
      handle: (s, c) => listApplications(s, c.query, ctx.cache),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v2\/usergroups$/,
      handle: (s, c) => listUserGroups(s, c.query, ctx.cache),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/usergroups/${ID}/members$`),
      handle: (s, c, [id]) =>
        listGroupMembers(
          s,
          id ?? '',
          c.query,
          ctx.cache,
          ctx.faults().forbiddenMembers === true,
        ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/applications/${ID}/associations$`),
      handle: (s, c, [id]) => listAssociations(s, id ?? '', c.query, ctx.cache),
    },
    {
      method: 'GET',
      pattern: /^\/api\/systems$/,
      handle: (s, c) => listSystems(s, c.query, ctx.cache),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systems/${ID}/users$`),
      handle: (s, c, [id]) =>
        listUsersOfSystem(s, id ?? '', c.query, ctx.cache),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/users/${ID}/systems$`),
      handle: (s, c, [id]) =>
        listSystemsOfUser(s, id ?? '', c.query, ctx.cache),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/v2/systems/${ID}/associations$`),
      handle: (s, c, [id]) =>
        listSystemAssociations(s, id ?? '', c.query, ctx.cache),
    },
    {
      method: 'POST',
      pattern: /^\/insights\/directory\/v1\/events(\/count)?$/,
      handle: (s, c, [count]) => {
        const status = ctx.faults().insightsStatus;
        if (status === 402) {
          return message(
            402,
            'Payment Required: Directory Insights is not enabled for this organization',
          );
        }
        if (status === 403) {
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
        );
      },
    },
  ];

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
        error ?? listOrganizations(ctx.organizations, call.query, ctx.cache)
      );
    }
    if (call.path === '/api/users') {
      if (call.method !== 'GET') return NOT_FOUND();
      return listAdministrators(
        {
          tenantsByOrgId: ctx.tenantsByOrgId,
          cache: ctx.cache,
          status: ctx.faults().adminsStatus,
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
      );
      if (error) return error;
      return route.handle(tenant!, call, match.slice(1).map(safeDecode));
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
