import { memberRow } from './groups';
import { ObjectIdFactory, Random, sortedTimes, streamFor } from './random';
import {
  GraphConnection,
  JcSystem,
  OsVersionDetail,
  SystemUser,
} from './types';

/**
 * Devices (`GET /api/systems`) and their direct bindings to users and user
 * groups. Nested objects that many records share are built once and frozen:
 * 50,000 systems each holding their own copies would add up.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface SystemGenerationContext {
  seed: number;
  count: number;
  nowMs: number;
  orgCreatedMs: number;
  orgId: string;
  ids: ObjectIdFactory;
  users: readonly SystemUser[];
  deletedUserIds: readonly string[];
  groupIds: readonly string[];
  deletedGroupIds: readonly string[];
  groupMembers: ReadonlyMap<string, readonly GraphConnection[]>;
  /** Provisioner of systems an administrator enrolled. */
  adminId?: string;
}

export interface GeneratedSystems {
  systems: JcSystem[];
  /** Direct system→user binding rows per system id (every system has an entry). */
  systemUserBindings: Map<string, GraphConnection[]>;
  /** Direct system→user_group binding rows per system id (every system has an entry). */
  systemGroupBindings: Map<string, GraphConnection[]>;
}

type Family = 'darwin' | 'windows' | 'linux';

interface OsProfile {
  family: Family;
  os: string;
  version: string;
  detail: Readonly<OsVersionDetail>;
  server: boolean;
  ec2?: boolean;
}

function detail(
  osName: string,
  releaseName: string,
  version: string,
  distributionName = '',
  revision = '',
): Readonly<OsVersionDetail> {
  const [major = '0', minor = '0', patch = '0'] = version.split('.');
  return Object.freeze({
    osName,
    releaseName,
    major,
    minor,
    patch,
    majorNumber: Number(major),
    minorNumber: Number(minor),
    patchNumber: Number(patch),
    revision,
    distributionName,
    version: revision ? `${version}.${revision}` : version,
  });
}

const MAC: OsProfile[] = [
  ['14.6.1', 'Sonoma'],
  ['15.1', 'Sequoia'],
  ['13.6.9', 'Ventura'],
].map(([version, release]) => ({
  family: 'darwin',
  os: 'Mac OS X',
  version,
  detail: detail('macOS', release, version),
  server: false,
}));

const WINDOWS: OsProfile[] = [
  {
    family: 'windows',
    os: 'Windows 11 Pro',
    version: '10.0.22631',
    detail: detail('Windows 11 Pro', '23H2', '10.0.22631', '', '4169'),
    server: false,
  },
  {
    family: 'windows',
    os: 'Windows 10 Enterprise',
    version: '10.0.19045',
    detail: detail('Windows 10 Enterprise', '22H2', '10.0.19045', '', '5011'),
    server: false,
  },
  {
    family: 'windows',
    os: 'Windows Server 2022 Datacenter',
    version: '10.0.20348',
    detail: detail(
      'Windows Server 2022 Datacenter',
      '21H2',
      '10.0.20348',
      '',
      '2700',
    ),
    server: true,
  },
];

const LINUX: OsProfile[] = [
  {
    family: 'linux',
    os: 'Ubuntu',
    version: '22.04',
    detail: detail('Ubuntu', 'Jammy Jellyfish', '22.04.4', 'Ubuntu'),
    server: true,
  },
  {
    family: 'linux',
    os: 'Ubuntu',
    version: '24.04',
    detail: detail('Ubuntu', 'Noble Numbat', '24.04.1', 'Ubuntu'),
    server: false,
  },
  {
    family: 'linux',
    os: 'Amazon Linux',
    version: '2023',
    detail: detail('Amazon Linux', '', '2023.5.20240805', 'Amazon Linux'),
    server: true,
    ec2: true,
  },
  {
    family: 'linux',
    os: 'Rocky Linux',
    version: '9.4',
    detail: detail('Rocky Linux', 'Blue Onyx', '9.4', 'Rocky Linux'),
    server: true,
  },
];

