import { ObjectIdFactory, Random, sortedTimes, streamFor } from './random';
import {
  Application,
  AuthnCondition,
  AuthnPolicy,
  AuthnPolicyResource,
  AuthnPolicyType,
  RemovedApplication,
  UserGroup,
} from './types';

/**
 * Authentication (conditional access) policies, `GET /api/v2/authn/policies`.
 * The first eight follow a plan that covers every kind a client must read
 * (each type; allow with MFA, allow without, deny; disabled; monitor-only;
 * all applications with exclusions; applications by id, removed ones too;
 * included and excluded user groups, deleted ones too; each part of the
 * conditions language, and no conditions); the rest are drawn at random.
 * Their own random stream and ids: nothing else in the tenant moves.
 */

const DAY_MS = 86_400_000;

export const DEFAULT_AUTHN_POLICIES = 8;

const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'JP', 'IN', 'BR'];

/** The planned policies, most important first (a tenant with fewer gets the head). */
const PLAN = [
  'mfaForAllApplications',
  'denyRisky',
  'monitorOnly',
  'disabled',
  'ldap',
  'userPortal',
  'adminPortal',
  'allowWithoutMfa',
] as const;
type Planned = (typeof PLAN)[number];

export interface AuthnPolicyGenerationContext {
  seed: number;
  count: number;
  nowMs: number;
  orgCreatedMs: number;
  /** Ids of their own, so that no other record's id moves. */
  ids: ObjectIdFactory;
  groups: readonly UserGroup[];
  deletedGroupIds: readonly string[];
  applications: readonly Application[];
  removedApplications: readonly RemovedApplication[];
}

export function generateAuthnPolicies(
  ctx: AuthnPolicyGenerationContext,
): AuthnPolicy[] {
  const rng = streamFor(ctx.seed, 'authn policies');
  const created = sortedTimes(
    rng,
    ctx.count,
    ctx.orgCreatedMs + DAY_MS,
    ctx.nowMs - DAY_MS,
  );
  const b = new PolicyBuilder(rng, ctx);
  const kinds: (Planned | undefined)[] = rng.shuffle(
    Array.from({ length: ctx.count }, (_, i) => PLAN[i]),
  );
  return kinds.map((kind, i) => {
    const id = ctx.ids.next(created[i]);
    return kind ? b.planned(id, kind, created[i]) : b.random(id, created[i]);
  });
}

class PolicyBuilder {
  /** Configured applications picked for the plan: X (excluded), A, B, Y. */
  private readonly picks: string[];

  constructor(
    private readonly rng: Random,
    private readonly ctx: AuthnPolicyGenerationContext,
  ) {
    const apps = ctx.applications;
    this.picks = rng
      .distinct(Math.min(4, apps.length), 0, apps.length - 1)
      .map((i) => apps[i].id);
  }

  private app(k: number): string | undefined {
    return this.picks.length === 0
      ? undefined
      : this.picks[Math.min(k, this.picks.length - 1)];
  }

  private removedApp(): string | undefined {
    const removed = this.ctx.removedApplications;
    return removed.length > 0 ? this.rng.pick(removed).id : undefined;
  }

  private groupIds(count: number): string[] {
    const groups = this.ctx.groups;
    return this.rng
      .distinct(Math.min(count, groups.length), 0, groups.length - 1)
      .map((i) => groups[i].id);
  }

  /** A deleted group's id, in a list (empty when there is none). */
  private deletedGroup(): string[] {
    const deleted = this.ctx.deletedGroupIds;
    return deleted.length > 0 ? [this.rng.pick(deleted)] : [];
  }

  private ipList(createdMs: number): string {
    return this.ctx.ids.next(createdMs);
  }

  private countries(): string[] {
    return this.rng
      .distinct(this.rng.int(1, 3), 0, COUNTRIES.length - 1)
      .map((i) => COUNTRIES[i]);
  }

