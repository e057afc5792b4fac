import fetch from 'node-fetch';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

const KEY = 'server-test-key';
const NOW = new Date('2026-11-01T10:00:00Z');

function get(
  sim: RunningSimulator,
  path: string,
  headers: Record<string, string> = {},
) {
  return fetch(`${sim.url}${path}`, {
    headers: { 'x-api-key': KEY, ...headers },
  });
}

describe('single-tenant key', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({
      seed: 5,
      users: 250,
      groups: 12,
      applications: 12,
      ssoEvents: 200,
      now: NOW,
    });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterAll(() => sim.close());

  test('listens on loopback and exposes base URLs', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.apiBaseUrl).toBe(`${sim.url}/api`);
    expect(sim.insightsApiBaseUrl).toBe(`${sim.url}/insights/directory/v1`);
  });

  test('rejects a missing or wrong API key with the real 401 body', async () => {
    const variants: Record<string, string>[] = [{}, { 'x-api-key': 'nope' }];
    for (const headers of variants) {
      const res = await fetch(`${sim.apiBaseUrl}/systemusers`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: 'Unauthorized',
        message: 'Unauthorized: api key user not found',
      });
    }
  });

  test('v1 users: default limit 10, totalCount, _id and id, no x-total-count', async () => {
    const res = await get(sim, '/api/systemusers');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/json; charset=utf-8',
    );
    expect(res.headers.get('x-total-count')).toBeNull();
    expect(res.headers.get('x-response-time')).toMatch(/^\d+ms$/);
    const body = await res.json();
    expect(body.totalCount).toBe(250);
    expect(body.results).toHaveLength(10);
    expect(body.results[0]._id).toBe(tenant.users[0].id);
    expect(body.results[0].id).toBe(tenant.users[0].id);
  });

  test('v1 users: paging with limit=100 returns every user once', async () => {
    const seen: string[] = [];
    for (let skip = 0; ; skip += 100) {
      const body = await (
        await get(sim, `/api/systemusers?limit=100&skip=${skip}&sort=_id`)
      ).json();
      seen.push(...body.results.map((u: { id: string }) => u.id));
      if (body.results.length < 100) break;
    }
    expect(seen).toEqual(tenant.users.map((u) => u.id));
  });

  test('v1 limit over 100 or not a number answers 400', async () => {
    const over = await get(sim, '/api/systemusers?limit=101');
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      message:
        'Bad Request: request parameter "limit" exceeds maximum value of 100',
    });
    expect((await get(sim, '/api/systemusers?limit=ten')).status).toBe(400);
    expect((await get(sim, '/api/applications?skip=-1')).status).toBe(400);
  });

  test('v1 sort: -_id reverses, any field sorts, applications default to name', async () => {
    const desc = await (
      await get(sim, '/api/systemusers?sort=-_id&limit=3')
    ).json();
    expect(desc.results.map((u: { id: string }) => u.id)).toEqual(
      tenant.users
        .slice(-3)
        .reverse()
        .map((u) => u.id),
    );
    const byName = await (
      await get(sim, '/api/systemusers?sort=username&limit=100')
    ).json();
    const names = byName.results.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort());
    const apps = await (await get(sim, '/api/applications?limit=100')).json();
    expect(apps.totalCount).toBe(12);
    const appNames = apps.results.map((a: { name: string }) => a.name);
    expect(appNames).toEqual([...appNames].sort());
    expect(apps.results[0].config).toBeDefined();
  });

  test('v1 fields selects fields and keeps ids', async () => {
    const body = await (
      await get(sim, '/api/applications?fields=name%20displayLabel&limit=1')
    ).json();
    expect(Object.keys(body.results[0]).sort()).toEqual([
      '_id',
      'displayLabel',
      'id',
      'name',
    ]);
  });

  test('organizations: the one org; x-org-id there is forbidden', async () => {
    const body = await (await get(sim, '/api/organizations')).json();
    expect(body).toEqual({ totalCount: 1, results: [tenant.organization] });
    const empty = await get(sim, '/api/organizations', { 'x-org-id': '' });
    expect(empty.status).toBe(200);
    const forbidden = await get(sim, '/api/organizations', {
      'x-org-id': tenant.organization.id,
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      message: 'Forbidden: organization selection not allowed via header',
      error: 'Forbidden',
    });
  });

  test('x-org-id is optional; malformed → 400, unknown → 404', async () => {
    expect(
      (await get(sim, '/api/systemusers', { 'x-org-id': '' })).status,
    ).toBe(200);
    expect(
      (
        await get(sim, '/api/systemusers', {
          'x-org-id': tenant.organization.id,
        })
      ).status,
    ).toBe(200);
    const bad = await get(sim, '/api/systemusers', { 'x-org-id': 'not-an-id' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/^Bad Request/);
    expect(
      (await get(sim, '/api/systemusers', { 'x-org-id': 'a'.repeat(24) }))
        .status,
    ).toBe(404);
  });

  test('v2 groups: bare array with x-total-count', async () => {
    const res = await get(sim, '/api/v2/usergroups?limit=5&skip=10');
    expect(res.headers.get('x-total-count')).toBe('12');
    const body = await res.json();
    expect(body.map((g: { id: string }) => g.id)).toEqual(
      tenant.groups.slice(10, 15).map((g) => g.id),
    );
    expect((await get(sim, '/api/v2/usergroups?limit=101')).status).toBe(400);
    const defaults = await (await get(sim, '/api/v2/usergroups')).json();
    expect(defaults).toHaveLength(10);
  });

  test('v2 members: every direct row of a group, paged', async () => {
    const group = tenant.groups.find(
      (g) => tenant.groupMembers.get(g.id)!.length > 12,
    )!;
    const expected = tenant.groupMembers.get(group.id)!;
    const rows: unknown[] = [];
    for (let skip = 0; ; skip += 10) {
      const res = await get(
        sim,
        `/api/v2/usergroups/${group.id}/members?skip=${skip}`,
      );
      expect(res.headers.get('x-total-count')).toBe(String(expected.length));
      const page = await res.json();
      rows.push(...page);
      if (page.length < 10) break;
    }
    expect(rows).toEqual(expected);
    const missing = await get(
      sim,
      `/api/v2/usergroups/${'b'.repeat(24)}/members`,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });

  test('v2 associations: targets required, filtered by type', async () => {
    const app = tenant.applications.find((a) => {
      const rows = tenant.applicationAssociations.get(a.id)!;
      return (
        rows.some((r) => r.to.type === 'user') &&
        rows.some((r) => r.to.type === 'user_group')
      );
    })!;
    const rows = tenant.applicationAssociations.get(app.id)!;
    const base = `/api/v2/applications/${app.id}/associations`;
    expect((await get(sim, base)).status).toBe(400);
    expect((await get(sim, `${base}?targets=system`)).status).toBe(400);
    const users = await (
      await get(sim, `${base}?targets=user&limit=100`)
    ).json();
    expect(users).toEqual(rows.filter((r) => r.to.type === 'user'));
    const groups = await get(sim, `${base}?targets=user_group&limit=100`);
    expect(groups.headers.get('x-total-count')).toBe(
      String(rows.filter((r) => r.to.type === 'user_group').length),
    );
    expect(
      (
        await get(
          sim,
          `/api/v2/applications/${'c'.repeat(24)}/associations?targets=user`,
        )
      ).status,
    ).toBe(404);
  });

  test('unknown routes and methods answer 404', async () => {
    expect((await get(sim, '/api/commands')).status).toBe(404);
    const post = await fetch(`${sim.apiBaseUrl}/systemusers`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
    });
    expect(post.status).toBe(404);
    expect(await post.json()).toEqual({ message: 'Not Found' });
  });

  test('the request log records method, path, query, status, org header and times', async () => {
    const before = sim.requests.length;
    const started = Date.now();
    await get(sim, '/api/v2/usergroups?limit=2', {
      'x-org-id': tenant.organization.id,
    });
    const finished = Date.now();
    expect(sim.requests.slice(before)).toEqual([
      {
        method: 'GET',
        path: '/api/v2/usergroups',
        query: 'limit=2',
        status: 200,
        orgId: tenant.organization.id,
        receivedAt: expect.any(Number),
        answeredAt: expect.any(Number),
      },
    ]);
    const { receivedAt, answeredAt } = sim.requests[before];
    expect(started).toBeLessThanOrEqual(receivedAt);
    expect(receivedAt).toBeLessThanOrEqual(answeredAt);
    expect(answeredAt).toBeLessThanOrEqual(finished);
  });

  test('serves concurrent requests', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, k) =>
        get(sim, `/api/systemusers?limit=10&skip=${k * 10}`).then((r) =>
          r.json(),
        ),
      ),
    );
    const ids = results.flatMap((b) =>
      b.results.map((u: { id: string }) => u.id),
    );
    expect(ids).toEqual(tenant.users.map((u) => u.id));
  });
});

