import { eventRow } from './eventRows';
import {
  Binding,
  expectedAuthPolicies,
  expectedDeviceBindings,
  expectedDeviceGroupMembers,
  expectedDeviceGroups,
  expectedDeviceUsers,
  expectedFactorStatuses,
  expectedMfaRequiredByPolicy,
} from './groundTruth';
import { FACTORS, MFA_STATUSES, overallOf } from './mfaFactors';
import { systemGraph } from './systemGraph';
import { sudoVariant } from './systemGroups';
import { generateTenant, Tenant } from './tenant';
import { AuthnCondition, GraphConnection } from './types';

const NOW = new Date('2026-11-01T10:00:00Z');
const SEEDS = [1, 2, 3, 4, 5];

/** A default tenant of about 200 users, per seed: 100 devices, 10 device groups, 8 policies. */
const tenants = new Map<number, Tenant>();
function tenantOf(seed: number): Tenant {
  let t = tenants.get(seed);
  if (!t) {
    t = generateTenant({ seed, users: 200, now: NOW });
    tenants.set(seed, t);
  }
  return t;
}

const rowsOf = (map: Map<string, GraphConnection[]>) =>
  [...map.values()].flat();

function variants(bindings: Binding[]): Set<string> {
  return new Set(bindings.map((b) => `${b.sudo}/${b.sudoWithoutPassword}`));
}

describe('device groups', () => {
  test('about one per ten devices, at least two from two devices on, none without devices; the option overrides', () => {
    expect(tenantOf(1).systemGroups).toHaveLength(10);
    const sizes = (systems: number, systemGroups?: number) =>
      generateTenant({
        seed: 9,
        users: 20,
        groups: 3,
        ssoEvents: 10,
        systems,
        systemGroups,
        now: NOW,
      }).systemGroups.length;
    expect(sizes(0)).toBe(0);
    expect(sizes(1)).toBe(1);
    expect(sizes(2)).toBe(2);
    expect(sizes(15)).toBe(2);
    expect(sizes(60)).toBe(6);
    expect(sizes(10, 0)).toBe(0);
    expect(sizes(10, 7)).toBe(7);
    expect(sizes(0, 3)).toBe(3);
  });

  test.each(SEEDS)(
    'seed %i: v2 SystemGroup records, static and dynamic, with member rows of devices (and a few deleted ones)',
    (seed) => {
      const t = tenantOf(seed);
      const ids = t.systemGroups.map((g) => g.id);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      const systems = new Map(t.systems.map((s) => [s.id, s]));
      for (const group of t.systemGroups) {
        expect(group.id).toMatch(/^[0-9a-f]{24}$/);
        expect(group.type).toBe('system_group');
        expect(group.organizationObjectId).toBe(t.organization.id);
        expect(typeof group.name).toBe('string');
        expect(
          group.attributes === null || sudoVariant(group.attributes) !== 'none',
        ).toBe(true);
        const rows = t.systemGroupMembers.get(group.id)!;
        for (const row of rows) {
          expect(row).toEqual({
            attributes: null,
            to: { attributes: null, id: row.to.id, type: 'system' },
          });
        }
        expect(new Set(rows.map((r) => r.to.id)).size).toBe(rows.length);
        if (group.membershipMethod === 'DYNAMIC_AUTOMATED') {
          const family = (
            group.memberQuery?.filters as { field: string; value: string }[]
          )[0];
          expect(family.field).toBe('osFamily');
          expect(rows.map((r) => r.to.id)).toEqual(
            t.systems
              .filter((s) => s.osFamily === family.value)
              .map((s) => s.id),
          );
        } else {
          expect(group).not.toHaveProperty('memberQuery');
        }
      }
      const methods = t.systemGroups.map((g) => g.membershipMethod);
      expect(methods.filter((m) => m === 'STATIC').length).toBeGreaterThan(
        methods.length / 2,
      );
      expect(methods).toContain('DYNAMIC_AUTOMATED');
      expect(
        t.systemGroups.some(
          (g) => t.systemGroupMembers.get(g.id)!.length === 0,
        ),
      ).toBe(true);
      const dangling = rowsOf(t.systemGroupMembers).filter(
        (r) => !systems.has(r.to.id),
      );
      expect(dangling.length).toBeGreaterThan(0);
      expect(dangling.every((r) => t.deletedSystemIds.has(r.to.id))).toBe(true);
    },
  );

  test('ground truth: member counts are the distinct system rows, deleted devices included; members only collected devices', () => {
    const t = tenantOf(1);
    const systems = new Set(t.systems.map((s) => s.id));
    const groups = expectedDeviceGroups(t);
    expect(groups.map((g) => g.id)).toEqual(t.systemGroups.map((g) => g.id));
    const members = expectedDeviceGroupMembers(t);
    let withDeleted = 0;
    for (const group of groups) {
      const rows = t.systemGroupMembers.get(group.id)!;
      expect(group.memberCount).toBe(new Set(rows.map((r) => r.to.id)).size);
      const live = members.filter((m) => m.groupId === group.id);
      expect(live.map((m) => m.systemId)).toEqual(
        rows.map((r) => r.to.id).filter((id) => systems.has(id)),
      );
      if (live.length < group.memberCount) withDeleted++;
    }
    expect(withDeleted).toBeGreaterThan(0);
  });

  test('the same tenant, byte for byte, with or without device groups and policies; and the same device groups with odd records', () => {
    const options = { seed: 4, users: 200, now: NOW };
    const full = generateTenant(options);
    const bare = generateTenant({
      ...options,
      systemGroups: 0,
      authnPolicies: 0,
    });
    const same = (pick: (t: Tenant) => unknown) =>
      expect(JSON.stringify(pick(bare))).toBe(JSON.stringify(pick(full)));
    same((t) => t.users);
    same((t) => t.groups);
    same((t) => [...t.groupMembers]);
    same((t) => t.applications);
    same((t) => [...t.applicationAssociations]);
    same((t) => t.admins);
    same((t) => t.systems);
    same((t) => [...t.systemUserBindings]);
    same((t) => [...t.systemGroupBindings]);
    same((t) => t.organization);
    expect(full.events.size).toBe(bare.events.size);
    for (let i = 0; i < full.events.size; i += 97)
      expect(eventRow(full.events, i)).toEqual(eventRow(bare.events, i));
    expect(bare.systemGroups).toEqual([]);
    expect(bare.authnPolicies).toEqual([]);

    const odd = generateTenant({ ...options, oddRecords: true });
    for (const pick of [
      (t: Tenant) => t.systemGroups,
      (t: Tenant) => [...t.systemGroupMembers],
      (t: Tenant) => [...t.systemGroupAssociations],
      (t: Tenant) => t.authnPolicies,
    ])
      expect(JSON.stringify(pick(odd))).toBe(JSON.stringify(pick(full)));
    expect(JSON.stringify(generateTenant(options).systemGroups)).toBe(
      JSON.stringify(full.systemGroups),
    );
  });
});

