import {
  hash32,
  hex8,
  objectId,
  ObjectIdFactory,
  Random,
  streamFor,
} from './random';
import type { Tenant } from './tenant';
import { Administrator, AdminRoleName, SystemUser } from './types';

/**
 * Console administrators (`GET /api/users`). Separate objects from system
 * users; some share a user's e-mail (an admin who is also a user), which is
 * the only link JumpCloud offers between the two.
 */

const DAY_MS = 86_400_000;

export const ADMIN_ROLE_NAMES: readonly AdminRoleName[] = [
  'Administrator With Billing',
  'Administrator',
  'Manager',
  'Command Runner With Billing',
  'Command Runner',
  'Help Desk',
  'Billing Only',
  'Read Only',
];

/** Built-in roles have the same id in every organization. */
const ROLE_IDS = new Map<AdminRoleName, string>(
  ADMIN_ROLE_NAMES.map((name, k) => [
    name,
    `5d1f${hex8(hash32(k, 0x201e))}${hex8(hash32(k, 0x301e))}0000`,
  ]),
);

const TIME_ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Australia/Sydney',
];

const VALID_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AdminGenerationContext {
  seed: number;
  count: number;
  nowMs: number;
  orgCreatedMs: number;
  orgId: string;
  emailDomain: string;
  ids: ObjectIdFactory;
  users: readonly SystemUser[];
}

interface AdminPlan {
  email: string;
  firstname: string;
  lastname: string;
  roleName: AdminRoleName;
  mfa: boolean;
  suspended: boolean;
  apiKey: boolean;
}

/**
 * The first admins are fixed so every tenant shows the same variety: an owner
 * with billing, a help-desk admin without MFA, a suspended read-only admin,
 * an admin who is also the first system user, and one who is also another
 * user but whose e-mail differs in case. Ordered by `_id`.
 */
export function generateAdmins(ctx: AdminGenerationContext): Administrator[] {
  const linkable = linkableUsers(ctx.users);
  const linked = new Set<number>();
  const admins: Administrator[] = [];
  // One stream per admin: the first admins never depend on how many there are.
  for (let k = 0; k < ctx.count; k++) {
    const rng = streamFor(hash32(ctx.seed, k), 'admins');
    const plan = planAdmin(k, rng);
    const createdMs = createdAt(k, rng);
    admins.push(
      buildAdmin(
        rng,
        plan,
        ctx.ids.next(createdMs),
        createdMs,
        ctx.nowMs,
        ctx.orgId,
      ),
    );
  }
  return admins;

  function takeUser(rng: Random, preferred?: number): SystemUser | undefined {
    if (linkable.length === linked.size) return undefined;
    let k = preferred ?? rng.int(0, linkable.length - 1);
    while (linked.has(k)) k = (k + 1) % linkable.length;
    linked.add(k);
    return ctx.users[linkable[k]];
  }

  /**
   * The first three keep their historical creation times (and so their ids);
   * later ones are created later and later, in [f(k), f(k + 1)) with
   * f(k) = span × (1 - 2/k), so ids stay in creation order whatever the count.
   */
  function createdAt(k: number, rng: Random): number {
    if (k < 3) return ctx.orgCreatedMs + k * 1000;
    const span = Math.max(1, ctx.nowMs - ctx.orgCreatedMs - 3 * DAY_MS);
    const from = span * (1 - 2 / k);
    const to = span * (1 - 2 / (k + 1));
    return (
      ctx.orgCreatedMs +
      2 * DAY_MS +
      Math.floor(from + rng.next() * (to - from))
    );
  }

  function planAdmin(k: number, rng: Random): AdminPlan {
    const d = ctx.emailDomain;
    const fixed = (
      local: string,
      firstname: string,
      lastname: string,
      roleName: AdminRoleName,
    ): AdminPlan => ({
      email: `${local}@${d}`,
      firstname,
      lastname,
      roleName,
      mfa: true,
      suspended: false,
      apiKey: true,
    });
    switch (k) {
      case 0:
        return fixed('it-admin', 'IT', 'Admin', 'Administrator With Billing');
      case 1:
        return {
          ...fixed('helpdesk', 'Help', 'Desk', 'Help Desk'),
          mfa: false,
          apiKey: false,
        };
      case 2:
        return {
          ...fixed('security.officer', 'Security', 'Officer', 'Read Only'),
          suspended: true,
          apiKey: false,
        };
      default: {
        const user =
          k === 3 || k === 4 || rng.chance(0.4)
            ? takeUser(rng, k === 3 && linkable[0] === 0 ? 0 : undefined)
            : undefined;
        const roleName: AdminRoleName =
          k === 3
            ? 'Administrator'
            : k === 4
            ? 'Manager'
            : rng.pick(ADMIN_ROLE_NAMES);
        if (user) {
          return {
            email: k === 4 ? mixedCase(user.email) : user.email,
            firstname: user.firstname,
            lastname: user.lastname,
            roleName,
            mfa: k === 3 || (k > 4 && rng.chance(0.75)),
            suspended: k > 4 && rng.chance(0.05),
            apiKey: k === 3 || (k > 4 && rng.chance(0.3)),
          };
        }
        const external = rng.chance(0.3);
        return {
          email: external
            ? `it.contractor${k}@msp-partner.example`
            : `admin${k}@${d}`,
          firstname: external ? 'Contractor' : 'Admin',
          lastname: String(k),
          roleName,
          mfa: rng.chance(0.75),
          suspended: rng.chance(0.05),
          apiKey: rng.chance(0.3),
        };
      }
    }
  }
}