const AGENT_VERSIONS = ['1.178.0', '1.176.2', '1.171.0', '1.163.1', '2.1.0'];
const WINDOWS_VENDORS = ['Dell Inc.', 'LENOVO', 'HP', 'Microsoft Corporation'];
const LINUX_VENDORS = ['Dell Inc.', 'QEMU', 'Supermicro'];
const TIMEZONES = [-480, -420, -300, -240, 0, 60, 120, 330, 540];
const SERVER_ROLES = ['build-runner', 'db', 'bastion', 'web', 'ci', 'vpn'];
const NON_ASCII_HOSTNAMES = [
  'Zoës-MacBook-Air.local',
  'bureau-réception-01',
  'Müller-PC',
  '東京-会議室-01',
];

const NONE: readonly never[] = Object.freeze([]);
const SUDO_OFF = Object.freeze({
  sudo: Object.freeze({ enabled: false, withoutPassword: false }),
});
const SUDO_ON = Object.freeze({
  sudo: Object.freeze({ enabled: true, withoutPassword: false }),
});
const SUDO_NOPASSWD = Object.freeze({
  sudo: Object.freeze({ enabled: true, withoutPassword: true }),
});
const FDE_OFF = Object.freeze({ active: false, keyPresent: false });
const FDE_ON = Object.freeze({ active: true, keyPresent: true });
const FDE_NO_KEY = Object.freeze({ active: true, keyPresent: false });
const NO_DOMAIN = Object.freeze({ partOfDomain: false, domainName: '' });
const CORP_DOMAIN = Object.freeze({
  partOfDomain: true,
  domainName: 'CORP',
});
const LOOPBACK = Object.freeze({
  address: '127.0.0.1',
  family: 'IPv4' as const,
  internal: true,
  name: 'lo',
});
const NO_PRIMARY = Object.freeze({ id: null });
const INSIGHTS = {
  enabled: Object.freeze({ state: 'enabled' as const }),
  deferred: Object.freeze({ state: 'deferred' as const }),
  disabled: Object.freeze({ state: 'disabled' as const }),
};
const SECURITY_COMMANDS = Object.freeze(
  (['erase', 'lock', 'restart', 'shutdown'] as const).map((name) =>
    Object.freeze({ type: 'security' as const, name }),
  ),
);
const LINUX_COMMANDS = Object.freeze(
  (['restart', 'shutdown'] as const).map((name) =>
    Object.freeze({ type: 'security' as const, name }),
  ),
);
const MDM: Record<string, Readonly<JcSystem['mdm']>> = {
  none: Object.freeze({ vendor: 'none' }),
  macDep: Object.freeze({
    vendor: 'internal',
    dep: true,
    userApproved: true,
    enrollmentType: 'automated device',
  }),
  macUser: Object.freeze({
    vendor: 'internal',
    dep: false,
    userApproved: false,
    enrollmentType: 'user',
  }),
  windows: Object.freeze({ vendor: 'internal', enrollmentType: 'device' }),
  external: Object.freeze({ vendor: 'external', dep: false }),
};
const POLICY_STATS = Object.freeze(
  [0, 1, 3, 5, 8].map((total) =>
    Object.freeze({
      duplicate: 0,
      failed: total > 4 ? 1 : 0,
      pending: total > 2 ? 1 : 0,
      success: total - (total > 4 ? 1 : 0) - (total > 2 ? 1 : 0),
      total,
      unsupportedOs: 0,
    }),
  ),
);
const SSHD_LINUX = Object.freeze([
  Object.freeze({ name: 'PermitRootLogin', value: 'no' }),
  Object.freeze({ name: 'PasswordAuthentication', value: 'no' }),
]);

/**
 * Traits forced onto a few systems so every tenant of modest size shows each
 * oddity, whatever the seed. Most important first.
 */
