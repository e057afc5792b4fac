import fetch from 'node-fetch';
import { expectedDeviceUsers, expectedPortalAdmins } from './groundTruth';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';
import { GraphObjectWithPaths } from './types';

const KEY = 'system-routes-test-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const FORBIDDEN_HEADER = {
  message: 'Forbidden: organization selection not allowed via header',
  error: 'Forbidden',
};

function get(
  sim: RunningSimulator,
  path: string,
  headers: Record<string, string> = {},
) {
  return fetch(`${sim.url}${path}`, {
    headers: { 'x-api-key': KEY, ...headers },
  });
}

/** Every row of a v2 list, paged with limit=100. */
async function v2All(
  sim: RunningSimulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<GraphObjectWithPaths[]> {
  const rows: GraphObjectWithPaths[] = [];
  for (let skip = 0; ; skip += 100) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await get(sim, `${path}${sep}limit=100&skip=${skip}`, headers);
    expect(res.status).toBe(200);
    const page = await res.json();
    rows.push(...page);
    if (page.length < 100) return rows;
  }
}

describe('single-tenant key: administrators and systems', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({
      seed: 14,
      users: 240,
      groups: 12,
      admins: 23,
      ssoEvents: 100,
      now: NOW,
    });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterAll(() => sim.close());

  test('GET /api/users: v1 envelope, default limit 10, paging, sort, limit over 100', async () => {
    const first = await get(sim, '/api/users');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBeNull();
    const body = await first.json();
    expect(body.totalCount).toBe(23);
    expect(body.results).toHaveLength(10);
    expect(body.results[0]).toEqual(tenant.admins[0]);

    const ids: string[] = [];
    for (let skip = 0; skip < 23; skip += 5) {
      const page = await (
        await get(sim, `/api/users?limit=5&skip=${skip}&sort=_id`)
      ).json();
      ids.push(...page.results.map((a: { _id: string }) => a._id));
    }
    expect(ids).toEqual(tenant.admins.map((a) => a.id));

    const byEmail = await (
      await get(sim, '/api/users?limit=100&sort=-email')
    ).json();
    const emails = byEmail.results.map((a: { email: string }) => a.email);
    expect(emails).toEqual([...emails].sort().reverse());
    expect((await get(sim, '/api/users?limit=101')).status).toBe(400);
  });

  test('GET /api/users refuses x-org-id, even the right one; empty is fine', async () => {
    const res = await get(sim, '/api/users', {
      'x-org-id': tenant.organization.id,
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(FORBIDDEN_HEADER);
    expect((await get(sim, '/api/users', { 'x-org-id': '' })).status).toBe(200);
  });

  test('adminsStatus fault: 403 or 404 on /api/users only', async () => {
    sim.setFaults({ adminsStatus: 404 });
    try {
      const missing = await get(sim, '/api/users');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ message: 'Not Found' });
      sim.setFaults({ adminsStatus: 403 });
      const forbidden = await get(sim, '/api/users');
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).error).toBe('Forbidden');
      expect((await get(sim, '/api/systems')).status).toBe(200);
    } finally {
      sim.setFaults({});
    }
    expect((await get(sim, '/api/users')).status).toBe(200);
  });

  test('GET /api/systems: v1 envelope, paging with sort=_id, fields, sort, 400 over 100', async () => {
    const ids: string[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = await (
        await get(sim, `/api/systems?limit=100&skip=${skip}&sort=_id`)
      ).json();
      expect(page.totalCount).toBe(120);
      ids.push(...page.results.map((s: { _id: string }) => s._id));
      if (page.results.length < 100) break;
    }
    expect(ids).toEqual(tenant.systems.map((s) => s.id));

    const defaults = await (await get(sim, '/api/systems')).json();
    expect(defaults.results).toHaveLength(10);
    expect(defaults.results[0]).toEqual(
      JSON.parse(JSON.stringify(tenant.systems[0])),
    );

    const over = await get(sim, '/api/systems?limit=101');
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      message:
        'Bad Request: request parameter "limit" exceeds maximum value of 100',
    });

    const fields = await (
      await get(sim, '/api/systems?fields=hostname%20fde.active&limit=1')
    ).json();
    expect(Object.keys(fields.results[0]).sort()).toEqual([
      '_id',
      'fde',
      'hostname',
      'id',
    ]);
    const sorted = await (
      await get(sim, '/api/systems?sort=hostname&limit=100')
    ).json();
    const names = sorted.results.map((s: { hostname: string }) => s.hostname);
    expect(names).toEqual([...names].sort());
  });

  test('traversals: both directions agree with each other and with ground truth', async () => {
    const fromSystems = new Set<string>();
    const bySystem = new Map<string, GraphObjectWithPaths[]>();
    for (const s of tenant.systems) {
      const rows = await v2All(sim, `/api/v2/systems/${s.id}/users`);
      bySystem.set(s.id, rows);
      for (const row of rows) {
        expect(row.type).toBe('user');
        expect(row.paths.length).toBeGreaterThan(0);
        fromSystems.add(`${s.id}|${row.id}`);
      }
    }
    const fromUsers = new Set<string>();
    for (const u of tenant.users) {
      for (const row of await v2All(sim, `/api/v2/users/${u.id}/systems`)) {
        expect(row.type).toBe('system');
        fromUsers.add(`${row.id}|${u.id}`);
        const mirror = bySystem.get(row.id)!.find((r) => r.id === u.id)!;
        expect(row.paths).toHaveLength(mirror.paths.length);
        row.paths.forEach((path, k) => {
          const other = mirror.paths[k];
          expect(path).toHaveLength(other.length);
          expect(path[path.length - 1].to.id).toBe(row.id);
          if (path.length === 2) expect(path[0].to).toEqual(other[0].to);
        });
      }
    }
    const truth = new Set(
      expectedDeviceUsers(tenant).map((p) => `${p.systemId}|${p.userId}`),
    );
    expect(fromSystems).toEqual(truth);
    expect(fromUsers).toEqual(truth);
  });

  test('group-bound users come with a two-hop path through the group', async () => {
    const system = tenant.systems.find((s) => {
      const group = tenant.systemGroupBindings.get(s.id)![0];
      return (
        group !== undefined &&
        (tenant.groupMembers.get(group.to.id) ?? []).some(
          (r) => r.to.type === 'user',
        )
      );
    })!;
    const groupId = tenant.systemGroupBindings.get(system.id)![0].to.id;
    const userIds = new Set(tenant.users.map((u) => u.id));
    const members = new Set(
      tenant.groupMembers
        .get(groupId)!
        .filter((r) => r.to.type === 'user' && userIds.has(r.to.id))
        .map((r) => r.to.id),
    );
    const res = await get(sim, `/api/v2/systems/${system.id}/users?limit=100`);
    const rows: GraphObjectWithPaths[] = await res.json();
    const viaGroup = rows.filter((r) =>
      r.paths.some((p) => p.length === 2 && p[0].to.id === groupId),
    );
    expect(new Set(viaGroup.map((r) => r.id))).toEqual(members);
    const sample = viaGroup[0];
    const path = sample.paths.find((p) => p.length === 2)!;
    expect(path[0].to).toMatchObject({ id: groupId, type: 'user_group' });
    expect(path[1]).toEqual({
      attributes: null,
      to: { attributes: null, id: sample.id, type: 'user' },
    });
    expect(sample.compiledAttributes).toHaveProperty('sudo');
    expect(res.headers.get('x-total-count')).toBe(String(rows.length));
  });

  test('traversals: 404 for unknown or deleted ids, 400 over 100, skip', async () => {
    for (const path of [
      `/api/v2/systems/${'e'.repeat(24)}/users`,
      `/api/v2/users/${'e'.repeat(24)}/systems`,
      `/api/v2/users/${[...tenant.deletedUserIds][0]}/systems`,
      `/api/v2/systems/${'e'.repeat(24)}/associations?targets=user`,
    ]) {
      const res = await get(sim, path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'Not Found' });
    }
    const busy = tenant.systems.find(
      (s) => tenant.systemUserBindings.get(s.id)!.length >= 2,
    )!;
    const base = `/api/v2/systems/${busy.id}/users`;
    expect((await get(sim, `${base}?limit=101`)).status).toBe(400);
    const all = await (await get(sim, base)).json();
    const rest = await (await get(sim, `${base}?skip=1`)).json();
    expect(rest).toEqual(all.slice(1));
  });

  test('system associations: direct rows, filtered by targets', async () => {
    const system = tenant.systems.find(
      (s) =>
        tenant.systemUserBindings.get(s.id)!.length > 0 &&
        tenant.systemGroupBindings.get(s.id)!.length > 0,
    )!;
    const base = `/api/v2/systems/${system.id}/associations`;
    expect((await get(sim, base)).status).toBe(400);
    expect((await get(sim, `${base}?targets=system`)).status).toBe(400);
    expect(
      await (await get(sim, `${base}?targets=user&limit=100`)).json(),
    ).toEqual(tenant.systemUserBindings.get(system.id));
    expect(
      await (await get(sim, `${base}?targets=user_group&limit=100`)).json(),
    ).toEqual(tenant.systemGroupBindings.get(system.id));
    const both = await get(sim, `${base}?targets=user,user_group&limit=100`);
    expect(both.headers.get('x-total-count')).toBe(
      String(
        tenant.systemUserBindings.get(system.id)!.length +
          tenant.systemGroupBindings.get(system.id)!.length,
      ),
    );
    expect(await (await get(sim, `${base}?targets=command`)).json()).toEqual(
      [],
    );
  });
});

