import {
  expectedDeviceUsers,
  GraphConnection,
  ssoWindowBounds,
  Tenant,
} from '../simulator';
import { systemGraph } from '../simulator/systemGraph';

const PAGE = 100;
const EVENT_PAGE = 10_000;

/**
 * Pages needed for an offset list of n items: a walk ends only on a short
 * page (a total is not trusted to end it), so n = 200 takes three.
 */
const pages = (n: number, size = PAGE) => Math.floor(n / size) + 1;

/**
 * The fewest requests a complete and reconciled collection of this tenant can
 * make: the organizations and one user without x-org-id (the configuration
 * check), each list read in pages of 100 up to a short page, and sign-ins
 * counted (`/events/count`) and then read in pages of 10,000 up to the count;
 * device groups, bindings and policies likewise; SaaS Management in pages of
 * 1,000, with four reads per discovered application.
 */
export function minimumRequests(t: Tenant): number {
  let requests = 2; // organizations, and the configuration check's one user
  requests += pages(t.users.length);
  requests += pages(t.groups.length);
  for (const group of t.groups) {
    requests += pages(t.groupMembers.get(group.id)?.length ?? 0);
  }
  requests += pages(t.applications.length);
  for (const app of t.applications) {
    const rows = t.applicationAssociations.get(app.id) ?? [];
    requests += pages(rows.filter((r) => r.to.type === 'user').length);
    requests += pages(rows.filter((r) => r.to.type === 'user_group').length);
  }
  requests += pages(t.admins.length);
  requests += pages(t.systems.length);
  requests += bindingPages(t);
  requests += deviceGroupPages(t);
  requests += pages(t.authnPolicies.length);
  requests += saasPages(t);
  const { fromMs, toMs } = ssoWindowBounds(t);
  let events = 0;
  t.events.forEachInRange('sso', fromMs, toMs, () => {
    events++;
  });
  requests += 1 + Math.ceil(events / EVENT_PAGE);
  return requests;
}

/** Rows of these kinds, as `?targets=` asks for them. */
const rowsTo = (rows: GraphConnection[] | undefined, types: string[]) =>
  (rows ?? []).filter((r) => types.includes(r.to.type)).length;

/**
 * Device groups, each with its member list and its user and user-group
 * bindings; and the user group → device bindings, read per user group or per
 * device, whichever takes fewer pages.
 */
function deviceGroupPages(t: Tenant): number {
  const graph = systemGraph(t);
  let requests = pages(t.systemGroups.length);
  for (const group of t.systemGroups) {
    requests += pages(t.systemGroupMembers.get(group.id)?.length ?? 0);
    requests += pages(
      rowsTo(graph.systemGroupAssociations(group.id), ['user', 'user_group']),
    );
  }
  const perUserGroup = t.groups.reduce(
    (n, g) => n + pages(rowsTo(graph.userGroupAssociations(g.id), ['system'])),
    0,
  );
  const perDevice = t.systems.reduce(
    (n, s) => n + pages(rowsTo(graph.associations(s.id), ['user_group'])),
    0,
  );
  return requests + Math.min(perUserGroup, perDevice);
}

/** SaaS Management pages by 1,000. */
const SAAS_PAGE = 1000;

/**
 * Discovered applications, listed without names: each application's own
 * route, its accounts, its usage (one answer) and its licenses.
 */
function saasPages(t: Tenant): number {
  if (!t.saas.enabled) return 1;
  let requests = pages(t.saas.applications.length, SAAS_PAGE);
  for (const application of t.saas.applications) {
    const accounts = t.saas.accounts.get(application.id)?.length ?? 0;
    requests += 3 + pages(accounts, SAAS_PAGE);
  }
  return requests;
}

/**
 * Device bindings can be read per device or per user; the fewer pages of the
 * two is the minimum.
 */
function bindingPages(t: Tenant): number {
  const perDevice = new Map<string, number>();
  const perUser = new Map<string, number>();
  for (const { systemId, userId } of expectedDeviceUsers(t)) {
    perDevice.set(systemId, (perDevice.get(systemId) ?? 0) + 1);
    perUser.set(userId, (perUser.get(userId) ?? 0) + 1);
  }
  const sum = (ids: string[], counts: Map<string, number>) =>
    ids.reduce((total, id) => total + pages(counts.get(id) ?? 0), 0);
  return Math.min(
    sum(
      t.systems.map((s) => s.id),
      perDevice,
    ),
    sum(
      t.users.map((u) => u.id),
      perUser,
    ),
  );
}