  planned(id: string, kind: Planned, createdMs: number): AuthnPolicy {
    const rng = this.rng;
    const [x, a, bApp, y] = [0, 1, 2, 3].map((k) => this.app(k));
    const named = (...ids: (string | undefined)[]) =>
      resources(
        'application',
        ids.filter((v): v is string => v !== undefined),
      );
    switch (kind) {
      case 'mfaForAllApplications': {
        const [included, other, excluded] = this.groupIds(3);
        const excludedApplications = [x, this.removedApp()].filter(
          (v): v is string => v !== undefined,
        );
        return policy(id, {
          name: 'Require MFA for applications outside the office',
          description: 'Every application, unless on the office network',
          type: 'application',
          effect: mfa(),
          targets: {
            resources: [{ type: 'application' }],
            excludedApplications,
            userGroups: {
              inclusions: [included, other].filter(Boolean) as string[],
              exclusions: [
                ...(excluded ? [excluded] : []),
                ...this.deletedGroup(),
              ],
            },
          },
          conditions: { not: { ipAddressIn: [this.ipList(createdMs)] } },
          monitorOnly: false,
        });
      }
      case 'denyRisky':
        return policy(id, {
          name: 'Block unencrypted devices and sign-ins from abroad',
          type: 'application',
          effect: { action: 'deny' },
          targets: {
            resources: named(bApp, this.removedApp()),
            userGroups: {
              inclusions: [...this.groupIds(1), ...this.deletedGroup()],
            },
          },
          conditions: {
            any: [
              { deviceEncrypted: false },
              { not: { locationIn: { countries: this.countries() } } },
            ],
          },
          monitorOnly: rng.chance(0.5) ? false : undefined,
        });
      case 'monitorOnly':
        return policy(id, {
          name: 'MFA for finance applications (trial)',
          description: 'Watching what it would block before enforcing it',
          type: 'application',
          effect: mfa(),
          targets: {
            resources: named(x, a),
            userGroups: { inclusions: this.groupIds(2) },
          },
          conditions: { deviceManaged: false },
          monitorOnly: true,
        });
      case 'disabled':
        return policy(id, {
          name: 'Legacy MFA rule (switched off)',
          type: 'application',
          effect: mfa(),
          targets: {
            resources: named(x),
            userGroups: { inclusions: this.groupIds(1) },
          },
          disabled: true,
          monitorOnly: false,
        });
      case 'ldap':
        return policy(id, {
          name: 'LDAP binds from the data centre',
          type: 'ldap',
          effect: { action: 'allow' },
          targets: {
            resources: [{ type: 'ldap' }],
            userGroups: { inclusions: this.groupIds(1) },
          },
          conditions: {},
        });
      case 'userPortal':
        return policy(id, {
          name: 'User portal: MFA on managed devices in our countries',
          type: 'user_portal',
          effect: mfa(),
          targets: {
            resources: [{ type: 'user_portal' }],
            userGroups: {
              inclusions: this.groupIds(1),
              exclusions: this.groupIds(1),
            },
          },
          conditions: {
            all: [
              { deviceManaged: true },
              { locationIn: { countries: this.countries() } },
            ],
          },
          monitorOnly: false,
        });
      case 'adminPortal':
        return policy(id, {
          name: 'Admin portal always asks for MFA',
          description: 'Administrators of the console',
          type: 'admin_portal',
          effect: mfa(),
          targets: { resources: [{ type: 'admin_portal' }] },
          monitorOnly: false,
        });
      case 'allowWithoutMfa':
        return policy(id, {
          name: 'Trusted devices skip MFA',
          type: 'application',
          effect: {
            action: 'allow',
            obligations: { mfa: { required: false } },
          },
          targets: {
            resources: named(y),
            userGroups: {
              inclusions: this.groupIds(1),
              exclusions: this.deletedGroup(),
            },
          },
          conditions: {
            all: [{ deviceEncrypted: true }, { deviceManaged: true }],
          },
          monitorOnly: false,
        });
    }
  }

