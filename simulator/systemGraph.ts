import type { Tenant } from './tenant';
import {
  GraphAttributes,
  GraphConnection,
  GraphObjectWithPaths,
  JcSystem,
  SystemGroup,
  UserGroup,
} from './types';

/**
 * Resolves system↔user bindings the way the v2 traversal routes report
 * them: a user is bound to a system directly, through a user group bound to
 * the system, through a device group the system is a member of (the user
 * bound to the device group, or a user group of the user bound to it), and
 * every such route is one path. Group members are read from the member rows,
 * so only users, user groups, systems and device groups that exist count.
 * Also serves the direct bindings of a system, of a device group and of a
 * user group (the last derived from the others' rows, so both ends agree).
 * Indexes are built once per tenant, lazily; resolved rows are cached
 * (bounded) so paging one system or user is cheap.
 */

const CACHE_LIMIT = 512;

/** One route from a system to a user, by the binding rows and groups on the way. */
type Route =
  /** The system's binding row to the user. */
  | { kind: 'direct'; edge: GraphConnection }
  /** The system's binding row to a user group the user is a member of. */
  | { kind: 'group'; edge: GraphConnection; group: UserGroup }
  /** A device group holding the system, and its binding row to the user. */
  | { kind: 'systemGroup'; systemGroup: SystemGroup; edge: GraphConnection }
  /** A device group holding the system, and its binding row to a user group of the user. */
  | {
      kind: 'systemGroupGroup';
      systemGroup: SystemGroup;
      edge: GraphConnection;
      group: UserGroup;
    };

interface Reverse {
  /** user id → systems bound to the user directly. */
  direct: Map<string, string[]>;
  /** user id → user groups bound to a system or a device group that list the user. */
  viaGroups: Map<string, string[]>;
  /** user group id → systems bound to it directly. */
  groupSystems: Map<string, string[]>;
  /** user id → device groups bound to the user directly. */
  userSystemGroups: Map<string, string[]>;
  /** user group id → device groups bound to it. */
  groupSystemGroups: Map<string, string[]>;
}

export class SystemGraph {
  private readonly systems = new Map<string, JcSystem>();
  private readonly liveUsers: Set<string>;
  private readonly groups = new Map<string, UserGroup>();
  private readonly systemGroups = new Map<string, SystemGroup>();
  private readonly memberSets = new Map<string, Set<string>>();
  /** system id → device groups listing it, in device group order. */
  private containing?: Map<string, SystemGroup[]>;
  /** device group id → the existing systems it lists, in row order, once each. */
  private readonly systemMembers = new Map<string, string[]>();
  private reverse?: Reverse;
  private userGroupRows?: Map<string, GraphConnection[]>;
  private readonly cache = new Map<string, GraphObjectWithPaths[]>();

  constructor(private readonly tenant: Tenant) {
    for (const s of tenant.systems) this.systems.set(s.id, s);
    this.liveUsers = new Set(tenant.users.map((u) => u.id));
    for (const g of tenant.groups) this.groups.set(g.id, g);
    for (const g of tenant.systemGroups) this.systemGroups.set(g.id, g);
  }

  hasSystem(id: string): boolean {
    return this.systems.has(id);
  }

  hasUser(id: string): boolean {
    return this.liveUsers.has(id);
  }

  /** Direct binding rows of a system (users, then groups); undefined for an unknown system. */
  associations(systemId: string): GraphConnection[] | undefined {
    if (!this.systems.has(systemId)) return undefined;
    return [
      ...(this.tenant.systemUserBindings.get(systemId) ?? []),
      ...(this.tenant.systemGroupBindings.get(systemId) ?? []),
    ];
  }

  /** Direct binding rows of a device group; undefined for an unknown one. */
  systemGroupAssociations(
    systemGroupId: string,
  ): GraphConnection[] | undefined {
    if (!this.systemGroups.has(systemGroupId)) return undefined;
    return this.tenant.systemGroupAssociations.get(systemGroupId) ?? [];
  }

  /**
   * Direct binding rows of a user group, from its side: the applications,
   * systems and device groups bound to it (each kind in id order), then the
   * rows of deleted systems and device groups only its side still lists.
   * Undefined for an unknown (or deleted) user group.
   */
  userGroupAssociations(groupId: string): GraphConnection[] | undefined {
    if (!this.groups.has(groupId)) return undefined;
    if (!this.userGroupRows) this.userGroupRows = this.buildUserGroupRows();
    return this.userGroupRows.get(groupId) ?? [];
  }

