import fetch from 'node-fetch';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';
import { GraphConnection } from './types';

const KEY = 'access-routes-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const NOT_FOUND = '{"message":"Not Found"}';
const TARGETS_REQUIRED = {
  message: 'Bad Request: request parameter "targets" is required',
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

/** Every row of a v2 list, paged with `limit`; checks x-total-count on each page. */
async function v2All<T>(
  sim: RunningSimulator,
  path: string,
  limit = 100,
  headers: Record<string, string> = {},
): Promise<T[]> {
  const rows: T[] = [];
  for (let skip = 0; ; skip += limit) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await get(
      sim,
      `${path}${sep}limit=${limit}&skip=${skip}`,
      headers,
    );
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(Array.isArray(page)).toBe(true);
    rows.push(...page);
    if (page.length < limit) {
      expect(res.headers.get('x-total-count')).toBe(String(rows.length));
      return rows;
    }
  }
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('device group, association and policy routes', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({ seed: 3, users: 200, now: NOW });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  test('GET /api/v2/systemgroups: bare array, x-total-count, default limit 10, paging, sort, fields, 400s', async () => {
    const first = await get(sim, '/api/v2/systemgroups');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBe(
      String(tenant.systemGroups.length),
    );
    const page = await first.json();
    expect(page).toEqual(plain(tenant.systemGroups.slice(0, 10)));
    expect(await v2All(sim, '/api/v2/systemgroups', 4)).toEqual(
      plain(tenant.systemGroups),
    );
    const byName = await (
      await get(sim, '/api/v2/systemgroups?limit=100&sort=-name&fields=name')
    ).json();
    const names = byName.map((g: { name: string }) => g.name);
    expect(names).toEqual(
      tenant.systemGroups
        .map((g) => g.name)
        .sort()
        .reverse(),
    );
    expect(Object.keys(byName[0]).sort()).toEqual(['id', 'name']);
    expect((await get(sim, '/api/v2/systemgroups?limit=101')).status).toBe(400);
    expect(
      (await get(sim, '/api/v2/systemgroups?filter=name:eq:Kiosks')).status,
    ).toBe(400);
  });

  test('GET /api/v2/systemgroups/{id}: the record; unknown and deleted ids 404', async () => {
    const group = tenant.systemGroups[3];
    const res = await get(sim, `/api/v2/systemgroups/${group.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(plain(group));
    for (const id of ['e'.repeat(24), [...tenant.deletedSystemGroupIds][0]]) {
      for (const suffix of ['', '/members', '/associations?targets=user']) {
        const missing = await get(sim, `/api/v2/systemgroups/${id}${suffix}`);
        expect(missing.status).toBe(404);
        expect(await missing.text()).toBe(NOT_FOUND);
      }
    }
  });

  test('GET /api/v2/systemgroups/{id}/members: every row, paged, deleted devices included', async () => {
    const group = tenant.systemGroups.reduce((a, b) =>
      tenant.systemGroupMembers.get(a.id)!.length >=
      tenant.systemGroupMembers.get(b.id)!.length
        ? a
        : b,
    );
    const rows = tenant.systemGroupMembers.get(group.id)!;
    expect(rows.length).toBeGreaterThan(10);
    const path = `/api/v2/systemgroups/${group.id}/members`;
    expect(await v2All(sim, path, 7)).toEqual(plain(rows));
    const res = await get(sim, path);
    expect(await res.json()).toHaveLength(10);
    expect(res.headers.get('x-total-count')).toBe(String(rows.length));
    const empty = tenant.systemGroups.find(
      (g) => tenant.systemGroupMembers.get(g.id)!.length === 0,
    )!;
    const none = await get(sim, `/api/v2/systemgroups/${empty.id}/members`);
    expect(await none.json()).toEqual([]);
    expect(none.headers.get('x-total-count')).toBe('0');
  });

  test('GET /api/v2/systemgroups/{id}/associations: targets required, from the spec enum, comma-separated or repeated', async () => {
    const group = tenant.systemGroups.find((g) => {
      const rows = tenant.systemGroupAssociations.get(g.id)!;
      return (
        rows.some((r) => r.to.type === 'user') &&
        rows.some((r) => r.to.type === 'user_group')
      );
    })!;
    const rows = tenant.systemGroupAssociations.get(group.id)!;
    const base = `/api/v2/systemgroups/${group.id}/associations`;
    const missing = await get(sim, base);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual(TARGETS_REQUIRED);
    expect((await get(sim, `${base}?targets=`)).status).toBe(400);
    const invalid = await get(sim, `${base}?targets=user,system`);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).message).toBe(
      'Bad Request: invalid target type "system", valid types are: command, policy, policy_group, radius_server, user, user_group',
    );
    const only = (type: string) =>
      plain(rows.filter((r) => r.to.type === type));
    expect(await v2All(sim, `${base}?targets=user`)).toEqual(only('user'));
    expect(await v2All(sim, `${base}?targets=user_group`)).toEqual(
      only('user_group'),
    );
    expect(await v2All(sim, `${base}?targets=user,user_group`)).toEqual(
      plain(rows),
    );
    expect(await v2All(sim, `${base}?targets=user_group&targets=user`)).toEqual(
      plain(rows),
    );
    expect(await v2All(sim, `${base}?targets=radius_server`)).toEqual([]);
  });

  test('GET /api/v2/usergroups/{id}/associations: the devices, device groups and applications bound to the group', async () => {
    const group = tenant.groups.find((g) =>
      [...tenant.systemGroupAssociations.values()].some((rows) =>
        rows.some((r) => r.to.id === g.id),
      ),
    )!;
    const base = `/api/v2/usergroups/${group.id}/associations`;
    const boundTo = (map: Map<string, GraphConnection[]>) =>
      [...map]
        .filter(([, rows]) => rows.some((r) => r.to.id === group.id))
        .map(([id]) => id)
        .sort();
    const systemGroups: GraphConnection[] = await v2All(
      sim,
      `${base}?targets=system_group`,
    );
    expect(systemGroups.map((r) => r.to.id)).toEqual(
      boundTo(tenant.systemGroupAssociations),
    );
    for (const row of systemGroups) {
      const binding = tenant.systemGroupAssociations
        .get(row.to.id)!
        .find((r) => r.to.id === group.id)!;
      expect(row).toEqual({
        attributes: binding.attributes,
        to: { attributes: null, id: row.to.id, type: 'system_group' },
      });
    }
    const systems: GraphConnection[] = await v2All(
      sim,
      `${base}?targets=system`,
    );
    expect(systems.map((r) => r.to.id)).toEqual(
      boundTo(tenant.systemGroupBindings),
    );
    const apps: GraphConnection[] = await v2All(
      sim,
      `${base}?targets=application`,
    );
    expect(apps.map((r) => r.to.id)).toEqual(
      boundTo(tenant.applicationAssociations),
    );
    const both = await v2All(sim, `${base}?targets=system,system_group`, 1);
    expect(both).toEqual([...systems, ...systemGroups]);

    const invalid = await get(sim, `${base}?targets=user`);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).message).toMatch(
      /^Bad Request: invalid target type "user", valid types are: active_directory, application, .*, system, system_group$/,
    );
    expect(
      await (await get(sim, `${base}?targets=ldap_server`)).json(),
    ).toEqual([]);
    const deleted = await get(
      sim,
      `/api/v2/usergroups/${
        [...tenant.deletedGroupIds][0]
      }/associations?targets=system`,
    );
    expect(deleted.status).toBe(404);
    expect(await deleted.text()).toBe(NOT_FOUND);
  });

  test('user group associations keep rows of deleted devices and device groups', async () => {
    const [groupId, rows] = [...tenant.staleUserGroupAssociations][0];
    const served: GraphConnection[] = await v2All(
      sim,
      `/api/v2/usergroups/${groupId}/associations?targets=system,system_group`,
    );
    for (const row of rows)
      expect(served.map((r) => r.to.id)).toContain(row.to.id);
  });

  test('GET /api/v2/authn/policies and /{id}: v2 list and item', async () => {
    const res = await get(sim, '/api/v2/authn/policies');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('8');
    expect(await res.json()).toEqual(plain(tenant.authnPolicies));
    expect(await v2All(sim, '/api/v2/authn/policies', 3)).toEqual(
      plain(tenant.authnPolicies),
    );
    const policy = tenant.authnPolicies[5];
    const one = await get(sim, `/api/v2/authn/policies/${policy.id}`);
    expect(await one.json()).toEqual(plain(policy));
    const missing = await get(sim, `/api/v2/authn/policies/${'e'.repeat(24)}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(NOT_FOUND);
    expect((await get(sim, '/api/v2/authn/policies?limit=101')).status).toBe(
      400,
    );
  });

  test('the traversal reports paths through device groups', async () => {
    const group = tenant.systemGroups.find(
      (g) =>
        tenant.systemGroupMembers
          .get(g.id)!
          .some((r) => !tenant.deletedSystemIds.has(r.to.id)) &&
        tenant.systemGroupAssociations
          .get(g.id)!
          .some((r) => r.to.type === 'user_group'),
    )!;
    const system = tenant.systemGroupMembers
      .get(group.id)!
      .find((r) => !tenant.deletedSystemIds.has(r.to.id))!.to.id;
    const rows: { paths: GraphConnection[][] }[] = await v2All(
      sim,
      `/api/v2/systems/${system}/users`,
    );
    const through = rows.flatMap((r) =>
      r.paths.filter((p) => p[0].to.id === group.id),
    );
    expect(through.length).toBeGreaterThan(0);
    for (const path of through) {
      expect(path[0]).toEqual({
        attributes: null,
        to: {
          attributes: group.attributes,
          id: group.id,
          type: 'system_group',
        },
      });
      expect(path[path.length - 1].to.type).toBe('user');
    }
  });

  test('the generic faults apply to them: statusFaults, listLie', async () => {
    const group = tenant.systemGroups[0];
    sim.setFaults({
      statusFaults: [
        { pathPattern: '^/api/v2/systemgroups$', status: 403 },
        { pathPattern: '^/api/v2/authn/policies$', status: 402 },
      ],
      listLie: {
        pathPattern: '^/api/v2/systemgroups/[^/]+/members$',
        kind: 'low-total',
      },
    });
    const forbidden = await get(sim, '/api/v2/systemgroups');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: 'Forbidden',
      message: 'Forbidden: insufficient permissions',
    });
    expect((await get(sim, '/api/v2/authn/policies')).status).toBe(402);
    const busy = tenant.systemGroups.find(
      (g) => tenant.systemGroupMembers.get(g.id)!.length > 3,
    )!;
    const lied = await get(
      sim,
      `/api/v2/systemgroups/${busy.id}/members?limit=2`,
    );
    expect(lied.headers.get('x-total-count')).toBe('2');
    expect(sim.requests[sim.requests.length - 1].fault).toBe('list-lie');
    expect((await get(sim, `/api/v2/systemgroups/${group.id}`)).status).toBe(
      200,
    );
  });
});

