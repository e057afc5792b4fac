import { portalAdministrators } from './admins';
import { EventKind } from './events';
import { Tenant } from './tenant';
import {
  AuthnPolicy,
  GraphAttributes,
  GraphConnection,
  SystemGroup,
} from './types';

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
  /** Some attribute set on some path (a binding, a user group, a device group) enables sudo. */
  sudo: boolean;
  /** Such a set also says without a password. */
  sudoWithoutPassword: boolean;
  /** A direct user→system binding is among the paths. */
  direct: boolean;
  /** The paths the traversal reports for the pair. */
  pathCount: number;
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
 * Distinct system→user pairs, with what every path between them compiles
 * to. A path is: the system's direct binding to the user (one, however many
 * rows); each binding of the system to a user group that exists and whose
 * member rows list the user; and, for each device group that exists and
 * whose member rows list the system, its direct binding to the user (one),
 * and each of its bindings to a user group that exists and lists the user.
 * Existing users only. sudo: some attribute set on some path (the binding
 * rows, the user groups, the device groups) has `sudo.enabled`; without a
 * password: such a set also has `sudo.withoutPassword`.
 */
export function expectedDeviceUsers(t: Tenant): DeviceUser[] {
  const users = userIdSet(t);
  const groups = new Map(t.groups.map((g) => [g.id, g]));
  const memberCache = new Map<string, string[]>();
  const members = (groupId: string): string[] => {
    let list = memberCache.get(groupId);
    if (!list) {
      const ids = new Set<string>();
      for (const row of t.groupMembers.get(groupId) ?? [])
        if (row.to.type === 'user' && users.has(row.to.id)) ids.add(row.to.id);
      list = [...ids];
      memberCache.set(groupId, list);
    }
    return list;
  };
  const systemGroupsOf = new Map<string, SystemGroup[]>();
  for (const group of t.systemGroups) {
    const ids = new Set<string>();
    for (const row of t.systemGroupMembers.get(group.id) ?? [])
      if (row.to.type === 'system') ids.add(row.to.id);
    for (const id of ids) {
      const list = systemGroupsOf.get(id);
      if (list) list.push(group);
      else systemGroupsOf.set(id, [group]);
    }
  }

  const out: DeviceUser[] = [];
  for (const system of t.systems) {
    const pairs = new Map<string, DeviceUser>();
    const path = (
      userId: string,
      attributes: (GraphAttributes | null | undefined)[],
      direct = false,
    ) => {
      let pair = pairs.get(userId);
      if (!pair) {
        pair = {
          systemId: system.id,
          userId,
          sudo: false,
          sudoWithoutPassword: false,
          direct: false,
          pathCount: 0,
        };
        pairs.set(userId, pair);
      }
      pair.pathCount++;
      if (direct) pair.direct = true;
      for (const attrs of attributes) {
        const sudo = sudoOf(attrs);
        if (sudo.sudo) pair.sudo = true;
        if (sudo.sudoWithoutPassword) pair.sudoWithoutPassword = true;
      }
    };
    const directUsers = new Set<string>();
    for (const row of t.systemUserBindings.get(system.id) ?? []) {
      const userId = row.to.id;
      if (row.to.type !== 'user' || !users.has(userId)) continue;
      if (directUsers.has(userId)) continue;
      directUsers.add(userId);
      path(userId, [row.attributes], true);
    }
    for (const row of t.systemGroupBindings.get(system.id) ?? []) {
      const group = row.to.type === 'user_group' && groups.get(row.to.id);
      if (!group) continue;
      for (const userId of members(group.id))
        path(userId, [row.attributes, group.attributes]);
    }
    for (const systemGroup of systemGroupsOf.get(system.id) ?? []) {
      const bound = new Set<string>();
      for (const row of t.systemGroupAssociations.get(systemGroup.id) ?? []) {
        if (row.to.type === 'user') {
          if (!users.has(row.to.id) || bound.has(row.to.id)) continue;
          bound.add(row.to.id);
          path(row.to.id, [systemGroup.attributes, row.attributes]);
        } else if (row.to.type === 'user_group') {
          const group = groups.get(row.to.id);
          if (!group) continue;
          for (const userId of members(group.id))
            path(userId, [
              systemGroup.attributes,
              row.attributes,
              group.attributes,
            ]);
        }
      }
    }
    out.push(...pairs.values());
  }
  return out;
}