  private buildUserGroupRows(): Map<string, GraphConnection[]> {
    const t = this.tenant;
    const rows = new Map<string, GraphConnection[]>();
    const add = (
      groupId: string,
      attributes: GraphAttributes | null | undefined,
      id: string,
      type: string,
    ) => {
      if (!this.groups.has(groupId)) return;
      const list = rows.get(groupId);
      const row = hop(attributes ?? null, id, type);
      if (list) list.push(row);
      else rows.set(groupId, [row]);
    };
    const byId = <T extends { id: string }>(records: readonly T[]) =>
      [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const app of byId(t.applications)) {
      for (const row of t.applicationAssociations.get(app.id) ?? [])
        if (row.to.type === 'user_group')
          add(row.to.id, row.attributes, app.id, 'application');
    }
    for (const system of byId(t.systems)) {
      for (const row of t.systemGroupBindings.get(system.id) ?? [])
        if (row.to.type === 'user_group')
          add(row.to.id, row.attributes, system.id, 'system');
    }
    for (const group of byId(t.systemGroups)) {
      for (const row of t.systemGroupAssociations.get(group.id) ?? [])
        if (row.to.type === 'user_group')
          add(row.to.id, row.attributes, group.id, 'system_group');
    }
    for (const [groupId, stale] of t.staleUserGroupAssociations)
      for (const row of stale)
        add(groupId, row.attributes, row.to.id, row.to.type);
    return rows;
  }

  /** Users bound to the system, ordered by id; undefined for an unknown system. */
  usersOfSystem(systemId: string): GraphObjectWithPaths[] | undefined {
    if (!this.systems.has(systemId)) return undefined;
    return this.cached(`s:${systemId}`, () => {
      const ids = new Set<string>();
      for (const row of this.tenant.systemUserBindings.get(systemId) ?? []) {
        if (row.to.type === 'user' && this.liveUsers.has(row.to.id))
          ids.add(row.to.id);
      }
      for (const row of this.tenant.systemGroupBindings.get(systemId) ?? []) {
        if (row.to.type === 'user_group')
          for (const userId of this.members(row.to.id)) ids.add(userId);
      }
      for (const systemGroup of this.systemGroupsOf(systemId)) {
        for (const row of this.systemGroupRows(systemGroup.id)) {
          if (row.to.type === 'user') {
            if (this.liveUsers.has(row.to.id)) ids.add(row.to.id);
          } else if (row.to.type === 'user_group') {
            for (const userId of this.members(row.to.id)) ids.add(userId);
          }
        }
      }
      return [...ids].sort().map((userId) => {
        const routes = this.routes(systemId, userId);
        return {
          id: userId,
          type: 'user',
          compiledAttributes: compile(routes),
          paths: routes.map((route) => systemToUser(route, userId)),
        };
      });
    });
  }

  /** Systems bound to the user, ordered by id; undefined for a user that does not exist. */
  systemsOfUser(userId: string): GraphObjectWithPaths[] | undefined {
    if (!this.liveUsers.has(userId)) return undefined;
    return this.cached(`u:${userId}`, () => {
      const reverse = this.reverseIndex();
      const ids = new Set(reverse.direct.get(userId) ?? []);
      const viaSystemGroups = [...(reverse.userSystemGroups.get(userId) ?? [])];
      for (const groupId of reverse.viaGroups.get(userId) ?? []) {
        for (const systemId of reverse.groupSystems.get(groupId) ?? [])
          ids.add(systemId);
        viaSystemGroups.push(...(reverse.groupSystemGroups.get(groupId) ?? []));
      }
      for (const systemGroupId of viaSystemGroups)
        for (const systemId of this.membersOf(systemGroupId)) ids.add(systemId);
      return [...ids].sort().map((systemId) => {
        const routes = this.routes(systemId, userId);
        return {
          id: systemId,
          type: 'system',
          compiledAttributes: compile(routes),
          paths: routes.map((route) => userToSystem(route, systemId)),
        };
      });
    });
  }