describe('bindings to devices and device groups', () => {
  test.each(SEEDS)(
    'seed %i: every kind of binding with every sudo variant; some to deleted users and groups',
    (seed) => {
      const t = tenantOf(seed);
      const users = new Set(t.users.map((u) => u.id));
      const groups = new Set(t.groups.map((g) => g.id));
      const raw = (rows: GraphConnection[], type: string, live: Set<string>) =>
        new Set(
          rows
            .filter((r) => r.to.type === type && live.has(r.to.id))
            .map((r) => sudoVariant(r.attributes)),
        );
      const all = ['none', 'off', 'on', 'nopasswd'];
      const sgRows = rowsOf(t.systemGroupAssociations);
      expect([...raw(sgRows, 'user', users)].sort()).toEqual([...all].sort());
      expect([...raw(sgRows, 'user_group', groups)].sort()).toEqual(
        [...all].sort(),
      );
      expect(
        [...raw(rowsOf(t.systemGroupBindings), 'user_group', groups)].sort(),
      ).toEqual([...all].sort());
      // Only the four shapes the spec's GraphAttribute-Sudo allows.
      for (const row of [...sgRows, ...rowsOf(t.systemGroupBindings)]) {
        const a = row.attributes;
        expect(
          a === null ||
            ['off', 'on', 'nopasswd'].includes(sudoVariant(a)) ||
            false,
        ).toBe(true);
      }
      expect(
        sgRows.some(
          (r) => r.to.type === 'user' && t.deletedUserIds.has(r.to.id),
        ),
      ).toBe(true);
      expect(
        sgRows.some(
          (r) => r.to.type === 'user_group' && t.deletedGroupIds.has(r.to.id),
        ),
      ).toBe(true);

      const bindings = expectedDeviceBindings(t);
      const expectedVariants = new Set([
        'false/false',
        'true/false',
        'true/true',
      ]);
      for (const list of Object.values(bindings)) {
        expect(variants(list)).toEqual(expectedVariants);
        const keys = list.map((b: Binding) => `${b.fromId}|${b.toId}`);
        expect(new Set(keys).size).toBe(keys.length);
      }
      expect(bindings.userToDeviceGroup.every((b) => users.has(b.fromId))).toBe(
        true,
      );
      expect(
        [
          ...bindings.userGroupToDeviceGroup,
          ...bindings.userGroupToDevice,
        ].every((b) => groups.has(b.fromId)),
      ).toBe(true);
      expect(bindings.userGroupToDeviceGroup.length).toBe(
        sgRows.filter((r) => r.to.type === 'user_group' && groups.has(r.to.id))
          .length,
      );
    },
  );

  test('a user group lists, from its side, exactly the devices and device groups bound to it, then rows of deleted ones', () => {
    const t = tenantOf(2);
    const graph = systemGraph(t);
    const fromDevices = new Set<string>();
    for (const [systemId, rows] of t.systemGroupBindings)
      for (const row of rows)
        fromDevices.add(`${row.to.id}|system|${systemId}`);
    for (const [groupId, rows] of t.systemGroupAssociations)
      for (const row of rows)
        if (row.to.type === 'user_group')
          fromDevices.add(`${row.to.id}|system_group|${groupId}`);
    const fromGroups = new Set<string>();
    let stale = 0;
    for (const group of t.groups) {
      for (const row of graph.userGroupAssociations(group.id)!) {
        if (row.to.type === 'application') continue;
        if (
          t.deletedSystemIds.has(row.to.id) ||
          t.deletedSystemGroupIds.has(row.to.id)
        ) {
          stale++;
          continue;
        }
        fromGroups.add(`${group.id}|${row.to.type}|${row.to.id}`);
      }
    }
    const live = new Set(t.groups.map((g) => g.id));
    expect(fromGroups).toEqual(
      new Set([...fromDevices].filter((k) => live.has(k.split('|')[0]))),
    );
    expect(stale).toBeGreaterThanOrEqual(2);
    expect(graph.userGroupAssociations([...t.deletedGroupIds][0])).toBe(
      undefined,
    );
  });
});

