import fetch from 'node-fetch';
import { portalAdministrators } from './admins';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

const KEY = 'item-routes-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const NO_ORG = { message: 'Unauthorized: no organization selected' };

function get(
  sim: RunningSimulator,
  path: string,
  headers: Record<string, string> = {},
) {
  return fetch(`${sim.url}${path}`, {
    headers: { 'x-api-key': KEY, ...headers },
  });
}

async function ids(res: Awaited<ReturnType<typeof get>>): Promise<string[]> {
  expect(res.status).toBe(200);
  return (await res.json()).results.map((r: { _id: string }) => r._id);
}

describe('item routes', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({
      seed: 6,
      users: 30,
      groups: 5,
      applications: 4,
      now: NOW,
    });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  test('each answers the object its list serves; an unknown id is 404', async () => {
    const items: [string, { id: string }][] = [
      ['/api/v2/usergroups', tenant.groups[2]],
      ['/api/systemusers', tenant.users[7]],
      ['/api/applications', tenant.applications[1]],
      ['/api/systems', tenant.systems[3]],
    ];
    for (const [base, record] of items) {
      const res = await get(sim, `${base}/${record.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/json; charset=utf-8',
      );
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(record)));
      const missing = await get(sim, `${base}/${'e'.repeat(24)}`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe('{"message":"Not Found"}');
    }
  });

  test('v1 user and system items accept fields', async () => {
    const user = tenant.users[0];
    const body = await (
      await get(sim, `/api/systemusers/${user.id}?fields=email%20username`)
    ).json();
    expect(body).toEqual({
      _id: user.id,
      id: user.id,
      email: user.email,
      username: user.username,
    });
  });

  test('targeted faults apply: a transient 404 on one group', async () => {
    const id = tenant.groups[0].id;
    sim.setFaults({
      statusFaults: [
        { pathPattern: `^/api/v2/usergroups/${id}$`, status: 404, times: 1 },
      ],
    });
    expect((await get(sim, `/api/v2/usergroups/${id}`)).status).toBe(404);
    expect((await get(sim, `/api/v2/usergroups/${id}`)).status).toBe(200);
  });

  test('the user item serves the drift user once paging drift struck', async () => {
    const drifting = await startSimulator({
      tenants: [tenant],
      apiKey: KEY,
      faults: { pagingDrift: true },
    });
    try {
      await get(drifting, '/api/systemusers?limit=2'); // a walk's first page
      const [top] = await ids(await get(drifting, '/api/systemusers?limit=1'));
      expect(tenant.users.some((u) => u.id === top)).toBe(false);
      const res = await get(drifting, `/api/systemusers/${top}`);
      expect(res.status).toBe(200);
      expect((await res.json()).id).toBe(top);
    } finally {
      await drifting.close();
    }
  });
});

describe('x-org-id faults', () => {
  let tenants: Tenant[];
  let single: RunningSimulator;
  let multi: RunningSimulator;
  beforeAll(async () => {
    tenants = [7, 8, 9].map((seed) =>
      generateTenant({ seed, users: 20, groups: 3, ssoEvents: 20, now: NOW }),
    );
    single = await startSimulator({ tenants: [tenants[0]], apiKey: KEY });
    multi = await startSimulator({ tenants, apiKey: KEY });
  });
  afterEach(() => {
    single.setFaults({});
    multi.setFaults({});
  });
  afterAll(async () => {
    await single.close();
    await multi.close();
  });

  test('requireOrgHeader: a one-organization key must select it on tenant routes', async () => {
    single.setFaults({ requireOrgHeader: true });
    const org = { 'x-org-id': tenants[0].organization.id };
    for (const path of [
      '/api/systemusers',
      `/api/v2/usergroups/${tenants[0].groups[0].id}`,
    ]) {
      const missing = await get(single, path);
      expect(missing.status).toBe(401);
      expect(await missing.json()).toEqual(NO_ORG);
      expect((await get(single, path, org)).status).toBe(200);
    }
    const events = await fetch(`${single.insightsApiBaseUrl}/events`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        service: ['sso'],
        start_time: '2026-10-01T00:00:00Z',
      }),
    });
    expect(events.status).toBe(401);
    expect((await get(single, '/api/organizations')).status).toBe(200);
    // The administrators route still refuses the header by default.
    expect((await get(single, '/api/users')).status).toBe(200);
    expect((await get(single, '/api/users', org)).status).toBe(403);
  });

  test("adminsOrgHeader 'required': the organization's admins and the portal's, ordered by _id, paged", async () => {
    multi.setFaults({ adminsOrgHeader: 'required' });
    const missing = await get(multi, '/api/users');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual(NO_ORG);
    const portal = portalAdministrators(tenants).map((a) => a._id);
    expect(portal).toHaveLength(2);
    for (const tenant of tenants) {
      const org = { 'x-org-id': tenant.organization.id };
      const expected = [...tenant.admins.map((a) => a._id), ...portal].sort();
      const res = await get(multi, '/api/users?limit=100', org);
      expect(await ids(res)).toEqual(expected);
      const page = await (
        await get(multi, '/api/users?limit=3&skip=3', org)
      ).json();
      expect(page.totalCount).toBe(expected.length);
      expect(page.results.map((a: { _id: string }) => a._id)).toEqual(
        expected.slice(3, 6),
      );
    }
    expect(
      (await get(multi, '/api/users', { 'x-org-id': 'a'.repeat(24) })).status,
    ).toBe(404);
    expect(
      (await get(multi, '/api/users', { 'x-org-id': 'not-an-id' })).status,
    ).toBe(400);
  });

  test("adminsOrgHeader 'required' with a one-organization key: optional unless requireOrgHeader", async () => {
    const admins = tenants[0].admins.map((a) => a._id);
    const org = { 'x-org-id': tenants[0].organization.id };
    single.setFaults({ adminsOrgHeader: 'required' });
    expect(await ids(await get(single, '/api/users'))).toEqual(admins);
    expect(await ids(await get(single, '/api/users', org))).toEqual(admins);
    single.setFaults({ adminsOrgHeader: 'required', requireOrgHeader: true });
    expect((await get(single, '/api/users')).status).toBe(401);
    expect(await ids(await get(single, '/api/users', org))).toEqual(admins);
  });

  test("adminsOrgHeader 'refused' is today's behaviour", async () => {
    multi.setFaults({ adminsOrgHeader: 'refused' });
    const all = await (await get(multi, '/api/users')).json();
    expect(all.totalCount).toBe(3 * 5 + 2);
    const refused = await get(multi, '/api/users', {
      'x-org-id': tenants[0].organization.id,
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toBe(
      'Forbidden: organization selection not allowed via header',
    );
  });

  test('item routes select the tenant by x-org-id; an id of another tenant is 404', async () => {
    const user = tenants[1].users[0];
    expect((await get(multi, `/api/systemusers/${user.id}`)).status).toBe(401);
    const own = await get(multi, `/api/systemusers/${user.id}`, {
      'x-org-id': tenants[1].organization.id,
    });
    expect((await own.json()).id).toBe(user.id);
    const other = await get(multi, `/api/systemusers/${user.id}`, {
      'x-org-id': tenants[0].organization.id,
    });
    expect(other.status).toBe(404);
  });
});
