import { memberRow } from './groups';
import { ObjectIdFactory, Random, sortedTimes, streamFor } from './random';
import {
  GraphAttributes,
  GraphConnection,
  JcSystem,
  SystemGroup,
  SystemUser,
  UserGroup,
} from './types';

/**
 * Device groups (`GET /api/v2/systemgroups`), their direct members, and the
 * direct bindings of users and user groups to them; also a little more
 * variety in the sudo rights of the user group→device bindings the systems
 * already have. Drawn from a random stream of their own, after everything
 * else: the users, groups, applications, devices and events of a tenant are
 * the same with or without them.
 */

const DAY_MS = 86_400_000;

export const SUDO_OFF: GraphAttributes = Object.freeze({
  sudo: Object.freeze({ enabled: false, withoutPassword: false }),
});
export const SUDO_ON: GraphAttributes = Object.freeze({
  sudo: Object.freeze({ enabled: true, withoutPassword: false }),
});
export const SUDO_NOPASSWD: GraphAttributes = Object.freeze({
  sudo: Object.freeze({ enabled: true, withoutPassword: true }),
});

/** The attributes a binding may carry: none, sudo off, sudo, sudo without a password. */
export const BINDING_VARIANTS: readonly (GraphAttributes | null)[] = [
  null,
  SUDO_OFF,
  SUDO_ON,
  SUDO_NOPASSWD,
];

type Variant = 'none' | 'off' | 'on' | 'nopasswd';

/** Which of the four a binding's attributes are. */
export function sudoVariant(
  attributes: GraphAttributes | null | undefined,
): Variant {
  const sudo = attributes?.sudo as
    | { enabled?: boolean; withoutPassword?: boolean }
    | null
    | undefined;
  if (!sudo) return 'none';
  if (!sudo.enabled) return 'off';
  return sudo.withoutPassword ? 'nopasswd' : 'on';
}

const VARIANT_WEIGHTS = [0.35, 0.15, 0.3, 0.2];

type Family = 'darwin' | 'windows' | 'linux';

const DYNAMIC_NAMES: Record<Family, string> = {
  darwin: 'All macOS Devices',
  windows: 'All Windows Devices',
  linux: 'All Linux Devices',
};

const STATIC_NAMES = [
  'Engineering Laptops',
  'Production Servers',
  'Build Runners',
  'Finance Laptops',
  'Kiosks',
  'Loaners',
  'Lab Devices',
  'Bastion Hosts',
  'Design Workstations',
  'Conference Rooms',
  'Équipe Paris — postes',
  '東京オフィス端末',
  'Support Desktops',
  'Retired (do not use)',
  'VPN Gateways',
  'Contractor Devices',
];

const FLEET_WORDS = ['Aurora', 'Basalt', 'Cedar', 'Dune', 'Fjord', 'Harbor'];

/** User groups with at most this many members are the ones bound to device groups (keeps the traversal modest). */
const SMALL_GROUP = 12;
/** Dynamic groups hold a whole OS family: only tiny user groups are bound to them. */
const TINY_GROUP = 5;

export interface SystemGroupGenerationContext {
  seed: number;
  count: number;
  nowMs: number;
  orgCreatedMs: number;
  orgId: string;
  /** Ids of their own, so that no other record's id moves. */
  ids: ObjectIdFactory;
  systems: readonly JcSystem[];
  users: readonly SystemUser[];
  deletedUserIds: readonly string[];
  groups: readonly UserGroup[];
  groupMembers: ReadonlyMap<string, readonly GraphConnection[]>;
  deletedGroupIds: readonly string[];
  /** The systems' user group binding rows; the attributes of some are redrawn. */
  systemGroupBindings: Map<string, GraphConnection[]>;
}

