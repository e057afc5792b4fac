import { TenantState } from './consoleRoutes';
import { json, message, NOT_FOUND, SimResponse } from './http';
import { answerPage, Paging } from './listing';
import { DAY_MS, SaasManagement } from './saas';
import {
  Application,
  SaasAccount,
  SaasApplication,
  SaasLicenseSummary,
  SaasSsoApp,
  SaasUsageRow,
} from './types';

/**
 * SaaS Management (`/api/v2/saas-management/...`), as the official v2 spec
 * gives it: `{results, totalCount}` bodies, `limit` 1..1000 (default 50) and
 * `offset` paging, no `x-total-count`, errors `{message}`. A tenant without
 * the add-on answers 402 on every route.
 */

export const SAAS_DEFAULT_LIMIT = 50;
export const SAAS_MAX_LIMIT = 1000;
export const SAAS_MAX_DAY_COUNT = 90;

/** What every SaaS route answers for a tenant without SaaS Management (the router checks). */
export const SAAS_NOT_ENABLED = (): SimResponse =>
  message(
    402,
    'Payment Required: SaaS Management is not enabled for this organization',
  );

/** `GET /api/v2/saas-management/applications`: the list leaves out `name`. */
export function listSaasApplications(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  const saas = state.tenant.saas;
  const expand = expandParam(query, ['discovery_source_types']);
  if (!Array.isArray(expand)) return expand;
  const withSources = expand.includes('discovery_source_types');
  return pagedList(saas.applications, query, paging, (app) =>
    listEntity(saas, app, withSources),
  );
}

/** `GET /api/v2/saas-management/applications/{id}`, with its name; `expand=sso_apps` adds the SSO connections. */
export function getSaasApplication(
  state: TenantState,
  id: string,
  query: URLSearchParams,
): SimResponse {
  const saas = state.tenant.saas;
  const expand = expandParam(query, ['sso_apps']);
  if (!Array.isArray(expand)) return expand;
  const app = applicationIndex(saas).get(id);
  if (!app) return NOT_FOUND();
  if (!expand.includes('sso_apps')) return json(200, app);
  const ssoApps = ssoAppsOf(state.tenant.applications, saas, id);
  // x-omitempty: no SSO connection, no field.
  return json(200, ssoApps.length > 0 ? { ...app, sso_apps: ssoApps } : app);
}

/** `GET /api/v2/saas-management/applications/{id}/accounts`. */
export function listSaasAccounts(
  state: TenantState,
  id: string,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  const saas = state.tenant.saas;
  const accounts = saas.accounts.get(id);
  if (!accounts) return NOT_FOUND();
  return pagedList(accounts, query, paging);
}

/** `GET /api/v2/saas-management/applications/{id}/accounts/{account_id}`. */
export function getSaasAccount(
  state: TenantState,
  id: string,
  accountId: string,
): SimResponse {
  const saas = state.tenant.saas;
  const account = saas.accounts.get(id)?.find((a) => a.id === accountId);
  return account ? json(200, account) : NOT_FOUND();
}

/**
 * `GET /api/v2/saas-management/applications/{id}/usage?day_count=N`: one row
 * per account last used within N days (1..90, required) of `nowMs`, latest
 * first; not paged.
 */
export function getSaasUsage(
  state: TenantState,
  id: string,
  query: URLSearchParams,
  nowMs: number,
): SimResponse {
  const t = state.tenant;
  const saas = t.saas;
  const raw = query.get('day_count');
  if (raw === null || raw.trim() === '')
    return message(
      400,
      'Bad Request: request parameter "day_count" is required',
    );
  const days = integer(raw);
  if (days === undefined || days < 1 || days > SAAS_MAX_DAY_COUNT)
    return message(
      400,
      `Bad Request: request parameter "day_count" must be an integer from 1 to ${SAAS_MAX_DAY_COUNT}`,
    );
  const accounts = saas.accounts.get(id);
  if (!accounts) return NOT_FOUND();
  const since = nowMs - days * DAY_MS;
  const used: { account: SaasAccount; ms: number }[] = [];
  for (const account of accounts) {
    const ms = saas.lastUsedMs.get(account.id);
    if (ms !== undefined && ms >= since) used.push({ account, ms });
  }
  used.sort((a, b) => b.ms - a.ms || (a.account.id < b.account.id ? -1 : 1));
  const emails = userEmails(t.users);
  const results = used.map(({ account, ms }) => usageRow(account, ms, emails));
  return json(200, { results, totalCount: results.length });
}

/** `GET /api/v2/saas-management/application-licenses`: one row per application with license tiers. */
export function listSaasLicenses(
  state: TenantState,
  query: URLSearchParams,
  paging: Paging,
): SimResponse {
  const saas = state.tenant.saas;
  return pagedList(licenseSummaries(saas), query, paging);
}

/** `GET /api/v2/saas-management/application-licenses/{id}`: 404 without a contract. */
export function getSaasLicenses(state: TenantState, id: string): SimResponse {
  const saas = state.tenant.saas;
  const licenses = saas.licenses.get(id);
  return licenses ? json(200, licenses) : NOT_FOUND();
}

/**
 * One `{results, totalCount}` page by `limit` and `offset`, in stored (id)
 * order; `entity` shapes each row served. The listLie fault applies as on
 * the other lists.
 */