  /**
   * Every route from the system to the user: direct first, then user groups
   * in binding order, then device groups in id order, each with its direct
   * binding first and then its user groups in binding order.
   */
  private routes(systemId: string, userId: string): Route[] {
    const routes: Route[] = [];
    for (const edge of this.tenant.systemUserBindings.get(systemId) ?? []) {
      if (edge.to.type === 'user' && edge.to.id === userId) {
        routes.push({ kind: 'direct', edge });
        break;
      }
    }
    for (const edge of this.tenant.systemGroupBindings.get(systemId) ?? []) {
      const group =
        edge.to.type === 'user_group' && this.groups.get(edge.to.id);
      if (group && this.members(group.id).has(userId))
        routes.push({ kind: 'group', edge, group });
    }
    for (const systemGroup of this.systemGroupsOf(systemId)) {
      const rows = this.systemGroupRows(systemGroup.id);
      for (const edge of rows) {
        if (edge.to.type === 'user' && edge.to.id === userId) {
          routes.push({ kind: 'systemGroup', systemGroup, edge });
          break;
        }
      }
      for (const edge of rows) {
        const group =
          edge.to.type === 'user_group' && this.groups.get(edge.to.id);
        if (group && this.members(group.id).has(userId))
          routes.push({ kind: 'systemGroupGroup', systemGroup, edge, group });
      }
    }
    return routes;
  }

  /** Existing users among a group's member rows (empty for a deleted group). */
  private members(groupId: string): Set<string> {
    let set = this.memberSets.get(groupId);
    if (!set) {
      set = new Set();
      if (this.groups.has(groupId)) {
        for (const row of this.tenant.groupMembers.get(groupId) ?? []) {
          if (row.to.type === 'user' && this.liveUsers.has(row.to.id))
            set.add(row.to.id);
        }
      }
      this.memberSets.set(groupId, set);
    }
    return set;
  }

  private systemGroupRows(systemGroupId: string): readonly GraphConnection[] {
    return this.tenant.systemGroupAssociations.get(systemGroupId) ?? [];
  }

  /** Existing systems a device group lists, once each. */
  private membersOf(systemGroupId: string): string[] {
    let list = this.systemMembers.get(systemGroupId);
    if (!list) {
      const seen = new Set<string>();
      for (const row of this.tenant.systemGroupMembers.get(systemGroupId) ??
        []) {
        if (row.to.type === 'system' && this.systems.has(row.to.id))
          seen.add(row.to.id);
      }
      list = [...seen];
      this.systemMembers.set(systemGroupId, list);
    }
    return list;
  }

  /** The device groups that list a system, in device group order. */
  private systemGroupsOf(systemId: string): readonly SystemGroup[] {
    if (!this.containing) {
      const containing = new Map<string, SystemGroup[]>();
      for (const systemGroup of this.tenant.systemGroups) {
        for (const id of this.membersOf(systemGroup.id)) {
          const list = containing.get(id);
          if (list) list.push(systemGroup);
          else containing.set(id, [systemGroup]);
        }
      }
      this.containing = containing;
    }
    return this.containing.get(systemId) ?? [];
  }

  private reverseIndex(): Reverse {
    if (this.reverse) return this.reverse;
    const reverse: Reverse = {
      direct: new Map(),
      viaGroups: new Map(),
      groupSystems: new Map(),
      userSystemGroups: new Map(),
      groupSystemGroups: new Map(),
    };
    const push = (map: Map<string, string[]>, key: string, value: string) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    // Each user group's members are listed under viaGroups once.
    const indexed = new Set<string>();
    const indexMembers = (groupId: string) => {
      if (indexed.has(groupId)) return;
      indexed.add(groupId);
      for (const userId of this.members(groupId))
        push(reverse.viaGroups, userId, groupId);
    };
    for (const [systemId, rows] of this.tenant.systemUserBindings) {
      for (const row of rows) {
        if (row.to.type === 'user') push(reverse.direct, row.to.id, systemId);
      }
    }
    for (const [systemId, rows] of this.tenant.systemGroupBindings) {
      for (const row of rows) {
        if (row.to.type !== 'user_group') continue;
        indexMembers(row.to.id);
        push(reverse.groupSystems, row.to.id, systemId);
      }
    }
    for (const systemGroup of this.tenant.systemGroups) {
      for (const row of this.systemGroupRows(systemGroup.id)) {
        if (row.to.type === 'user') {
          push(reverse.userSystemGroups, row.to.id, systemGroup.id);
        } else if (row.to.type === 'user_group') {
          indexMembers(row.to.id);
          push(reverse.groupSystemGroups, row.to.id, systemGroup.id);
        }
      }
    }
    this.reverse = reverse;
    return reverse;
  }