  random(id: string, createdMs: number): AuthnPolicy {
    const rng = this.rng;
    const type = rng.pick<AuthnPolicyType>([
      'application',
      'application',
      'application',
      'user_portal',
      'ldap',
      'admin_portal',
    ]);
    const deny = rng.chance(0.25);
    const effect: AuthnPolicy['effect'] = deny
      ? { action: 'deny' }
      : rng.chance(0.6)
      ? mfa()
      : rng.chance(0.5)
      ? { action: 'allow' }
      : { action: 'allow', obligations: { mfa: { required: false } } };
    let targets: AuthnPolicy['targets'];
    if (type === 'application') {
      const apps = this.ctx.applications;
      if (apps.length === 0 || rng.chance(0.3)) {
        targets = { resources: [{ type: 'application' }] };
        if (apps.length > 0 && rng.chance(0.5))
          targets.excludedApplications = [rng.pick(apps).id];
      } else {
        const ids = rng
          .distinct(Math.min(apps.length, rng.int(1, 3)), 0, apps.length - 1)
          .map((i) => apps[i].id);
        const removed = this.removedApp();
        if (removed && rng.chance(0.1)) ids.push(removed);
        targets = { resources: resources('application', ids) };
      }
    } else {
      targets = { resources: [{ type }] };
    }
    if (this.ctx.groups.length > 0 && type !== 'admin_portal') {
      const inclusions = this.groupIds(rng.int(1, 2));
      if (rng.chance(0.05)) inclusions.push(...this.deletedGroup());
      targets.userGroups = { inclusions };
      if (rng.chance(0.3)) targets.userGroups.exclusions = this.groupIds(1);
    }
    return policy(id, {
      name: `${
        deny ? 'Block' : effect.obligations?.mfa?.required ? 'MFA for' : 'Allow'
      } ${type.replace('_', ' ')} ${id.slice(-4)}`,
      type,
      effect,
      targets,
      conditions: rng.chance(0.3) ? undefined : this.condition(createdMs, 0),
      disabled: rng.chance(0.15),
      monitorOnly: rng.chance(0.8) ? rng.chance(0.15) : undefined,
    });
  }

  private condition(createdMs: number, depth: number): AuthnCondition {
    const rng = this.rng;
    const r = rng.next();
    if (depth < 2 && r < 0.25) {
      const items = Array.from({ length: rng.int(2, 3) }, () =>
        this.condition(createdMs, depth + 1),
      );
      return rng.chance(0.5) ? { all: items } : { any: items };
    }
    if (depth < 2 && r < 0.35)
      return { not: this.condition(createdMs, depth + 1) };
    switch (rng.int(0, 3)) {
      case 0:
        return { deviceEncrypted: rng.chance(0.7) };
      case 1:
        return { deviceManaged: rng.chance(0.7) };
      case 2:
        return { ipAddressIn: [this.ipList(createdMs)] };
      default:
        return { locationIn: { countries: this.countries() } };
    }
  }
}

function mfa(): AuthnPolicy['effect'] {
  return { action: 'allow', obligations: { mfa: { required: true } } };
}

function resources(
  type: NonNullable<AuthnPolicyResource['type']>,
  ids: string[],
): AuthnPolicyResource[] {
  return ids.length > 0
    ? ids.map((id) => ({ type, id }))
    : // Nothing left to name: every resource of the type.
      [{ type }];
}

interface PolicyFields {
  name: string;
  description?: string;
  type: AuthnPolicyType;
  effect: AuthnPolicy['effect'];
  targets: AuthnPolicy['targets'];
  conditions?: AuthnPolicy['conditions'];
  disabled?: boolean;
  /** Left out of the record when undefined. */
  monitorOnly?: boolean;
}

/** The record, its fields in one order; empty group lists left out. */
function policy(id: string, f: PolicyFields): AuthnPolicy {
  const record: AuthnPolicy = {
    id,
    name: f.name,
    disabled: f.disabled ?? false,
    type: f.type,
    effect: f.effect,
    targets: f.targets,
  };
  if (f.description !== undefined) record.description = f.description;
  if (f.monitorOnly !== undefined) record.monitorOnly = f.monitorOnly;
  if (f.conditions !== undefined) record.conditions = f.conditions;
  const groups = f.targets.userGroups;
  if (groups) {
    if (groups.exclusions?.length === 0) delete groups.exclusions;
    if (groups.inclusions?.length === 0) delete groups.inclusions;
    if (!groups.inclusions && !groups.exclusions) delete f.targets.userGroups;
  }
  return record;
}