/** sudo as one attribute set grants it: enabled, and without a password only when enabled. */
function sudoOf(attributes: GraphAttributes | null | undefined): {
  sudo: boolean;
  sudoWithoutPassword: boolean;
} {
  const sudo = attributes?.sudo as
    | { enabled?: unknown; withoutPassword?: unknown }
    | null
    | undefined;
  const enabled = sudo?.enabled === true;
  return {
    sudo: enabled,
    sudoWithoutPassword: enabled && sudo?.withoutPassword === true,
  };
}

export interface DeviceGroupCount {
  id: string;
  /**
   * The distinct system ids among the group's member rows (`to.type`
   * system), as JumpCloud lists them: rows of deleted devices count too,
   * which is what a client counting the rows it read gets.
   */
  memberCount: number;
}

export interface DeviceGroupMember {
  groupId: string;
  systemId: string;
}

/** A direct binding between collected objects, with the sudo rights its attributes give. */
export interface Binding {
  fromId: string;
  toId: string;
  /** `attributes.sudo.enabled`; false when the attributes are null or absent. */
  sudo: boolean;
  /** `attributes.sudo.withoutPassword`, only with sudo enabled. */
  sudoWithoutPassword: boolean;
}

export interface DeviceBindings {
  /** User group → device group (the device group's rows of type user_group). */
  userGroupToDeviceGroup: Binding[];
  /** User → device group (the device group's rows of type user). */
  userToDeviceGroup: Binding[];
  /** User group → device (the device's rows of type user_group). */
  userGroupToDevice: Binding[];
}

/** Every device group, with its member count (see DeviceGroupCount). */
export function expectedDeviceGroups(t: Tenant): DeviceGroupCount[] {
  return t.systemGroups.map((group) => {
    const ids = new Set<string>();
    for (const row of t.systemGroupMembers.get(group.id) ?? [])
      if (row.to.type === 'system') ids.add(row.to.id);
    return { id: group.id, memberCount: ids.size };
  });
}

/** Member rows of type system whose device exists (is collected), once per group and device. */
export function expectedDeviceGroupMembers(t: Tenant): DeviceGroupMember[] {
  const systems = new Set(t.systems.map((s) => s.id));
  const out: DeviceGroupMember[] = [];
  for (const group of t.systemGroups) {
    const seen = new Set<string>();
    for (const row of t.systemGroupMembers.get(group.id) ?? []) {
      const systemId = row.to.id;
      if (row.to.type !== 'system' || !systems.has(systemId)) continue;
      if (seen.has(systemId)) continue;
      seen.add(systemId);
      out.push({ groupId: group.id, systemId });
    }
  }
  return out;
}

/**
 * The direct bindings to devices and device groups between objects that
 * exist (users, user groups, devices, device groups), once per pair (the
 * first row's attributes); rows of deleted objects left out.
 */
export function expectedDeviceBindings(t: Tenant): DeviceBindings {
  const users = userIdSet(t);
  const groups = new Set(t.groups.map((g) => g.id));
  const result: DeviceBindings = {
    userGroupToDeviceGroup: [],
    userToDeviceGroup: [],
    userGroupToDevice: [],
  };
  const collect = (
    toId: string,
    rows: readonly GraphConnection[],
    type: string,
    exists: Set<string>,
    into: Binding[],
  ) => {
    const seen = new Set<string>();
    for (const row of rows) {
      const fromId = row.to.id;
      if (row.to.type !== type || !exists.has(fromId) || seen.has(fromId))
        continue;
      seen.add(fromId);
      into.push({ fromId, toId, ...sudoOf(row.attributes) });
    }
  };
  for (const group of t.systemGroups) {
    const rows = t.systemGroupAssociations.get(group.id) ?? [];
    collect(
      group.id,
      rows,
      'user_group',
      groups,
      result.userGroupToDeviceGroup,
    );
    collect(group.id, rows, 'user', users, result.userToDeviceGroup);
  }
  for (const system of t.systems) {
    const rows = t.systemGroupBindings.get(system.id) ?? [];
    collect(system.id, rows, 'user_group', groups, result.userGroupToDevice);
  }
  return result;
}