describe('traversal through device groups', () => {
  test.each([1, 3])(
    'seed %i: both sides agree with the ground truth, sudo, direct and path count included',
    (seed) => {
      const t = tenantOf(seed);
      const graph = systemGraph(t);
      const truth = new Map(
        expectedDeviceUsers(t).map((p) => [`${p.systemId}|${p.userId}`, p]),
      );
      const shapes = new Set<string>();
      let seen = 0;
      for (const system of t.systems) {
        for (const row of graph.usersOfSystem(system.id)!) {
          const pair = truth.get(`${system.id}|${row.id}`)!;
          expect(pair).toBeDefined();
          seen++;
          const sudo = row.compiledAttributes?.sudo as {
            enabled: boolean;
            withoutPassword: boolean;
          };
          expect([
            sudo.enabled,
            sudo.withoutPassword,
            row.paths.some((p) => p.length === 1),
            row.paths.length,
          ]).toEqual([
            pair.sudo,
            pair.sudoWithoutPassword,
            pair.direct,
            pair.pathCount,
          ]);
          for (const path of row.paths)
            shapes.add(path.map((hop) => hop.to.type).join('>'));
        }
      }
      expect(seen).toBe(truth.size);
      expect(shapes).toEqual(
        new Set([
          'user',
          'user_group>user',
          'system_group>user',
          'system_group>user_group>user',
        ]),
      );
      for (const user of t.users) {
        for (const row of graph.systemsOfUser(user.id)!) {
          const pair = truth.get(`${row.id}|${user.id}`)!;
          expect(pair).toBeDefined();
          expect(row.paths).toHaveLength(pair.pathCount);
          expect(row.compiledAttributes?.sudo).toEqual({
            enabled: pair.sudo,
            withoutPassword: pair.sudoWithoutPassword,
          });
          for (const path of row.paths)
            expect(path[path.length - 1].to).toEqual({
              attributes: null,
              id: row.id,
              type: 'system',
            });
        }
      }
      const list = [...truth.values()];
      expect(list.some((p) => p.pathCount > 1)).toBe(true);
      expect(list.some((p) => p.direct)).toBe(true);
      expect(list.some((p) => !p.direct)).toBe(true);
      expect(list.some((p) => p.sudoWithoutPassword)).toBe(true);
      expect(list.some((p) => p.sudo && !p.sudoWithoutPassword)).toBe(true);
      expect(list.some((p) => !p.sudo)).toBe(true);
    },
  );

  test('a path through a device group: the membership hop carries no attributes, the binding its own', () => {
    const t = tenantOf(1);
    const graph = systemGraph(t);
    const group = t.systemGroups.find((g) =>
      t.systemGroupAssociations
        .get(g.id)!
        .some((r) => r.to.type === 'user' && !t.deletedUserIds.has(r.to.id)),
    )!;
    const binding = t.systemGroupAssociations
      .get(group.id)!
      .find((r) => r.to.type === 'user' && !t.deletedUserIds.has(r.to.id))!;
    const member = t.systemGroupMembers
      .get(group.id)!
      .find((r) => !t.deletedSystemIds.has(r.to.id))!;
    const row = graph
      .usersOfSystem(member.to.id)!
      .find((r) => r.id === binding.to.id)!;
    expect(row.paths).toContainEqual([
      {
        attributes: null,
        to: {
          attributes: group.attributes,
          id: group.id,
          type: 'system_group',
        },
      },
      {
        attributes: binding.attributes,
        to: { attributes: null, id: binding.to.id, type: 'user' },
      },
    ]);
    const back = graph
      .systemsOfUser(binding.to.id)!
      .find((r) => r.id === member.to.id)!;
    expect(back.paths).toContainEqual([
      {
        attributes: binding.attributes,
        to: {
          attributes: group.attributes,
          id: group.id,
          type: 'system_group',
        },
      },
      {
        attributes: null,
        to: { attributes: null, id: member.to.id, type: 'system' },
      },
    ]);
  });
});