const FORCED_TRAITS = [
  'unbound',
  'groupBound',
  'groupAndDirect',
  'fdeOff',
  'inactiveOld',
  'neverContacted',
  'noSerial',
  'noVendor',
  'nonAsciiHostname',
  'danglingUser',
  'ec2',
] as const;
type ForcedTrait = (typeof FORCED_TRAITS)[number];

export function generateSystems(
  ctx: SystemGenerationContext,
): GeneratedSystems {
  const rng = streamFor(ctx.seed, 'systems');
  const created = sortedTimes(
    rng,
    ctx.count,
    ctx.orgCreatedMs + DAY_MS,
    ctx.nowMs - DAY_MS,
  );
  const traits: (ForcedTrait | undefined)[] = new Array(ctx.count);
  // Slot 0 stays ordinary; the first three cover each OS family.
  if (ctx.count >= 4) {
    rng
      .distinct(FORCED_TRAITS.length, 3, ctx.count - 1)
      .forEach((slot, k) => (traits[slot] = FORCED_TRAITS[k]));
  }
  const builder = new SystemBuilder(rng, ctx);
  const systems: JcSystem[] = [];
  const systemUserBindings = new Map<string, GraphConnection[]>();
  const systemGroupBindings = new Map<string, GraphConnection[]>();
  for (let i = 0; i < ctx.count; i++) {
    const profile = i < 3 ? builder.familyProfile(i) : builder.randomProfile();
    const trait = traits[i];
    const id = ctx.ids.next(created[i]);
    const { users, groups } = builder.bindings(profile, trait);
    systems.push(builder.build(id, created[i], profile, users, trait));
    systemUserBindings.set(id, users);
    systemGroupBindings.set(id, groups);
  }
  return { systems, systemUserBindings, systemGroupBindings };
}

const templateNames = new Map<string, string>();

