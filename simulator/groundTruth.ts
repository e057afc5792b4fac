import { portalAdministrators } from './admins';
import { EventKind } from './events';
import { Tenant } from './tenant';

/**
 * What a correct integration must collect from a tenant, computed straight
 * from the tenant's data and never from the integration's code.
 */

const DAY_MS = 86_400_000;

export interface GroupMembership {
  groupId: string;
  userId: string;
}

export interface ExpectedAssignments {
  userAssignments: { appId: string; userId: string }[];
  groupAssignments: { appId: string; groupId: string }[];
}

export interface SsoUsage {
  userId: string;
  appId: string;
  /** Epoch ms of the first and last successful sign-in in the window. */
  firstSsoOn: number;
  lastSsoOn: number;
  /** Successful sign-ins in the window. */
  ssoEventCount: number;
  /** Failed sign-ins of the same pair in the window. */
  failedSsoCount: number;
}

export interface UnconfiguredApp {
  appId: string;
  name: string;
  displayLabel: string;
}

export interface SsoWindow {
  /** Defaults to the tenant's sso window. */
  days?: number;
  /** Defaults to the tenant's clock. */
  now?: Date | number;
}

export function expectedUserIds(t: Tenant): string[] {
  return t.users.map((u) => u.id);
}

/** Member rows of type user whose user exists, once per group and user. */
export function expectedGroupMemberships(t: Tenant): GroupMembership[] {
  const users = userIdSet(t);
  const out: GroupMembership[] = [];
  for (const group of t.groups) {
    const seen = new Set<string>();
    for (const row of t.groupMembers.get(group.id) ?? []) {
      const userId = row.to.id;
      if (row.to.type !== 'user' || !users.has(userId) || seen.has(userId))
        continue;
      seen.add(userId);
      out.push({ groupId: group.id, userId });
    }
  }
  return out;
}

/** Distinct user rows of the group as the API lists them, deleted users included. */
export function expectedMemberCount(t: Tenant, groupId: string): number {
  const ids = new Set<string>();
  for (const row of t.groupMembers.get(groupId) ?? []) {
    if (row.to.type === 'user') ids.add(row.to.id);
  }
  return ids.size;
}

