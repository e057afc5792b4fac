import {
  ADMIN_ROLE_NAMES,
  keyAdministrators,
  portalAdministrators,
  providerOrganizationId,
} from './admins';
import {
  expectedAdmins,
  expectedAdminUserLinks,
  expectedPortalAdmins,
} from './groundTruth';
import { generateTenant } from './tenant';

const NOW = new Date('2026-11-01T10:00:00Z');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('administrators', () => {
  const tenant = generateTenant({ seed: 21, users: 200, now: NOW });

  test('five by default, ordered by _id, shaped like v1 userreturn', () => {
    expect(tenant.admins).toHaveLength(5);
    const ids = tenant.admins.map((a) => a._id);
    expect([...ids].sort()).toEqual(ids);
    for (const a of tenant.admins) {
      expect(a.id).toBe(a._id);
      expect(a._id).toMatch(/^[0-9a-f]{24}$/);
      expect(a.role).toMatch(/^[0-9a-f]{24}$/);
      expect(ADMIN_ROLE_NAMES).toContain(a.roleName);
      expect(a.organization).toBe(tenant.organization.id);
      expect(a.created).toMatch(ISO);
      expect(a.lastWhatsNewChecked).toMatch(ISO);
      expect(typeof a.sessionCount).toBe('number');
      expect(typeof a.usersTimeZone).toBe('string');
      expect(a.provider).toBeUndefined();
      expect('apiKeyUpdatedAt' in a).toBe(a.apiKeySet);
      expect('totpUpdatedAt' in a).toBe(a.totpEnrolled);
      if (a.totpEnrolled) expect(a.enableMultiFactor).toBe(true);
    }
    expect(tenant.admins.slice(0, 3).map((a) => a.email)).toEqual([
      `it-admin@${tenant.emailDomain}`,
      `helpdesk@${tenant.emailDomain}`,
      `security.officer@${tenant.emailDomain}`,
    ]);
  });

  test('variety: no MFA, suspended, also-a-user (one in other case), admin-only', () => {
    const admins = tenant.admins;
    expect(admins.some((a) => !a.enableMultiFactor)).toBe(true);
    expect(admins.filter((a) => a.suspended)).toHaveLength(1);
    const links = expectedAdminUserLinks(tenant);
    expect(links.map((l) => l.adminId)).toEqual([admins[3].id, admins[4].id]);
    expect(links[0].userId).toBe(tenant.users[0].id);
    expect(admins[3].email).toBe(tenant.users[0].email);
    const user = tenant.users.find((u) => u.id === links[1].userId)!;
    expect(admins[4].email).not.toBe(user.email);
    expect(admins[4].email.toLowerCase()).toBe(user.email.toLowerCase());
    expect(expectedAdmins(tenant)).toEqual(admins.map((a) => a.id));
  });

  test('count follows the option; at least one', () => {
    const many = generateTenant({ seed: 21, users: 200, admins: 40, now: NOW });
    expect(many.admins).toHaveLength(40);
    expect(new Set(many.admins.map((a) => a.id)).size).toBe(40);
    // The first admins do not depend on how many there are.
    expect(many.admins.slice(0, 5)).toEqual(tenant.admins);
    expect(
      generateTenant({ seed: 2, users: 3, admins: 1, now: NOW }).admins,
    ).toHaveLength(1);
    expect(() =>
      generateTenant({ seed: 2, users: 3, admins: 0, now: NOW }),
    ).toThrow(/admins/);
  });

  test('Directory Insights admin initiators are real admins', () => {
    const ids = new Set(tenant.admins.map((a) => a.id));
    let adminEvents = 0;
    for (let i = 0; i < tenant.events.size; i++) {
      const actor = tenant.events.initiator(i);
      if (actor.type !== 'admin') continue;
      adminEvents++;
      expect(ids.has(actor.id)).toBe(true);
      expect(tenant.admins.find((a) => a.id === actor.id)!.email).toBe(
        actor.username,
      );
    }
    expect(adminEvents).toBeGreaterThan(0);
  });

  test('portal admins: only for several tenants, in an org that is not a tenant', () => {
    const tenants = [31, 32, 33].map((seed) =>
      generateTenant({ seed, users: 30, now: NOW }),
    );
    expect(portalAdministrators(tenants.slice(0, 1))).toEqual([]);
    expect(portalAdministrators(tenants.slice(0, 2))).toHaveLength(1);
    const portal = portalAdministrators(tenants);
    expect(portal).toHaveLength(2);
    const providerOrg = providerOrganizationId(tenants);
    const orgIds = tenants.map((t) => t.organization.id);
    expect(orgIds).not.toContain(providerOrg);
    for (const a of portal) {
      expect(a.organization).toBe(providerOrg);
      expect(a.provider).toMatch(/^[0-9a-f]{24}$/);
    }
    // Independent of the order the tenants are given in.
    expect(portalAdministrators([...tenants].reverse())).toEqual(portal);

    const listed = keyAdministrators(tenants);
    expect(listed).toHaveLength(3 * 5 + 2);
    const ids = listed.map((a) => a._id);
    expect([...ids].sort()).toEqual(ids);
    const expected = expectedPortalAdmins(tenants);
    expect(expected.map((a) => a.id).sort()).toEqual([...ids].sort());
    for (const e of expected) {
      expect(listed.find((a) => a.id === e.id)!.organization).toBe(
        e.organization,
      );
      expect(orgIds.includes(e.organization)).toBe(!e.portalLevel);
    }
    expect(keyAdministrators(tenants.slice(0, 1))).toBe(tenants[0].admins);
  });
});