/** One string per family and arch, not one per system. */
function templateName(family: Family, arch: string): string {
  const key = `${family}-${arch}`;
  let name = templateNames.get(key);
  if (name === undefined) {
    name = key;
    templateNames.set(key, name);
  }
  return name;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

class SystemBuilder {
  private readonly deletedUsers: Set<string>;
  private readonly userIndex = new Map<string, number>();
  private readonly provisioners: JcSystem['provisionMetadata'][];

  constructor(
    private readonly rng: Random,
    private readonly ctx: SystemGenerationContext,
  ) {
    this.deletedUsers = new Set(ctx.deletedUserIds);
    const admin = ctx.adminId;
    this.provisioners = [
      Object.freeze({
        provisioner: Object.freeze(
          admin === undefined
            ? { type: 'administrator' as const }
            : { type: 'administrator' as const, provisionerId: admin },
        ),
      }),
      Object.freeze({ provisioner: Object.freeze({ type: 'mdm' as const }) }),
    ];
  }

  familyProfile(i: number): OsProfile {
    return [MAC, WINDOWS, LINUX][i % 3][0];
  }

  randomProfile(): OsProfile {
    const r = this.rng.next();
    const pool = r < 0.45 ? MAC : r < 0.8 ? WINDOWS : LINUX;
    return this.rng.pick(pool);
  }

  /** Direct user rows and group rows of one system. */
  bindings(
    profile: OsProfile,
    trait?: ForcedTrait,
  ): { users: GraphConnection[]; groups: GraphConnection[] } {
    const rng = this.rng;
    const ctx = this.ctx;
    const users: GraphConnection[] = [];
    const groups: GraphConnection[] = [];
    if (trait === 'unbound') return { users, groups };

    let userCount: number;
    const r = rng.next();
    if (trait === 'groupBound') userCount = 0;
    else if (profile.server) userCount = r < 0.3 ? 0 : rng.int(1, 4);
    else userCount = r < 0.1 ? 0 : r < 0.8 ? 1 : 2;
    userCount = Math.min(userCount, ctx.users.length);
    for (const u of rng.distinct(userCount, 0, ctx.users.length - 1)) {
      users.push(this.userRow(ctx.users[u].id, profile));
    }

    const groupChance = profile.server ? 0.1 : 0.01;
    if (
      ctx.groupIds.length > 0 &&
      (trait === 'groupBound' ||
        trait === 'groupAndDirect' ||
        rng.chance(groupChance))
    ) {
      const forced = trait === 'groupBound' || trait === 'groupAndDirect';
      const groupId = forced
        ? this.nonEmptyGroup()
        : ctx.groupIds[rng.int(0, ctx.groupIds.length - 1)];
      if (groupId !== undefined) {
        groups.push(this.groupRow(groupId));
        if (trait === 'groupAndDirect') {
          // The same user also bound directly: one row, two paths.
          const member = this.liveMembers(groupId)[0];
          if (!users.some((row) => row.to.id === member))
            users.push(this.userRow(member, profile));
        }
      }
    }
    if (trait === 'danglingUser' && ctx.deletedUserIds.length > 0) {
      users.push(this.userRow(rng.pick(ctx.deletedUserIds), profile));
    }
    if (
      trait === 'groupBound' &&
      ctx.deletedGroupIds.length > 0 &&
      groups.length > 0
    ) {
      // Bindings outlive deleted groups too.
      groups.push(this.groupRow(ctx.deletedGroupIds[0]));
    }
    return { users, groups };
  }

  private userRow(userId: string, profile: OsProfile): GraphConnection {
    const row = memberRow(userId, 'user');
    const r = this.rng.next();
    row.attributes =
      profile.server && r < 0.3
        ? SUDO_NOPASSWD
        : r < (profile.server ? 0.5 : 0.15)
        ? SUDO_ON
        : SUDO_OFF;
    return row;
  }

  private groupRow(groupId: string): GraphConnection {
    const row = memberRow(groupId, 'user_group');
    row.attributes = this.rng.chance(0.2) ? SUDO_ON : SUDO_OFF;
    return row;
  }

  private liveMembers(groupId: string): string[] {
    return (this.ctx.groupMembers.get(groupId) ?? [])
      .filter((r) => r.to.type === 'user' && !this.deletedUsers.has(r.to.id))
      .map((r) => r.to.id);
  }

  private nonEmptyGroup(): string | undefined {
    const ids = this.ctx.groupIds;
    const start = this.rng.int(0, ids.length - 1);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[(start + k) % ids.length];
      if (this.liveMembers(id).length > 0) return id;
    }
    return undefined;
  }

  private user(id: string): SystemUser | undefined {
    if (this.userIndex.size === 0) {
      this.ctx.users.forEach((u, i) => this.userIndex.set(u.id, i));
    }
    const i = this.userIndex.get(id);
    return i === undefined ? undefined : this.ctx.users[i];
  }

  build(
    id: string,
    createdMs: number,
    profile: OsProfile,
    bound: GraphConnection[],
    trait?: ForcedTrait,
  ): JcSystem {
    const rng = this.rng;
    const ctx = this.ctx;
    const family = profile.family;
    const ec2 = profile.ec2 === true || trait === 'ec2';
    const boundUsers = bound
      .map((row) => this.user(row.to.id))
      .filter((u): u is SystemUser => u !== undefined);
    const primary = boundUsers[0];
    const arm =
      family === 'darwin'
        ? rng.chance(0.75)
        : family === 'linux' && rng.chance(0.2);
    const arch =
      family === 'windows'
        ? 'x64'
        : arm
        ? family === 'linux'
          ? 'aarch64'
          : 'arm64'
        : 'x86_64';

    const contact = this.contact(createdMs, trait);
    const { hostname, displayName } = this.names(profile, ec2, primary, trait);
    const fde =
      trait === 'fdeOff'
        ? FDE_OFF
        : rng.chance(
            family === 'linux' ? 0.3 : family === 'darwin' ? 0.85 : 0.75,
          )
        ? rng.chance(0.9)
          ? FDE_ON
          : FDE_NO_KEY
        : FDE_OFF;
    const vendor =
      trait === 'noVendor' || rng.chance(0.02)
        ? null
        : family === 'darwin'
        ? 'Apple Inc.'
        : family === 'windows'
        ? rng.pick(WINDOWS_VENDORS)
        : ec2
        ? 'Amazon EC2'
        : rng.pick(LINUX_VENDORS);
    const serial =
      trait === 'noSerial' || rng.chance(0.03)
        ? null
        : family === 'darwin'
        ? `C02${rng.hex(9).toUpperCase()}`
        : family === 'windows'
        ? rng.hex(7).toUpperCase()
        : ec2
        ? `ec2${rng.hex(13)}`
        : rng.hex(10).toUpperCase();
    const policyBound = rng.chance(family === 'linux' ? 0.3 : 0.7);
    const system: JcSystem = {
      _id: id,
      id,
      active: contact.active,
      agentHasFullDiskAccess: family === 'darwin' && rng.chance(0.8),
      agentVersion: rng.pick(AGENT_VERSIONS),
      allowMultiFactorAuthentication: rng.chance(0.2),
      allowPublicKeyAuthentication: family === 'linux',
      allowSshPasswordAuthentication: family === 'linux' && rng.chance(0.3),
      allowSshRootLogin: family === 'linux' && rng.chance(0.1),
      arch,
      archFamily: arm ? 'arm' : 'x86',
      attributes: NONE,
      azureAdJoined: family === 'windows' && rng.chance(0.2),
      builtInCommands: family === 'linux' ? LINUX_COMMANDS : SECURITY_COMMANDS,
      created: iso(createdMs),
      description: rng.chance(0.1)
        ? `${profile.os} (${rng.pick(['loaner', 'lab', 'kiosk'])})`
        : '',
      desktopCapable: !profile.server,
      displayName,
      domainInfo:
        family === 'windows' && rng.chance(0.3) ? CORP_DOMAIN : NO_DOMAIN,
      fde,
      fileSystem:
        family === 'darwin'
          ? 'apfs'
          : family === 'windows'
          ? 'NTFS'
          : rng.chance(0.8)
          ? rng.pick(['ext4', 'xfs'])
          : null,
      hasServiceAccount: family === 'darwin' && rng.chance(0.9),
      hostname,
      hwVendor: vendor,
      isPolicyBound: policyBound,
      lastContact: contact.lastContact,
      mdm: this.mdm(family),
      modifySSHDConfig: family === 'linux' && rng.chance(0.5),
      networkInterfaces: [
        LOOPBACK,
        {
          address: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(
            1,
            254,
          )}`,
          family: 'IPv4',
          internal: false,
          name:
            family === 'darwin'
              ? 'en0'
              : family === 'windows'
              ? 'Ethernet'
              : 'eth0',
        },
      ],
      organization: ctx.orgId,
      os: profile.os,
      osFamily: family,
      osVersionDetail: profile.detail,
      policyStats: policyBound
        ? rng.pick(POLICY_STATS.slice(1))
        : POLICY_STATS[0],
      primarySystemUser: primary ? { id: primary.id } : NO_PRIMARY,
      provisionMetadata:
        primary && rng.chance(0.3)
          ? { provisioner: { type: 'user', provisionerId: primary.id } }
          : this.provisioners[family === 'darwin' && rng.chance(0.5) ? 1 : 0],
      remoteIP: `${rng.pick(['203.0.113', '198.51.100', '192.0.2'])}.${rng.int(
        1,
        254,
      )}`,
      serialNumber: serial,
      sshRootEnabled: family === 'linux' && rng.chance(0.1),
      sshdParams: family === 'linux' ? SSHD_LINUX : NONE,
      systemInsights:
        family === 'linux' && rng.chance(0.3)
          ? INSIGHTS.disabled
          : rng.chance(0.05)
          ? INSIGHTS.deferred
          : INSIGHTS.enabled,
      systemTimezone: rng.pick(TIMEZONES),
      tags: NONE,
      templateName: templateName(family, arch),
      userMetrics: boundUsers.map((u) => ({
        userName: u.username,
        admin: bound.find((row) => row.to.id === u.id)!.attributes !== SUDO_OFF,
        managed: true,
        suspended: u.suspended,
        secureTokenEnabled: family === 'darwin',
      })),
      version: profile.version,
    };
    if (ec2) system.amazonInstanceID = `i-0${rng.hex(16)}`;
    return system;
  }

  private contact(
    createdMs: number,
    trait?: ForcedTrait,
  ): { active: boolean; lastContact: string | null } {
    const rng = this.rng;
    const nowMs = this.ctx.nowMs;
    const r = rng.next();
    if (trait === 'neverContacted' || (trait === undefined && r < 0.03))
      return { active: false, lastContact: null };
    if (trait !== 'inactiveOld' && r < 0.7) {
      return {
        active: true,
        lastContact: iso(
          Math.max(createdMs, nowMs - rng.int(0, 10 * MINUTE_MS)),
        ),
      };
    }
    const daysAgo =
      trait === 'inactiveOld' || r > 0.9 ? rng.int(120, 500) : rng.int(1, 60);
    return {
      active: false,
      lastContact: iso(
        Math.max(
          createdMs + MINUTE_MS,
          nowMs - daysAgo * DAY_MS - rng.int(0, DAY_MS),
        ),
      ),
    };
  }

  private names(
    profile: OsProfile,
    ec2: boolean,
    primary: SystemUser | undefined,
    trait?: ForcedTrait,
  ): { hostname: string; displayName: string } {
    const rng = this.rng;
    if (trait === 'nonAsciiHostname') {
      const hostname = rng.pick(NON_ASCII_HOSTNAMES);
      return { hostname, displayName: hostname.replace(/\.local$/, '') };
    }
    if (ec2) {
      const ip = `ip-10-${rng.int(0, 255)}-${rng.int(0, 255)}-${rng.int(
        1,
        254,
      )}`;
      return { hostname: `${ip}.ec2.internal`, displayName: ip };
    }
    if (profile.server) {
      const name = `${rng.pick(SERVER_ROLES)}-${String(rng.int(1, 40)).padStart(
        2,
        '0',
      )}`;
      return {
        hostname: name,
        displayName: rng.chance(0.5) ? name : `${name}.prod`,
      };
    }
    const handle = primary
      ? primary.username.split('.')[0].replace(/[^a-z0-9]/g, '') || 'user'
      : 'shared';
    const cap = handle.charAt(0).toUpperCase() + handle.slice(1);
    switch (profile.family) {
      case 'darwin': {
        const model = rng.pick(['Pro', 'Air']);
        const hostname = `${cap}s-MacBook-${model}.local`;
        // The computer name keeps the user's own spelling (Søren's MacBook Pro).
        return {
          hostname,
          displayName: primary
            ? `${primary.firstname}'s MacBook ${model}`
            : hostname.replace(/\.local$/, ''),
        };
      }
      case 'windows': {
        const hostname = rng.chance(0.5)
          ? `${rng.pick(['DESKTOP', 'LAPTOP'])}-${rng.hex(7).toUpperCase()}`
          : `${handle.toUpperCase().slice(0, 10)}-${rng.pick([
              'THINKPAD',
              'XPS',
              'SURFACE',
            ])}`;
        return { hostname, displayName: hostname };
      }
      default: {
        const hostname = `${handle}-workstation`;
        return { hostname, displayName: hostname };
      }
    }
  }

  private mdm(family: Family): Readonly<JcSystem['mdm']> {
    const r = this.rng.next();
    if (family === 'darwin')
      return r < 0.6
        ? MDM.macDep
        : r < 0.85
        ? MDM.macUser
        : r < 0.95
        ? MDM.external
        : MDM.none;
    if (family === 'windows') return r < 0.6 ? MDM.windows : MDM.none;
    return MDM.none;
  }
}