export interface ExpectedAuthPolicy {
  id: string;
  type: string;
  disabled: boolean;
  monitorOnly: boolean;
  /** `effect.action`: allow or deny. */
  effect: string;
  /** Allows with `obligations.mfa.required`. */
  mfaRequired: boolean;
  /** `targets.userGroups.inclusions` that are collected user groups, once each. */
  includedGroupIds: string[];
  /** `targets.userGroups.exclusions` likewise. */
  excludedGroupIds: string[];
  /** Applications named in `targets.resources` that are configured, once each. */
  applicationIds: string[];
  /** A resource of type application without an id: every application. */
  allApplications: boolean;
}

/** Every authentication policy, as a client that keeps only collected targets reads it. */
export function expectedAuthPolicies(t: Tenant): ExpectedAuthPolicy[] {
  const groups = new Set(t.groups.map((g) => g.id));
  const apps = new Set(t.applications.map((a) => a.id));
  const keep = (ids: readonly string[] | undefined, exists: Set<string>) => [
    ...new Set((ids ?? []).filter((id) => exists.has(id))),
  ];
  return t.authnPolicies.map((p) => {
    const resources = p.targets.resources.filter(
      (r) => r.type === 'application',
    );
    return {
      id: p.id,
      type: p.type,
      disabled: p.disabled === true,
      monitorOnly: p.monitorOnly === true,
      effect: p.effect.action,
      mfaRequired: requiresMfa(p),
      includedGroupIds: keep(p.targets.userGroups?.inclusions, groups),
      excludedGroupIds: keep(p.targets.userGroups?.exclusions, groups),
      applicationIds: keep(
        resources.flatMap((r) => (r.id ? [r.id] : [])),
        apps,
      ),
      allApplications: resources.some((r) => !r.id),
    };
  });
}

function requiresMfa(p: AuthnPolicy): boolean {
  return (
    p.effect.action === 'allow' && p.effect.obligations?.mfa?.required === true
  );
}

/**
 * Per configured application: whether a policy that is enabled, not
 * monitor-only, allows with MFA required, and targets the application (by
 * id, or all applications without listing it in `excludedApplications`)
 * applies to it.
 */
export function expectedMfaRequiredByPolicy(t: Tenant): Map<string, boolean> {
  const enforcing = t.authnPolicies.filter(
    (p) => p.disabled !== true && p.monitorOnly !== true && requiresMfa(p),
  );
  const covers = (p: AuthnPolicy, appId: string) => {
    const resources = p.targets.resources.filter(
      (r) => r.type === 'application',
    );
    return (
      resources.some((r) => r.id === appId) ||
      (resources.some((r) => !r.id) &&
        !(p.targets.excludedApplications ?? []).includes(appId))
    );
  };
  return new Map(
    t.applications.map((app) => [
      app.id,
      enforcing.some((p) => covers(p, app.id)),
    ]),
  );
}

export interface FactorStatuses {
  /** Users per `mfaEnrollment.totpStatus`; a user without one is not counted. */
  totp: Record<string, number>;
  push: Record<string, number>;
  webAuthn: Record<string, number>;
  /** Users whose WebAuthn factor is ENROLLED. */
  phishingResistant: number;
}

/** How many of the tenant's users stand where with each MFA factor. */
export function expectedFactorStatuses(t: Tenant): FactorStatuses {
  const result: FactorStatuses = {
    totp: {},
    push: {},
    webAuthn: {},
    phishingResistant: 0,
  };
  const count = (into: Record<string, number>, status: unknown) => {
    if (typeof status === 'string') into[status] = (into[status] ?? 0) + 1;
  };
  for (const user of t.users) {
    const e = user.mfaEnrollment;
    if (!e) continue;
    count(result.totp, e.totpStatus);
    count(result.push, e.pushStatus);
    count(result.webAuthn, e.webAuthnStatus);
    if (e.webAuthnStatus === 'ENROLLED') result.phishingResistant++;
  }
  return result;
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