describe('multi-tenant key: administrators and systems', () => {
  let tenants: Tenant[];
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenants = [41, 42, 43].map((seed) =>
      generateTenant({
        seed,
        users: 30,
        groups: 4,
        ssoEvents: 20,
        now: NOW,
      }),
    );
    sim = await startSimulator({ tenants, apiKey: KEY });
  });
  afterAll(() => sim.close());

  test('/api/users lists every tenant’s admins and the portal’s, without x-org-id', async () => {
    const body = await (await get(sim, '/api/users?limit=100')).json();
    const expected = expectedPortalAdmins(tenants);
    expect(body.totalCount).toBe(expected.length);
    expect(
      body.results.map((a: { _id: string; organization: string }) => [
        a._id,
        a.organization,
      ]),
    ).toEqual(
      expected
        .map((a) => [a.id, a.organization])
        .sort((x, y) => (x[0] < y[0] ? -1 : 1)),
    );
    const orgIds = tenants.map((t) => t.organization.id);
    const portal = body.results.filter(
      (a: { organization: string }) => !orgIds.includes(a.organization),
    );
    expect(portal).toHaveLength(2);

    for (const header of [tenants[0].organization.id, 'not-an-id']) {
      const res = await get(sim, '/api/users', { 'x-org-id': header });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual(FORBIDDEN_HEADER);
    }
  });

  test('systems and bindings are per tenant, chosen by x-org-id', async () => {
    expect((await get(sim, '/api/systems')).status).toBe(401);
    for (const t of tenants) {
      const headers = { 'x-org-id': t.organization.id };
      const body = await (
        await get(sim, '/api/systems?limit=100', headers)
      ).json();
      expect(body.totalCount).toBe(15);
      expect(body.results.map((s: { _id: string }) => s._id)).toEqual(
        t.systems.map((s) => s.id),
      );
      expect(
        body.results.every(
          (s: { organization: string }) => s.organization === t.organization.id,
        ),
      ).toBe(true);
      const pair = expectedDeviceUsers(t)[0];
      const rows = await v2All(
        sim,
        `/api/v2/systems/${pair.systemId}/users`,
        headers,
      );
      expect(rows.map((r) => r.id)).toContain(pair.userId);
      const back = await v2All(
        sim,
        `/api/v2/users/${pair.userId}/systems`,
        headers,
      );
      expect(back.map((r) => r.id)).toContain(pair.systemId);
    }
    // Another tenant's system is unknown here.
    const other = tenants[1].systems[0].id;
    const res = await get(sim, `/api/v2/systems/${other}/users`, {
      'x-org-id': tenants[0].organization.id,
    });
    expect(res.status).toBe(404);
  });
});