function pagedList<T>(
  records: readonly T[],
  query: URLSearchParams,
  paging: Paging,
  entity?: (record: T) => unknown,
): SimResponse {
  const limit = rangeParam(
    query,
    'limit',
    SAAS_DEFAULT_LIMIT,
    1,
    SAAS_MAX_LIMIT,
  );
  if (typeof limit !== 'number') return limit;
  const offset = rangeParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  if (typeof offset !== 'number') return offset;
  const { total, rows, lied } = answerPage(
    records,
    { limit, skip: offset, sort: [] },
    ['id'],
    paging,
  );
  const results = entity
    ? rows.map((row) => entity(row as unknown as T))
    : rows;
  const response = json(200, { results, totalCount: total });
  if (lied) response.fault = 'list-lie';
  return response;
}

function rangeParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | SimResponse {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = integer(raw);
  if (value !== undefined && value >= min && value <= max) return value;
  return message(
    400,
    max === Number.MAX_SAFE_INTEGER
      ? `Bad Request: request parameter "${name}" must be a non-negative integer`
      : `Bad Request: request parameter "${name}" must be an integer from ${min} to ${max}`,
  );
}

function integer(raw: string): number | undefined {
  const text = raw.trim();
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** `expand`: comma-separated (`explode: false`) or repeated; each value from `allowed`. */
function expandParam(
  query: URLSearchParams,
  allowed: readonly string[],
): string[] | SimResponse {
  const values = query
    .getAll('expand')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const unknown = values.find((v) => !allowed.includes(v));
  if (unknown !== undefined)
    return message(
      400,
      `Bad Request: invalid expand value "${unknown}", valid values are: ${allowed.join(
        ', ',
      )}`,
    );
  return values;
}

/** A list item (`PublicAPIApplicationListEntity`): no name; sources on request (x-omitempty). */
function listEntity(
  saas: SaasManagement,
  app: SaasApplication,
  withSources: boolean,
): Omit<SaasApplication, 'name'> {
  const { name: _name, ...entity } = app;
  const sources = withSources ? saas.discoverySources.get(app.id) ?? [] : [];
  return sources.length > 0
    ? { ...entity, discovery_source_types: sources }
    : entity;
}

function ssoAppsOf(
  applications: readonly Application[],
  saas: SaasManagement,
  id: string,
): SaasSsoApp[] {
  const ids = saas.ssoApplicationIds.get(id) ?? [];
  return applications
    .filter((a) => ids.includes(a.id))
    .map((a) => ({
      id: a.id,
      app_name: a.displayName,
      display_label: a.displayLabel,
      template_name: a.name,
      status: a.active ? 'CONNECTED' : 'NOT_CONNECTED',
    }));
}

function usageRow(
  account: SaasAccount,
  ms: number,
  emails: ReadonlyMap<string, string>,
): SaasUsageRow {
  const userId =
    typeof account.user_id === 'string' && account.user_id !== ''
      ? account.user_id
      : undefined;
  const userEmail = userId === undefined ? undefined : emails.get(userId);
  return {
    account_id: account.id,
    latest_used_at: new Date(ms).toISOString().replace('.000Z', 'Z'),
    ...(account.email !== undefined && { account_email: account.email }),
    ...(account.username !== undefined && {
      account_username: account.username,
    }),
    ...(userId !== undefined && { user_id: userId }),
    ...(userEmail !== undefined && { user_email: userEmail }),
  };
}

// Indexes per array: a revision replaces the arrays, never edits them.
const applicationIndexes = new WeakMap<
  readonly SaasApplication[],
  Map<string, SaasApplication>
>();
const emailIndexes = new WeakMap<readonly unknown[], Map<string, string>>();
const summaries = new WeakMap<
  readonly SaasApplication[],
  SaasLicenseSummary[]
>();

function applicationIndex(
  saas: SaasManagement,
): ReadonlyMap<string, SaasApplication> {
  let index = applicationIndexes.get(saas.applications);
  if (!index) {
    index = new Map(saas.applications.map((a) => [a.id, a]));
    applicationIndexes.set(saas.applications, index);
  }
  return index;
}

function userEmails(
  users: readonly { id: string; email: string }[],
): ReadonlyMap<string, string> {
  let index = emailIndexes.get(users);
  if (!index) {
    index = new Map(users.map((u) => [u.id, u.email]));
    emailIndexes.set(users, index);
  }
  return index;
}

/**
 * The license list: for each application with tiers, its contract summed
 * up. The spec names the row's `id` a contract id and no application; here
 * each application has one contract, whose id is the application's.
 */
function licenseSummaries(saas: SaasManagement): SaasLicenseSummary[] {
  let rows = summaries.get(saas.applications);
  if (rows) return rows;
  rows = [];
  for (const app of saas.applications) {
    const licenses = saas.licenses.get(app.id);
    const contract = licenses?.contract;
    if (!licenses || !contract || licenses.results.length === 0) continue;
    let total = 0;
    let assigned = 0;
    let unassigned = 0;
    let yearly = 0;
    let saving = 0;
    for (const tier of licenses.results) {
      total += tier.count;
      assigned += tier.assigned;
      unassigned += tier.unassigned;
      const price = tier.cost_per_license ?? 0;
      yearly += tier.count * price * 12;
      saving += tier.unassigned * price * 12;
    }
    rows.push({
      id: app.id,
      currency: contract.currency,
      licenses: { total, assigned, unassigned },
      costs: {
        estimated_cost: cents(yearly),
        contract_cost: contract.cost,
        saving_opportunity_cost: cents(saving),
      },
      renewal_date: contract.renewal_date,
      contract_term: contract.term,
    });
  }
  summaries.set(saas.applications, rows);
  return rows;
}

const cents = (value: number) => Math.round(value * 100) / 100;