describe('a multi-tenant key: device groups and policies per organization', () => {
  let tenants: Tenant[];
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenants = [51, 52].map((seed) =>
      generateTenant({ seed, users: 40, groups: 5, ssoEvents: 20, now: NOW }),
    );
    sim = await startSimulator({ tenants, apiKey: KEY });
  });
  afterAll(() => sim.close());

  test('x-org-id is required and selects the organization', async () => {
    for (const path of [
      '/api/v2/systemgroups',
      '/api/v2/authn/policies',
      `/api/v2/systemgroups/${tenants[0].systemGroups[0].id}/members`,
    ]) {
      const res = await get(sim, path);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        message: 'Unauthorized: no organization selected',
      });
    }
    for (const t of tenants) {
      const headers = { 'x-org-id': t.organization.id };
      expect(await v2All(sim, '/api/v2/systemgroups', 100, headers)).toEqual(
        plain(t.systemGroups),
      );
      expect(await v2All(sim, '/api/v2/authn/policies', 100, headers)).toEqual(
        plain(t.authnPolicies),
      );
    }
    const other = tenants[1].systemGroups[0].id;
    const res = await get(sim, `/api/v2/systemgroups/${other}`, {
      'x-org-id': tenants[0].organization.id,
    });
    expect(res.status).toBe(404);
  });
});