function operators(condition: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(condition)) {
    for (const c of condition) operators(c, into);
  } else if (condition && typeof condition === 'object') {
    for (const [key, value] of Object.entries(condition)) {
      into.add(key);
      if (key === 'not' || key === 'all' || key === 'any')
        operators(value, into);
    }
  }
  return into;
}

describe('authentication policies', () => {
  test.each(SEEDS)(
    'seed %i: eight by default, every kind a client must read',
    (seed) => {
      const t = tenantOf(seed);
      const policies = t.authnPolicies;
      expect(policies).toHaveLength(8);
      const ids = policies.map((p) => p.id);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(policies.map((p) => p.type))).toEqual(
        new Set(['user_portal', 'application', 'ldap', 'admin_portal']),
      );
      const effects = new Set(
        policies.map((p) =>
          p.effect.action === 'deny'
            ? 'deny'
            : p.effect.obligations?.mfa?.required
            ? 'allow+mfa'
            : 'allow',
        ),
      );
      expect(effects).toEqual(new Set(['deny', 'allow+mfa', 'allow']));
      expect(policies.some((p) => p.disabled)).toBe(true);
      expect(policies.some((p) => p.monitorOnly)).toBe(true);
      expect(policies.some((p) => !('monitorOnly' in p))).toBe(true);
      expect(policies.some((p) => !('conditions' in p))).toBe(true);
      const used = new Set<string>();
      for (const p of policies) operators(p.conditions as AuthnCondition, used);
      expect(used).toEqual(
        new Set([
          'deviceEncrypted',
          'deviceManaged',
          'ipAddressIn',
          'locationIn',
          'not',
          'all',
          'any',
        ]),
      );
      const all = policies.find((p) =>
        p.targets.resources.some((r) => r.type === 'application' && !r.id),
      )!;
      expect(all.targets.excludedApplications?.length).toBeGreaterThan(0);
      const removed = new Set(t.removedApplications.map((a) => a.id));
      const named = policies.flatMap((p) =>
        p.targets.resources.flatMap((r) => (r.id ? [r.id] : [])),
      );
      expect(named.some((id) => removed.has(id))).toBe(true);
      const groupRefs = policies.flatMap((p) => [
        ...(p.targets.userGroups?.inclusions ?? []),
        ...(p.targets.userGroups?.exclusions ?? []),
      ]);
      expect(groupRefs.some((id) => t.deletedGroupIds.has(id))).toBe(true);
      expect(
        policies.some((p) => (p.targets.userGroups?.exclusions ?? []).length),
      ).toBe(true);
    },
  );

  test('ground truth keeps only collected groups and configured applications; MFA by policy both ways', () => {
    const t = tenantOf(1);
    const groups = new Set(t.groups.map((g) => g.id));
    const apps = new Set(t.applications.map((a) => a.id));
    const expected = expectedAuthPolicies(t);
    expect(expected.map((p) => p.id)).toEqual(t.authnPolicies.map((p) => p.id));
    for (const [i, p] of expected.entries()) {
      const raw = t.authnPolicies[i];
      expect(p.type).toBe(raw.type);
      expect(p.effect).toBe(raw.effect.action);
      expect(p.disabled).toBe(raw.disabled);
      expect(p.monitorOnly).toBe(raw.monitorOnly === true);
      expect(
        [...p.includedGroupIds, ...p.excludedGroupIds].every((id) =>
          groups.has(id),
        ),
      ).toBe(true);
      expect(p.applicationIds.every((id) => apps.has(id))).toBe(true);
    }
    expect(expected.some((p) => p.allApplications)).toBe(true);
    expect(expected.some((p) => p.mfaRequired)).toBe(true);
    expect(expected.some((p) => p.effect === 'allow' && !p.mfaRequired)).toBe(
      true,
    );

    const byPolicy = expectedMfaRequiredByPolicy(t);
    expect([...byPolicy.keys()]).toEqual(t.applications.map((a) => a.id));
    expect([...byPolicy.values()]).toContain(true);
    expect([...byPolicy.values()]).toContain(false);
    // The excluded application is covered by none that enforces MFA.
    const all = t.authnPolicies.find(
      (p) =>
        !p.disabled &&
        !p.monitorOnly &&
        p.targets.resources.some((r) => r.type === 'application' && !r.id),
    )!;
    for (const id of all.targets.excludedApplications ?? [])
      if (apps.has(id)) expect(byPolicy.get(id)).toBe(false);
  });

  test('the option sets how many; more than eight are drawn at random, deterministically', () => {
    const many = (seed: number) =>
      generateTenant({
        seed,
        users: 30,
        groups: 5,
        ssoEvents: 10,
        authnPolicies: 40,
        now: NOW,
      }).authnPolicies;
    expect(many(6)).toHaveLength(40);
    expect(JSON.stringify(many(6))).toBe(JSON.stringify(many(6)));
    expect(
      generateTenant({ seed: 6, users: 10, authnPolicies: 3, now: NOW })
        .authnPolicies,
    ).toHaveLength(3);
  });
});