describe('multi-tenant key', () => {
  let tenants: Tenant[];
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenants = [1, 2, 3].map((seed) =>
      generateTenant({ seed, users: 20, groups: 3, ssoEvents: 50, now: NOW }),
    );
    sim = await startSimulator({ tenants, apiKey: KEY });
  });
  afterAll(() => sim.close());

  test('organizations lists every tenant without x-org-id', async () => {
    const body = await (await get(sim, '/api/organizations')).json();
    expect(body.totalCount).toBe(3);
    expect(body.results.map((o: { id: string }) => o.id).sort()).toEqual(
      tenants.map((t) => t.organization.id).sort(),
    );
  });

  test('other routes need x-org-id and serve that tenant', async () => {
    const missing = await get(sim, '/api/systemusers');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      message: 'Unauthorized: no organization selected',
    });
    expect(
      (await get(sim, '/api/systemusers', { 'x-org-id': '' })).status,
    ).toBe(401);
    expect(
      (await get(sim, '/api/systemusers', { 'x-org-id': 'd'.repeat(24) }))
        .status,
    ).toBe(404);
    for (const t of tenants) {
      const body = await (
        await get(sim, '/api/systemusers?limit=1', {
          'x-org-id': t.organization.id,
        })
      ).json();
      expect(body.results[0].id).toBe(t.users[0].id);
      expect(body.results[0].organization).toBe(t.organization.id);
    }
    const di = await fetch(`${sim.insightsApiBaseUrl}/events`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        service: ['sso'],
        start_time: '2026-10-01T00:00:00Z',
      }),
    });
    expect(di.status).toBe(401);
  });

  test('refuses two tenants with the same organization id', async () => {
    await expect(
      startSimulator({ tenants: [tenants[0], tenants[0]], apiKey: KEY }),
    ).rejects.toThrow(/organization id/);
  });
});