export interface GeneratedSystemGroups {
  systemGroups: SystemGroup[];
  systemGroupMembers: Map<string, GraphConnection[]>;
  systemGroupAssociations: Map<string, GraphConnection[]>;
  deletedSystemIds: string[];
  deletedSystemGroupIds: string[];
  staleUserGroupAssociations: Map<string, GraphConnection[]>;
}

/** The default number of device groups: about one per ten devices, at least two from two devices on. */
export function defaultSystemGroupCount(systems: number): number {
  if (systems === 0) return 0;
  if (systems === 1) return 1;
  return Math.max(2, Math.round(systems / 10));
}

export function generateSystemGroups(
  ctx: SystemGroupGenerationContext,
): GeneratedSystemGroups {
  const rng = streamFor(ctx.seed, 'system groups');
  const g = new SystemGroupBuilder(rng, ctx);
  const created = sortedTimes(
    rng,
    ctx.count,
    ctx.orgCreatedMs + DAY_MS,
    ctx.nowMs - DAY_MS,
  );
  const dynamicCount =
    ctx.count >= 2 ? Math.min(3, Math.max(1, Math.round(ctx.count / 10))) : 0;
  const families = rng.shuffle<Family>(['darwin', 'windows', 'linux']);
  const dynamicSlots = rng.distinct(dynamicCount, 0, ctx.count - 1);
  const familyOf = new Map(dynamicSlots.map((slot, k) => [slot, families[k]]));
  const staticSlots = Array.from({ length: ctx.count }, (_, i) => i).filter(
    (i) => !familyOf.has(i),
  );
  const forcedEmpty =
    staticSlots.length >= 3 ? rng.pick(staticSlots.slice(1)) : -1;

  const deletedSystemIds =
    ctx.systems.length === 0
      ? []
      : Array.from(
          { length: Math.max(2, Math.round(ctx.systems.length * 0.005)) },
          () => ctx.ids.next(ctx.nowMs - rng.int(5, 200) * DAY_MS),
        );
  const deletedSystemGroupIds = [
    ctx.ids.next(ctx.nowMs - rng.int(30, 90) * DAY_MS),
    ctx.ids.next(ctx.nowMs - rng.int(2, 29) * DAY_MS),
  ];

  const systemGroups: SystemGroup[] = [];
  const systemGroupMembers = new Map<string, GraphConnection[]>();
  const systemGroupAssociations = new Map<string, GraphConnection[]>();
  const names = new Set<string>();
  let staticIndex = 0;
  for (let i = 0; i < ctx.count; i++) {
    const id = ctx.ids.next(created[i]);
    const family = familyOf.get(i);
    const name = uniqueName(
      names,
      family
        ? DYNAMIC_NAMES[family]
        : staticIndex < STATIC_NAMES.length
        ? STATIC_NAMES[staticIndex++]
        : `${rng.pick(['Fleet', 'Site', 'Rack'])} ${rng.pick(
            FLEET_WORDS,
          )}-${i}`,
    );
    systemGroups.push(g.group(id, name, family));
    systemGroupMembers.set(
      id,
      family
        ? g.familyMembers(family)
        : i === forcedEmpty
        ? []
        : g.staticMembers(deletedSystemIds),
    );
    systemGroupAssociations.set(id, g.bindings(family !== undefined));
  }

  const staticIds = staticSlots.map((i) => systemGroups[i].id);
  g.ensureDeletedMember(systemGroupMembers, staticIds, deletedSystemIds);
  g.ensureVariants(systemGroupAssociations, staticIds);
  g.ensureDangling(systemGroupAssociations, staticIds);
  // A stream of its own: the same whatever the number of device groups.
  g.varyDeviceBindings(streamFor(ctx.seed, 'device binding attributes'));
  const staleUserGroupAssociations = g.staleRows(
    deletedSystemIds,
    deletedSystemGroupIds,
  );
  return {
    systemGroups,
    systemGroupMembers,
    systemGroupAssociations,
    deletedSystemIds,
    deletedSystemGroupIds,
    staleUserGroupAssociations,
  };
}