/** Users whose e-mail is valid and unique, by index. */
function linkableUsers(users: readonly SystemUser[]): number[] {
  const counts = new Map<string, number>();
  for (const u of users) {
    const e = u.email.toLowerCase();
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const out: number[] = [];
  users.forEach((u, i) => {
    if (VALID_EMAIL.test(u.email) && counts.get(u.email.toLowerCase()) === 1)
      out.push(i);
  });
  return out;
}

/** Alice.Smith@EXAMPLE.COM for alice.smith@example.com. */
function mixedCase(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email
    .slice(0, at)
    .replace(
      /(^|\.)([a-z])/g,
      (_, dot: string, c: string) => dot + c.toUpperCase(),
    );
  return `${local}@${email.slice(at + 1).toUpperCase()}`;
}

function buildAdmin(
  rng: Random,
  plan: AdminPlan,
  id: string,
  createdMs: number,
  nowMs: number,
  organization: string,
): Administrator {
  const since = (fromMs: number) =>
    new Date(
      fromMs + Math.floor(rng.next() * Math.max(1, nowMs - fromMs)),
    ).toISOString();
  const admin: Administrator = {
    _id: id,
    id,
    email: plan.email,
    firstname: plan.firstname,
    lastname: plan.lastname,
    role: ROLE_IDS.get(plan.roleName)!,
    roleName: plan.roleName,
    organization,
    suspended: plan.suspended,
    enableMultiFactor: plan.mfa,
    totpEnrolled: plan.mfa && !rng.chance(0.1),
    created: new Date(createdMs).toISOString(),
    sessionCount: rng.int(0, 4000),
    usersTimeZone: rng.pick(TIME_ZONES),
    lastWhatsNewChecked: since(createdMs),
    passwordUpdatedAt: since(createdMs),
    disableIntroduction: rng.chance(0.8),
    apiKeyAllowed: plan.apiKey || rng.chance(0.5),
    apiKeySet: plan.apiKey,
  };
  if (plan.apiKey) admin.apiKeyUpdatedAt = since(createdMs);
  if (admin.totpEnrolled) admin.totpUpdatedAt = since(createdMs);
  return admin;
}

/** The provider org of a multi-tenant key; not one of its tenants. */
export function providerOrganizationId(tenants: readonly Tenant[]): string {
  return providerIds(tenants).orgId;
}

function providerIds(tenants: readonly Tenant[]) {
  const sorted = [...tenants].sort((a, b) =>
    a.organization.id < b.organization.id ? -1 : 1,
  );
  const orgIds = new Set(sorted.map((t) => t.organization.id));
  let salt = hash32(0x9b0a1d, ...sorted.map((t) => t.salt));
  const createdMs =
    Math.min(...sorted.map((t) => Date.parse(t.organization.created))) -
    200 * DAY_MS;
  while (orgIds.has(objectId(createdMs, salt, 0))) salt = hash32(salt, 1);
  return {
    salt,
    createdMs,
    seed: hash32(salt, 2),
    orgId: objectId(createdMs, salt, 0),
    providerId: objectId(createdMs, salt, 1),
  };
}

const PORTAL_ADMINS: [string, string, string, AdminRoleName, boolean][] = [
  ['owner', 'Morgan', 'Reyes', 'Administrator With Billing', true],
  ['technician', 'Sam', 'Okafor', 'Administrator', false],
];

/**
 * Administrators of the provider (MSP) itself, listed by `GET /api/users`
 * next to the tenants' admins when the key is multi-tenant: one for two
 * tenants, two from three tenants on. None for a single-tenant key.
 */
export function portalAdministrators(
  tenants: readonly Tenant[],
): Administrator[] {
  if (tenants.length <= 1) return [];
  const p = providerIds(tenants);
  const rng = streamFor(p.seed, 'portal-admins');
  const nowMs = Math.max(...tenants.map((t) => t.now.getTime()));
  const count = tenants.length >= 3 ? 2 : 1;
  return PORTAL_ADMINS.slice(0, count).map(
    ([local, firstname, lastname, roleName, mfa], k) => {
      const createdMs = p.createdMs + (k + 1) * DAY_MS;
      const admin = buildAdmin(
        rng,
        {
          email: `${local}@msp-provider.example`,
          firstname,
          lastname,
          roleName,
          mfa,
          suspended: false,
          apiKey: true,
        },
        objectId(createdMs, p.salt, k + 2),
        createdMs,
        nowMs,
        p.orgId,
      );
      admin.provider = p.providerId;
      return admin;
    },
  );
}

/**
 * What `GET /api/users` lists for a key serving `tenants`: the one tenant's
 * admins, or every tenant's admins plus the portal's, ordered by `_id`.
 */
export function keyAdministrators(
  tenants: readonly Tenant[],
): readonly Administrator[] {
  if (tenants.length === 1) return tenants[0].admins;
  return [
    ...tenants.flatMap((t) => t.admins),
    ...portalAdministrators(tenants),
  ].sort(byId);
}

/**
 * What `GET /api/users` lists for one organization selected by x-org-id
 * (the adminsOrgHeader 'required' fault): its own admins and the portal's,
 * who administer every organization of the key, ordered by `_id`.
 */
export function organizationAdministrators(
  tenant: Tenant,
  tenants: readonly Tenant[],
): readonly Administrator[] {
  const portal = portalAdministrators(tenants);
  if (portal.length === 0) return tenant.admins;
  return [...tenant.admins, ...portal].sort(byId);
}

function byId(a: Administrator, b: Administrator): number {
  return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
}
