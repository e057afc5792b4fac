import {
  expectedDevices,
  expectedDeviceUsers,
  expectedManagerEdges,
} from './groundTruth';
import { systemGraph } from './systemGraph';
import { generateTenant } from './tenant';

const NOW = new Date('2026-11-01T10:00:00Z');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAY_MS = 86_400_000;

describe('systems', () => {
  const tenant = generateTenant({
    seed: 8,
    users: 400,
    groups: 20,
    ssoEvents: 100,
    now: NOW,
  });
  const systems = tenant.systems;
  const userIds = new Set(tenant.users.map((u) => u.id));

  test('half the users by default; the option overrides', () => {
    expect(systems).toHaveLength(200);
    expect(
      generateTenant({ seed: 8, users: 10, systems: 7, now: NOW }).systems,
    ).toHaveLength(7);
    expect(
      generateTenant({ seed: 8, users: 7, now: NOW }).systems,
    ).toHaveLength(3);
    expect(
      generateTenant({ seed: 8, users: 0, now: NOW }).systems,
    ).toHaveLength(0);
  });

  test('deterministic from the seed', () => {
    const again = generateTenant({
      seed: 8,
      users: 400,
      groups: 20,
      ssoEvents: 100,
      now: NOW,
    });
    expect(JSON.stringify(again.systems)).toBe(JSON.stringify(systems));
    expect(JSON.stringify([...again.systemUserBindings])).toBe(
      JSON.stringify([...tenant.systemUserBindings]),
    );
    expect(JSON.stringify([...again.systemGroupBindings])).toBe(
      JSON.stringify([...tenant.systemGroupBindings]),
    );
  });

  test('records are v1 systems ordered by _id', () => {
    const ids = systems.map((s) => s._id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(expectedDevices(tenant)).toEqual(ids);
    for (const s of systems) {
      expect(s.id).toBe(s._id);
      expect(s.organization).toBe(tenant.organization.id);
      expect(s.created).toMatch(ISO);
      expect(s.lastContact === null || ISO.test(s.lastContact)).toBe(true);
      if (s.lastContact !== null)
        expect(Date.parse(s.lastContact)).toBeGreaterThanOrEqual(
          Date.parse(s.created),
        );
      expect(Object.keys(s.osVersionDetail).sort()).toEqual(
        [
          'distributionName',
          'major',
          'majorNumber',
          'minor',
          'minorNumber',
          'osName',
          'patch',
          'patchNumber',
          'releaseName',
          'revision',
          'version',
        ].sort(),
      );
      expect(typeof s.fde.active).toBe('boolean');
      expect(typeof s.fde.keyPresent).toBe('boolean');
      expect(Number.isInteger(s.systemTimezone)).toBe(true);
      expect(typeof s.allowSshRootLogin).toBe('boolean');
      expect(s.remoteIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(
        s.primarySystemUser.id === null || userIds.has(s.primarySystemUser.id),
      ).toBe(true);
    }
  });

  test('variety of a real fleet', () => {
    expect(new Set(systems.map((s) => s.osFamily))).toEqual(
      new Set(['darwin', 'windows', 'linux']),
    );
    expect(systems.some((s) => !s.fde.active)).toBe(true);
    expect(systems.some((s) => s.fde.active)).toBe(true);
    expect(
      systems.some(
        (s) =>
          !s.active &&
          s.lastContact !== null &&
          Date.parse(s.lastContact) < NOW.getTime() - 90 * DAY_MS,
      ),
    ).toBe(true);
    expect(systems.some((s) => s.lastContact === null && !s.active)).toBe(true);
    expect(systems.some((s) => s.serialNumber === null)).toBe(true);
    expect(systems.some((s) => s.hwVendor === null)).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(systems.some((s) => /[^\x00-\x7f]/.test(s.hostname))).toBe(true);
    expect(systems.some((s) => s.amazonInstanceID !== undefined)).toBe(true);
    expect(systems.filter((s) => s.active).length).toBeGreaterThan(
      systems.length / 2,
    );
  });

  test('bindings: every system has entries; most have 1–2 users, some none, a few via groups', () => {
    const counts = systems.map((s) => {
      const users = tenant.systemUserBindings.get(s.id)!;
      const groups = tenant.systemGroupBindings.get(s.id)!;
      expect(users.every((r) => r.to.type === 'user')).toBe(true);
      expect(groups.every((r) => r.to.type === 'user_group')).toBe(true);
      return { users: users.length, groups: groups.length };
    });
    const oneOrTwo = counts.filter((c) => c.users === 1 || c.users === 2);
    expect(oneOrTwo.length).toBeGreaterThan(systems.length / 2);
    expect(counts.some((c) => c.users === 0 && c.groups === 0)).toBe(true);
    const viaGroups = counts.filter((c) => c.groups > 0).length;
    expect(viaGroups).toBeGreaterThan(0);
    expect(viaGroups).toBeLessThan(systems.length / 5);
    const dangling = [...tenant.systemUserBindings.values()]
      .flat()
      .filter((r) => tenant.deletedUserIds.has(r.to.id));
    expect(dangling.length).toBeGreaterThan(0);
  });

  test('ground truth: distinct pairs, existing users, direct and through groups', () => {
    const pairs = expectedDeviceUsers(tenant);
    const keys = pairs.map((p) => `${p.systemId}|${p.userId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pairs.every((p) => userIds.has(p.userId))).toBe(true);
    const direct = new Set(
      systems.flatMap((s) =>
        tenant.systemUserBindings.get(s.id)!.map((r) => `${s.id}|${r.to.id}`),
      ),
    );
    expect(keys.some((k) => !direct.has(k))).toBe(true);
  });

  test('the graph resolves the same pairs from both sides, with one path per route', () => {
    const graph = systemGraph(tenant);
    const fromSystems = new Set<string>();
    let twoHop = 0;
    let twoPaths = 0;
    for (const s of systems) {
      for (const row of graph.usersOfSystem(s.id)!) {
        expect(row.type).toBe('user');
        fromSystems.add(`${s.id}|${row.id}`);
        for (const path of row.paths) {
          expect(path[path.length - 1].to).toEqual({
            attributes: null,
            id: row.id,
            type: 'user',
          });
          if (path.length === 2) {
            twoHop++;
            expect(['user_group', 'system_group']).toContain(path[0].to.type);
          }
        }
        if (row.paths.length > 1) twoPaths++;
      }
    }
    const fromUsers = new Set<string>();
    for (const u of tenant.users) {
      for (const row of graph.systemsOfUser(u.id)!) {
        expect(row.type).toBe('system');
        fromUsers.add(`${row.id}|${u.id}`);
        const mirrored = graph
          .usersOfSystem(row.id)!
          .find((r) => r.id === u.id)!;
        expect(row.paths.map((p) => p.length)).toEqual(
          mirrored.paths.map((p) => p.length),
        );
        expect(row.compiledAttributes).toEqual(mirrored.compiledAttributes);
      }
    }
    const truth = new Set(
      expectedDeviceUsers(tenant).map((p) => `${p.systemId}|${p.userId}`),
    );
    expect(fromSystems).toEqual(truth);
    expect(fromUsers).toEqual(truth);
    expect(twoHop).toBeGreaterThan(0);
    expect(twoPaths).toBeGreaterThan(0);
    expect(graph.usersOfSystem('f'.repeat(24))).toBeUndefined();
    for (const id of tenant.deletedUserIds)
      expect(graph.systemsOfUser(id)).toBeUndefined();
  });

  test('manager edges: existing managers other than the user', () => {
    const edges = expectedManagerEdges(tenant);
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) {
      expect(userIds.has(e.managerId)).toBe(true);
      expect(e.managerId).not.toBe(e.userId);
      expect(tenant.users.find((u) => u.id === e.userId)!.manager).toBe(
        e.managerId,
      );
    }
    const dangling = tenant.users.filter(
      (u) =>
        typeof u.manager === 'string' && tenant.deletedUserIds.has(u.manager),
    );
    expect(dangling.length).toBeGreaterThan(0);
    expect(edges.some((e) => dangling.some((u) => u.id === e.userId))).toBe(
      false,
    );
  });

  test('100,000 users come with 50,000 systems by default', () => {
    const big = generateTenant({
      seed: 3,
      users: 100_000,
      groups: 500,
      ssoEvents: 1000,
      now: NOW,
    });
    expect(big.systems).toHaveLength(50_000);
  });
});
