import type { Tenant } from './tenant';
import {
  GraphConnection,
  GraphObjectWithPaths,
  JcSystem,
  UserGroup,
} from './types';

/**
 * Resolves system↔user bindings the way the v2 traversal routes report
 * them: a user is bound to a system directly or through a user group bound to
 * the system, and every such route is one path. Group members are read from
 * the group's member rows when asked, so only users that exist come back.
 * Built lazily per tenant; resolved rows are cached (bounded) so paging one
 * system or user is cheap.
 */

const CACHE_LIMIT = 512;

interface PathStep {
  /** The system's binding row: to a user (direct) or to a user group. */
  edge: GraphConnection;
  group?: UserGroup;
}

export class SystemGraph {
  private readonly systems = new Map<string, JcSystem>();
  private readonly liveUsers: Set<string>;
  private readonly groups = new Map<string, UserGroup>();
  private readonly memberSets = new Map<string, Set<string>>();
  private reverse?: {
    direct: Map<string, string[]>;
    viaGroups: Map<string, string[]>;
    groupSystems: Map<string, string[]>;
  };
  private readonly cache = new Map<string, GraphObjectWithPaths[]>();

  constructor(private readonly tenant: Tenant) {
    for (const s of tenant.systems) this.systems.set(s.id, s);
    this.liveUsers = new Set(tenant.users.map((u) => u.id));
    for (const g of tenant.groups) this.groups.set(g.id, g);
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
        for (const userId of this.members(row.to.id)) ids.add(userId);
      }
      return [...ids].sort().map((userId) => {
        const steps = this.pathSteps(systemId, userId);
        return {
          id: userId,
          type: 'user',
          compiledAttributes: compile(steps),
          paths: steps.map((step) =>
            step.group
              ? [
                  hop(
                    step.edge.attributes,
                    step.group.id,
                    'user_group',
                    step.group.attributes,
                  ),
                  hop(null, userId, 'user'),
                ]
              : [hop(step.edge.attributes, userId, 'user')],
          ),
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
      for (const groupId of reverse.viaGroups.get(userId) ?? []) {
        for (const systemId of reverse.groupSystems.get(groupId) ?? [])
          ids.add(systemId);
      }
      return [...ids].sort().map((systemId) => {
        const steps = this.pathSteps(systemId, userId);
        return {
          id: systemId,
          type: 'system',
          compiledAttributes: compile(steps),
          paths: steps.map((step) =>
            step.group
              ? [
                  hop(null, step.group.id, 'user_group', step.group.attributes),
                  hop(step.edge.attributes, systemId, 'system'),
                ]
              : [hop(step.edge.attributes, systemId, 'system')],
          ),
        };
      });
    });
  }

  /** Every route from the system to the user, direct first, then groups in binding order. */
  private pathSteps(systemId: string, userId: string): PathStep[] {
    const steps: PathStep[] = [];
    for (const edge of this.tenant.systemUserBindings.get(systemId) ?? []) {
      if (edge.to.type === 'user' && edge.to.id === userId) {
        steps.push({ edge });
        break;
      }
    }
    for (const edge of this.tenant.systemGroupBindings.get(systemId) ?? []) {
      const group = this.groups.get(edge.to.id);
      if (group && this.members(group.id).has(userId))
        steps.push({ edge, group });
    }
    return steps;
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

  private reverseIndex() {
    if (this.reverse) return this.reverse;
    const direct = new Map<string, string[]>();
    const viaGroups = new Map<string, string[]>();
    const groupSystems = new Map<string, string[]>();
    const push = (map: Map<string, string[]>, key: string, value: string) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const [systemId, rows] of this.tenant.systemUserBindings) {
      for (const row of rows) {
        if (row.to.type === 'user') push(direct, row.to.id, systemId);
      }
    }
    for (const [systemId, rows] of this.tenant.systemGroupBindings) {
      for (const row of rows) {
        if (!groupSystems.has(row.to.id)) {
          for (const userId of this.members(row.to.id))
            push(viaGroups, userId, row.to.id);
        }
        push(groupSystems, row.to.id, systemId);
      }
    }
    this.reverse = { direct, viaGroups, groupSystems };
    return this.reverse;
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
  attributes: Record<string, unknown> | null,
  id: string,
  type: string,
  toAttributes: Record<string, unknown> | null = null,
): GraphConnection {
  return { attributes, to: { attributes: toAttributes, id, type } };
}

interface Sudo {
  enabled?: boolean;
  withoutPassword?: boolean;
}

/** sudo is granted when any path grants it; ldapGroups are collected from the groups on the way. */
function compile(steps: PathStep[]): Record<string, unknown> {
  let enabled = false;
  let withoutPassword = false;
  const ldapGroups: unknown[] = [];
  for (const step of steps) {
    for (const attrs of [step.edge.attributes, step.group?.attributes]) {
      const sudo = attrs?.sudo as Sudo | undefined;
      if (sudo?.enabled) {
        enabled = true;
        if (sudo.withoutPassword) withoutPassword = true;
      }
    }
    const ldap = step.group?.attributes?.ldapGroups;
    if (Array.isArray(ldap)) ldapGroups.push(...ldap);
  }
  const compiled: Record<string, unknown> = {
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