/** Direct application bindings to users and groups that exist. */
export function expectedAssignments(t: Tenant): ExpectedAssignments {
  const users = userIdSet(t);
  const groups = new Set(t.groups.map((g) => g.id));
  const result: ExpectedAssignments = {
    userAssignments: [],
    groupAssignments: [],
  };
  for (const app of t.applications) {
    const seen = new Set<string>();
    for (const row of t.applicationAssociations.get(app.id) ?? []) {
      const key = `${row.to.type}:${row.to.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (row.to.type === 'user' && users.has(row.to.id)) {
        result.userAssignments.push({ appId: app.id, userId: row.to.id });
      } else if (row.to.type === 'user_group' && groups.has(row.to.id)) {
        result.groupAssignments.push({ appId: app.id, groupId: row.to.id });
      }
    }
  }
  return result;
}

/**
 * Per user→application pair: sso_auth events in [now - days, now] initiated
 * by an existing user (type "user") for a non-empty application id. A pair
 * counts only with at least one successful sign-in.
 */
export function expectedSsoUsage(
  t: Tenant,
  window: SsoWindow = {},
): SsoUsage[] {
  const pairs = new Map<string, SsoUsage>();
  const failures = new Map<string, number>();
  visitCountedSignIns(t, window, (i, userId, appId) => {
    const key = `${userId}|${appId}`;
    if (!t.events.succeeded(i)) {
      failures.set(key, (failures.get(key) ?? 0) + 1);
      return;
    }
    const ms = t.events.timestampMs(i);
    const usage = pairs.get(key);
    if (!usage) {
      pairs.set(key, {
        userId,
        appId,
        firstSsoOn: ms,
        lastSsoOn: ms,
        ssoEventCount: 1,
        failedSsoCount: 0,
      });
    } else {
      usage.firstSsoOn = Math.min(usage.firstSsoOn, ms);
      usage.lastSsoOn = Math.max(usage.lastSsoOn, ms);
      usage.ssoEventCount++;
    }
  });
  for (const [key, usage] of pairs)
    usage.failedSsoCount = failures.get(key) ?? 0;
  return Array.from(pairs.values());
}

/** Applications signed in to successfully (counted sign-ins) that are not configured. */
export function expectedUnconfiguredApps(
  t: Tenant,
  window: SsoWindow = {},
): UnconfiguredApp[] {
  const configured = new Set(t.applications.map((a) => a.id));
  const found = new Map<string, UnconfiguredApp>();
  visitCountedSignIns(t, window, (i, _userId, appId) => {
    if (!t.events.succeeded(i) || configured.has(appId) || found.has(appId))
      return;
    const app = t.events.application(i)!;
    found.set(appId, {
      appId,
      name: app.name,
      displayLabel: app.display_label,
    });
  });
  return Array.from(found.values());
}

/** The window's start and end (both inclusive), in epoch ms. */
export function ssoWindowBounds(
  t: Tenant,
  window: SsoWindow = {},
): { fromMs: number; toMs: number } {
  const toMs =
    window.now === undefined ? t.now.getTime() : new Date(window.now).getTime();
  return { fromMs: toMs - (window.days ?? t.ssoEventsDays) * DAY_MS, toMs };
}

function visitCountedSignIns(
  t: Tenant,
  window: SsoWindow,
  visit: (eventIndex: number, userId: string, appId: string) => void,
) {
  const users = userIdSet(t);
  const { fromMs, toMs } = ssoWindowBounds(t, window);
  const log = t.events;
  log.forEachInRange('sso', fromMs, toMs, (i) => {
    if (log.kind(i) !== EventKind.SsoAuth) return;
    const actor = log.initiator(i);
    if (actor.type !== 'user' || !users.has(actor.id)) return;
    const appId = log.application(i)?.id ?? '';
    if (appId === '') return;
    visit(i, actor.id, appId);
  });
}

function userIdSet(t: Tenant): Set<string> {
  return new Set(t.users.map((u) => u.id));
}

export interface AdminUserLink {
  adminId: string;
  userId: string;
}

export interface DeviceUser {
  systemId: string;
  userId: string;
}

export interface ManagerEdge {
  managerId: string;
  userId: string;
}

export interface PortalAdmin {
  id: string;
  email: string;
  /** The tenant's org id, or the provider's org id (not a tenant) for portal-level admins. */
  organization: string;
  portalLevel: boolean;
}

/** Administrator ids of the tenant (GET /api/users for a single-tenant key). */
export function expectedAdmins(t: Tenant): string[] {
  return t.admins.map((a) => a.id);
}

/** Admins whose e-mail equals, ignoring case, an existing user's e-mail; one link per such user. */
export function expectedAdminUserLinks(t: Tenant): AdminUserLink[] {
  const byEmail = new Map<string, string[]>();
  for (const u of t.users) {
    const key = u.email.toLowerCase();
    const list = byEmail.get(key);
    if (list) list.push(u.id);
    else byEmail.set(key, [u.id]);
  }
  return t.admins.flatMap((a) =>
    (byEmail.get(a.email.toLowerCase()) ?? []).map((userId) => ({
      adminId: a.id,
      userId,
    })),
  );
}

export function expectedDevices(t: Tenant): string[] {
  return t.systems.map((s) => s.id);
}

/**
 * Distinct system→user pairs: bound directly, or through a user group bound
 * to the system whose member rows list the user; existing users only.
 */
export function expectedDeviceUsers(t: Tenant): DeviceUser[] {
  const users = userIdSet(t);
  const groups = new Set(t.groups.map((g) => g.id));
  const out: DeviceUser[] = [];
  for (const system of t.systems) {
    const seen = new Set<string>();
    const add = (userId: string) => {
      if (!users.has(userId) || seen.has(userId)) return;
      seen.add(userId);
      out.push({ systemId: system.id, userId });
    };
    for (const row of t.systemUserBindings.get(system.id) ?? []) {
      if (row.to.type === 'user') add(row.to.id);
    }
    for (const row of t.systemGroupBindings.get(system.id) ?? []) {
      if (row.to.type !== 'user_group' || !groups.has(row.to.id)) continue;
      for (const member of t.groupMembers.get(row.to.id) ?? []) {
        if (member.to.type === 'user') add(member.to.id);
      }
    }
  }
  return out;
}

/** Users whose `manager` is another existing user's id. */
export function expectedManagerEdges(t: Tenant): ManagerEdge[] {
  const users = userIdSet(t);
  const out: ManagerEdge[] = [];
  for (const u of t.users) {
    const manager = u.manager;
    if (typeof manager === 'string' && manager !== u.id && users.has(manager))
      out.push({ managerId: manager, userId: u.id });
  }
  return out;
}

/**
 * Every administrator GET /api/users lists for a key serving `tenants`: each
 * tenant's admins and, when there are several tenants, the portal-level
 * admins of the provider's own organization.
 */
export function expectedPortalAdmins(
  tenants: readonly Tenant[],
): PortalAdmin[] {
  const tenantAdmins = tenants.flatMap((t) =>
    t.admins.map((a) => ({
      id: a.id,
      email: a.email,
      organization: t.organization.id,
      portalLevel: false,
    })),
  );
  const portal = portalAdministrators(tenants).map((a) => ({
    id: a.id,
    email: a.email,
    organization: a.organization,
    portalLevel: true,
  }));
  return [...tenantAdmins, ...portal];
}