describe('MFA factors', () => {
  test.each(SEEDS)(
    'seed %i: every status of every factor, absent and partial records, overall status that follows the factors',
    (seed) => {
      const t = tenantOf(seed);
      const enrolled = t.users.filter((u) => u.mfaEnrollment);
      expect(enrolled.length).toBeLessThan(t.users.length);
      for (const factor of FACTORS) {
        const statuses = new Set(enrolled.map((u) => u.mfaEnrollment![factor]));
        expect(statuses).toEqual(new Set([...MFA_STATUSES, undefined]));
      }
      for (const [i, user] of t.users.entries()) {
        const e = user.mfaEnrollment;
        if (!e) continue;
        if (i > 0) expect(e.overallStatus).toBe(overallOf(e));
        expect(e.overallStatus === 'ENROLLED').toBe(
          FACTORS.some((f) => e[f] === 'ENROLLED'),
        );
        expect(user.totp_enabled).toBe(e.totpStatus === 'ENROLLED');
        // Enrolled overall exactly when drawn so (with MFA configured).
        if (user.mfa)
          expect(e.overallStatus === 'ENROLLED').toBe(user.mfa.configured);
      }
      expect(t.users[0].mfaEnrollment).toEqual({
        overallStatus: 'ENROLLED',
        totpStatus: 'ENROLLED',
        pushStatus: 'ENROLLED',
        webAuthnStatus: 'NOT_ENROLLED',
        jcGoStatus: 'NOT_ENROLLED',
      });
    },
  );

  test('ground truth counts users per status of each factor; missing factors are not counted', () => {
    const t = tenantOf(2);
    const counts = expectedFactorStatuses(t);
    const users = t.users.filter((u) => u.mfaEnrollment);
    const sum = (r: Record<string, number>) =>
      Object.values(r).reduce((a, b) => a + b, 0);
    expect(sum(counts.totp)).toBe(
      users.filter((u) => u.mfaEnrollment!.totpStatus).length,
    );
    expect(sum(counts.totp)).toBeLessThan(users.length);
    expect(counts.webAuthn.ENROLLED).toBe(counts.phishingResistant);
    expect(Object.keys(counts.push).sort()).toEqual([...MFA_STATUSES].sort());
  });
});