  private cached(
    key: string,
    build: () => GraphObjectWithPaths[],
  ): GraphObjectWithPaths[] {
    let rows = this.cache.get(key);
    if (!rows) {
      rows = build();
      if (this.cache.size >= CACHE_LIMIT)
        this.cache.delete(this.cache.keys().next().value);
      this.cache.set(key, rows);
    }
    return rows;
  }
}

function hop(
  attributes: GraphAttributes | null,
  id: string,
  type: string,
  toAttributes: GraphAttributes | null = null,
): GraphConnection {
  return { attributes, to: { attributes: toAttributes, id, type } };
}

/** A route's hops from the system's side: memberships carry no attributes, bindings their own. */
function systemToUser(route: Route, userId: string): GraphConnection[] {
  switch (route.kind) {
    case 'direct':
      return [hop(route.edge.attributes, userId, 'user')];
    case 'group':
      return [
        hop(
          route.edge.attributes,
          route.group.id,
          'user_group',
          route.group.attributes,
        ),
        hop(null, userId, 'user'),
      ];
    case 'systemGroup':
      return [
        hop(
          null,
          route.systemGroup.id,
          'system_group',
          route.systemGroup.attributes,
        ),
        hop(route.edge.attributes, userId, 'user'),
      ];
    case 'systemGroupGroup':
      return [
        hop(
          null,
          route.systemGroup.id,
          'system_group',
          route.systemGroup.attributes,
        ),
        hop(
          route.edge.attributes,
          route.group.id,
          'user_group',
          route.group.attributes,
        ),
        hop(null, userId, 'user'),
      ];
  }
}

/** The same route from the user's side. */
function userToSystem(route: Route, systemId: string): GraphConnection[] {
  switch (route.kind) {
    case 'direct':
      return [hop(route.edge.attributes, systemId, 'system')];
    case 'group':
      return [
        hop(null, route.group.id, 'user_group', route.group.attributes),
        hop(route.edge.attributes, systemId, 'system'),
      ];
    case 'systemGroup':
      return [
        hop(
          route.edge.attributes,
          route.systemGroup.id,
          'system_group',
          route.systemGroup.attributes,
        ),
        hop(null, systemId, 'system'),
      ];
    case 'systemGroupGroup':
      return [
        hop(null, route.group.id, 'user_group', route.group.attributes),
        hop(
          route.edge.attributes,
          route.systemGroup.id,
          'system_group',
          route.systemGroup.attributes,
        ),
        hop(null, systemId, 'system'),
      ];
  }
}

interface Sudo {
  enabled?: boolean;
  withoutPassword?: boolean;
}

/** The attribute sets on a route: its bindings' and its groups'. */
function attributesOn(route: Route): (GraphAttributes | null | undefined)[] {
  switch (route.kind) {
    case 'direct':
      return [route.edge.attributes];
    case 'group':
      return [route.edge.attributes, route.group.attributes];
    case 'systemGroup':
      return [route.systemGroup.attributes, route.edge.attributes];
    case 'systemGroupGroup':
      return [
        route.systemGroup.attributes,
        route.edge.attributes,
        route.group.attributes,
      ];
  }
}

/**
 * sudo is granted when any attribute set on any route grants it, and
 * without a password when such a set also says so; ldapGroups are collected
 * from the user groups on the way.
 */
function compile(routes: Route[]): GraphAttributes {
  let enabled = false;
  let withoutPassword = false;
  const ldapGroups: unknown[] = [];
  for (const route of routes) {
    for (const attrs of attributesOn(route)) {
      const sudo = attrs?.sudo as Sudo | undefined;
      if (sudo?.enabled) {
        enabled = true;
        if (sudo.withoutPassword) withoutPassword = true;
      }
    }
    if (route.kind === 'group' || route.kind === 'systemGroupGroup') {
      const ldap = route.group.attributes?.ldapGroups;
      if (Array.isArray(ldap)) ldapGroups.push(...ldap);
    }
  }
  const compiled: GraphAttributes = {
    sudo: { enabled, withoutPassword },
  };
  if (ldapGroups.length > 0) compiled.ldapGroups = ldapGroups;
  return compiled;
}

const graphs = new WeakMap<Tenant, SystemGraph>();

export function systemGraph(tenant: Tenant): SystemGraph {
  let graph = graphs.get(tenant);
  if (!graph) {
    graph = new SystemGraph(tenant);
    graphs.set(tenant, graph);
  }
  return graph;
}