function uniqueName(names: Set<string>, base: string): string {
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base} ${n}`;
  names.add(name);
  return name;
}

class SystemGroupBuilder {
  private readonly liveUsers: readonly string[];
  private readonly groupIds: Set<string>;
  /** Existing user groups by how many existing users they list. */
  private readonly smallGroups: string[];
  private readonly tinyGroups: string[];

  constructor(
    private readonly rng: Random,
    private readonly ctx: SystemGroupGenerationContext,
  ) {
    const deleted = new Set(ctx.deletedUserIds);
    this.liveUsers = ctx.users.map((u) => u.id);
    this.groupIds = new Set(ctx.groups.map((gr) => gr.id));
    const sizes = ctx.groups.map((gr) => {
      const ids = new Set<string>();
      for (const row of ctx.groupMembers.get(gr.id) ?? [])
        if (row.to.type === 'user' && !deleted.has(row.to.id))
          ids.add(row.to.id);
      return { id: gr.id, size: ids.size };
    });
    this.smallGroups = sizes
      .filter((s) => s.size <= SMALL_GROUP)
      .map((s) => s.id);
    if (this.smallGroups.length === 0)
      this.smallGroups = ctx.groups.map((gr) => gr.id);
    this.tinyGroups = sizes
      .filter((s) => s.size <= TINY_GROUP)
      .map((s) => s.id);
  }

  group(id: string, name: string, family?: Family): SystemGroup {
    const rng = this.rng;
    const a = rng.next();
    const attributes =
      a < 0.8 ? null : a < 0.9 ? SUDO_ON : a < 0.95 ? SUDO_NOPASSWD : SUDO_OFF;
    const group: SystemGroup = {
      attributes,
      id,
      name,
      type: 'system_group',
      description: rng.chance(0.6)
        ? family
          ? `Every ${DYNAMIC_NAMES[family]
              .replace(/^All /, '')
              .replace(/ Devices$/, '')} device, kept up to date by JumpCloud`
          : `${name}, managed by IT`
        : '',
      membershipMethod: family
        ? 'DYNAMIC_AUTOMATED'
        : rng.chance(0.95)
        ? 'STATIC'
        : 'NOTSET',
      organizationObjectId: this.ctx.orgId,
    };
    if (rng.chance(0.3)) group.email = '';
    if (family) {
      group.memberQuery = {
        queryType: 'FilterQuery',
        filters: [{ field: 'osFamily', operator: 'eq', value: family }],
      };
    }
    return group;
  }

  /** A dynamic group: every device of the family, in id order. */
  familyMembers(family: Family): GraphConnection[] {
    return this.ctx.systems
      .filter((s) => s.osFamily === family)
      .map((s) => memberRow(s.id, 'system'));
  }

  /** A static group: a few devices (exponential sizes), now and then one that was deleted. */
  staticMembers(deletedSystemIds: readonly string[]): GraphConnection[] {
    const rng = this.rng;
    const systems = this.ctx.systems;
    if (systems.length === 0) return [];
    const mean = Math.min(
      25,
      Math.max(2, systems.length / Math.max(1, this.ctx.count)),
    );
    const size = Math.min(
      systems.length,
      Math.round(-mean * Math.log(1 - rng.next())),
    );
    const rows = rng
      .distinct(size, 0, systems.length - 1)
      .sort((a, b) => a - b)
      .map((i) => memberRow(systems[i].id, 'system'));
    if (rows.length > 0 && rng.chance(0.03)) {
      rows.splice(
        rng.int(0, rows.length),
        0,
        memberRow(rng.pick(deletedSystemIds), 'system'),
      );
    }
    return rows;
  }

  /** Direct bindings of one device group: users, then user groups. */
  bindings(dynamic: boolean): GraphConnection[] {
    const rng = this.rng;
    const rows: GraphConnection[] = [];
    const userCount = dynamic ? rng.int(1, 2) : rng.weighted([0.5, 0.35, 0.15]);
    const groupPool = dynamic ? this.tinyGroups : this.smallGroups;
    const groupCount = dynamic
      ? rng.chance(0.5)
        ? 1
        : 0
      : rng.weighted([0.35, 0.45, 0.2]);
    for (const u of rng.distinct(
      Math.min(userCount, this.liveUsers.length),
      0,
      this.liveUsers.length - 1,
    )) {
      rows.push(this.row(this.liveUsers[u], 'user'));
    }
    for (const k of rng.distinct(
      Math.min(groupCount, groupPool.length),
      0,
      groupPool.length - 1,
    )) {
      rows.push(this.row(groupPool[k], 'user_group'));
    }
    if (rng.chance(0.02) && this.ctx.deletedUserIds.length > 0)
      rows.push(this.row(rng.pick(this.ctx.deletedUserIds), 'user'));
    if (rng.chance(0.02) && this.ctx.deletedGroupIds.length > 0)
      rows.push(this.row(rng.pick(this.ctx.deletedGroupIds), 'user_group'));
    return rows;
  }

  private row(
    id: string,
    type: string,
    attributes = BINDING_VARIANTS[this.rng.weighted(VARIANT_WEIGHTS)],
  ): GraphConnection {
    const row = memberRow(id, type);
    row.attributes = attributes;
    return row;
  }

  /** At least one member row of a deleted device, in a static group with members. */
  ensureDeletedMember(
    members: Map<string, GraphConnection[]>,
    staticIds: readonly string[],
    deletedSystemIds: readonly string[],
  ) {
    if (deletedSystemIds.length === 0) return;
    const deleted = new Set(deletedSystemIds);
    const all = [...members.values()].flat();
    if (all.some((r) => deleted.has(r.to.id))) return;
    const holders = staticIds.filter((id) => members.get(id)!.length > 0);
    if (holders.length === 0) return;
    const rows = members.get(this.rng.pick(holders))!;
    rows.splice(
      this.rng.int(0, rows.length),
      0,
      memberRow(deletedSystemIds[0], 'system'),
    );
  }

  /**
   * Each kind of binding (user, user group) to an existing object with each
   * of the four attribute variants, whatever the seed.
   */
  ensureVariants(
    associations: Map<string, GraphConnection[]>,
    staticIds: readonly string[],
  ) {
    // Static groups first (from a random one on): a dynamic one holds a whole OS family.
    const others = [...associations.keys()].filter(
      (id) => !staticIds.includes(id),
    );
    const holders = [...this.rotated(staticIds), ...this.rotated(others)];
    if (holders.length === 0) return;
    const kinds: [string, readonly string[], (id: string) => boolean][] = [
      ['user', this.liveUsers, () => true],
      ['user_group', this.smallGroups, (id) => this.groupIds.has(id)],
    ];
    for (const [type, pool, exists] of kinds) {
      if (pool.length === 0) continue;
      const present = new Set<Variant>();
      for (const rows of associations.values())
        for (const row of rows)
          if (row.to.type === type && exists(row.to.id))
            present.add(sudoVariant(row.attributes));
      for (const attributes of BINDING_VARIANTS) {
        if (present.has(sudoVariant(attributes))) continue;
        // A device group, and an object it is not bound to yet.
        const start = this.rng.int(0, pool.length - 1);
        search: for (const holder of holders) {
          const rows = associations.get(holder)!;
          const bound = new Set(rows.map((r) => r.to.id));
          for (let k = 0; k < pool.length; k++) {
            const id = pool[(start + k) % pool.length];
            if (bound.has(id)) continue;
            rows.push(this.row(id, type, attributes));
            present.add(sudoVariant(attributes));
            break search;
          }
        }
      }
    }
  }

  /** The ids from a random one on, wrapping around. */
  private rotated(ids: readonly string[]): string[] {
    if (ids.length === 0) return [];
    const first = this.rng.int(0, ids.length - 1);
    return [...ids.slice(first), ...ids.slice(0, first)];
  }

  /** At least one binding to a deleted user and one to a deleted user group. */
  ensureDangling(
    associations: Map<string, GraphConnection[]>,
    staticIds: readonly string[],
  ) {
    const holders = staticIds.length > 0 ? staticIds : [...associations.keys()];
    if (holders.length === 0) return;
    const all = [...associations.values()].flat();
    const cases: [string, readonly string[]][] = [
      ['user', this.ctx.deletedUserIds],
      ['user_group', this.ctx.deletedGroupIds],
    ];
    for (const [type, deletedIds] of cases) {
      if (deletedIds.length === 0) continue;
      const deleted = new Set(deletedIds);
      if (all.some((r) => r.to.type === type && deleted.has(r.to.id))) continue;
      associations
        .get(this.rng.pick(holders))!
        .push(this.row(deletedIds[0], type));
    }
  }

  /**
   * The user group→device bindings the systems already have carry sudo or
   * not (never "none" and never "without a password"): some get no
   * attributes, some sudo without a password, and every variant is there
   * at least once, adding a binding or two to a tiny tenant.
   */
  varyDeviceBindings(rng: Random) {
    const { systems, systemGroupBindings } = this.ctx;
    const live: GraphConnection[] = [];
    for (const system of systems) {
      for (const row of systemGroupBindings.get(system.id) ?? []) {
        if (row.to.type !== 'user_group' || !this.groupIds.has(row.to.id))
          continue;
        live.push(row);
        const r = rng.next();
        if (r < 0.15) row.attributes = null;
        else if (r < 0.25) row.attributes = SUDO_NOPASSWD;
      }
    }
    if (systems.length === 0 || this.smallGroups.length === 0) return;
    const counts = new Map<Variant, number>();
    for (const row of live) {
      const v = sudoVariant(row.attributes);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const attributes of BINDING_VARIANTS) {
      const wanted = sudoVariant(attributes);
      if (counts.get(wanted)) continue;
      const spare = live.find(
        (row) => (counts.get(sudoVariant(row.attributes)) ?? 0) >= 2,
      );
      if (spare) {
        const v = sudoVariant(spare.attributes);
        counts.set(v, counts.get(v)! - 1);
        spare.attributes = attributes;
        counts.set(wanted, 1);
        continue;
      }
      // Too few bindings: bind a small group to a device without one.
      const start = rng.int(0, systems.length - 1);
      for (let k = 0; k < systems.length; k++) {
        const system = systems[(start + k) % systems.length];
        if ((systemGroupBindings.get(system.id) ?? []).length > 0) continue;
        const row = this.row(
          rng.pick(this.smallGroups),
          'user_group',
          attributes,
        );
        systemGroupBindings.set(system.id, [row]);
        live.push(row);
        counts.set(wanted, 1);
        break;
      }
    }
  }

  /**
   * Rows only a user group's own associations list: bindings to a device
   * and to a device group that were deleted since.
   */
  staleRows(
    deletedSystemIds: readonly string[],
    deletedSystemGroupIds: readonly string[],
  ): Map<string, GraphConnection[]> {
    const stale = new Map<string, GraphConnection[]>();
    const groups = this.ctx.groups;
    if (groups.length === 0) return stale;
    const add = (id: string, type: string) => {
      const groupId = groups[this.rng.int(0, groups.length - 1)].id;
      const rows = stale.get(groupId) ?? [];
      if (rows.some((r) => r.to.id === id)) return;
      rows.push(this.row(id, type));
      stale.set(groupId, rows);
    };
    if (deletedSystemIds.length > 0) add(deletedSystemIds[0], 'system');
    add(deletedSystemGroupIds[0], 'system_group');
    if (groups.length >= 10) add(deletedSystemGroupIds[1], 'system_group');
    return stale;
  }
}
