import fetch from 'node-fetch';
import { eventRow } from './eventRows';
import { RunningSimulator, startSimulator } from './server';
import { defaultSaasApplicationCount } from './saas';
import {
  expectedSaasAccounts,
  expectedSaasApplications,
  expectedSaasTotals,
} from './saasGroundTruth';
import { generateTenant, Tenant } from './tenant';
import { SaasAccount, SaasLicenses, SaasUsageRow } from './types';

const KEY = 'saas-management-test-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const NOW_MS = NOW.getTime();
const DAY = 86_400_000;
const SAAS = '/api/v2/saas-management';
const SEEDS = [1, 2, 3, 4, 5];

/** The spec's fields of a list item (`PublicAPIApplicationListEntity`) and of the item (`PublicAPIApplication`). */
const LIST_FIELDS = [
  'id',
  'catalog_app_id',
  'owner_user_id',
  'status',
  'access_restriction',
  'custom_restriction_message',
  'discovered_at',
  'restriction_excluded_group_ids',
  'discovery_source_types',
];
const ITEM_FIELDS = [
  'id',
  'name',
  'catalog_app_id',
  'owner_user_id',
  'status',
  'access_restriction',
  'alternative_button',
  'alternative_button_url',
  'custom_restriction_message',
  'discovered_at',
  'restriction_excluded_group_ids',
  'sso_apps',
];
const ACCOUNT_FIELDS = ['id', 'user_id', 'parent_app_id', 'email', 'username'];
const USAGE_FIELDS = [
  'account_id',
  'latest_used_at',
  'account_email',
  'account_username',
  'user_id',
  'user_email',
];
const TIER_FIELDS = [
  'id',
  'name',
  'count',
  'cost_per_license',
  'assigned',
  'unassigned',
  'is_unlimited',
];
const CONTRACT_FIELDS = ['cost', 'currency', 'term', 'renewal_date', 'notes'];

const tenants = new Map<number, Tenant>();
/** A tenant of 120 users and the default 15 SSO applications, per seed. */
function tenantOf(seed: number): Tenant {
  let t = tenants.get(seed);
  if (!t) {
    t = generateTenant({ seed, users: 120, now: NOW });
    tenants.set(seed, t);
  }
  return t;
}

const allAccounts = (t: Tenant) => [...t.saas.accounts.values()].flat();
const folded = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const keysWithin = (record: object, allowed: string[]) =>
  Object.keys(record).every((k) => allowed.includes(k));

describe('SaaS Management data', () => {
  test('about twice the SSO applications, at least 6 with users, at most 300; the options override', () => {
    expect(defaultSaasApplicationCount(120, 15)).toBe(30);
    expect(defaultSaasApplicationCount(10, 1)).toBe(6);
    expect(defaultSaasApplicationCount(0, 2)).toBe(4);
    expect(defaultSaasApplicationCount(100_000, 300)).toBe(300);
    expect(tenantOf(7).saas.applications).toHaveLength(30);
    const small = (options: object) =>
      generateTenant({
        seed: 9,
        users: 20,
        groups: 3,
        applications: 2,
        ssoEvents: 10,
        now: NOW,
        ...options,
      }).saas;
    expect(small({}).applications).toHaveLength(6);
    expect(small({ saasApplications: 11 }).applications).toHaveLength(11);
    const none = small({ saasApplications: 0 });
    expect(none.enabled).toBe(true);
    expect(none.applications).toEqual([]);
    const off = small({ saasManagement: false });
    expect(off.enabled).toBe(false);
    expect(off.applications).toEqual([]);
    expect(() => small({ saasApplications: -1 })).toThrow(/saasApplications/);
  });

  test('the rest of the tenant is the same, byte for byte, with or without SaaS Management; SaaS Management is the same with odd records', () => {
    const options = { seed: 4, users: 200, now: NOW };
    const full = generateTenant(options);
    const bare = generateTenant({ ...options, saasApplications: 0 });
    const off = generateTenant({ ...options, saasManagement: false });
    for (const other of [bare, off]) {
      const same = (pick: (t: Tenant) => unknown) =>
        expect(JSON.stringify(pick(other))).toBe(JSON.stringify(pick(full)));
      same((t) => t.organization);
      same((t) => t.users);
      same((t) => t.groups);
      same((t) => [...t.groupMembers]);
      same((t) => t.applications);
      same((t) => [...t.applicationAssociations]);
      same((t) => t.removedApplications);
      same((t) => t.admins);
      same((t) => t.systems);
      same((t) => [...t.systemUserBindings]);
      same((t) => [...t.systemGroupBindings]);
      same((t) => t.systemGroups);
      same((t) => [...t.systemGroupMembers]);
      same((t) => [...t.systemGroupAssociations]);
      same((t) => t.authnPolicies);
      expect(other.events.size).toBe(full.events.size);
      for (let i = 0; i < full.events.size; i += 97)
        expect(eventRow(other.events, i)).toEqual(eventRow(full.events, i));
    }
    const odd = generateTenant({ ...options, oddRecords: true });
    const saasOf = (t: Tenant) =>
      JSON.stringify([
        t.saas.applications,
        [...t.saas.accounts],
        [...t.saas.lastUsedMs],
        [...t.saas.licenses],
      ]);
    expect(saasOf(odd)).toBe(saasOf(full));
    expect(saasOf(generateTenant(options))).toBe(saasOf(full));
  });

  test.each(SEEDS)(
    'seed %i: shadow IT and named like SSO applications (another case, extra spaces), one like two of them, near misses',
    (seed) => {
      const t = tenantOf(seed);
      const apps = expectedSaasApplications(t, NOW_MS);
      const raw = new Map(t.saas.applications.map((a) => [a.id, a.name]));
      const shadow = apps.filter((a) => a.shadowIt);
      const matched = apps.filter((a) => !a.shadowIt);
      expect(shadow.length).toBeGreaterThan(apps.length / 3);
      expect(matched.length).toBeGreaterThan(apps.length / 5);
      // Named like one in another case or with spaces, never byte for byte
      // the SSO name for the first two: "  slack " and "ZOOM".
      const ssoNames = new Set(
        t.applications.flatMap((a) => [a.displayName, a.displayLabel]),
      );
      const disguised = matched.filter((a) => !ssoNames.has(raw.get(a.id)!));
      expect(disguised.length).toBeGreaterThanOrEqual(2);
      expect(disguised.some((a) => /^\s|\s$/.test(raw.get(a.id)!))).toBe(true);
      expect(
        disguised.some((a) => raw.get(a.id) === raw.get(a.id)!.toUpperCase()),
      ).toBe(true);
      // Two SSO applications share a display name on these tenants.
      expect(matched.some((a) => a.ssoApplicationIds.length >= 2)).toBe(true);
      // Near misses and a deleted SSO application's label are shadow IT.
      const displayNames = new Set(t.applications.map((a) => a.displayName));
      expect(
        shadow.some((a) =>
          [...displayNames].some((n) => a.name.startsWith(`${n} `)),
        ),
      ).toBe(true);
      const removedLabels = new Set(
        t.removedApplications.map((a) => a.displayLabel),
      );
      expect(shadow.some((a) => removedLabels.has(a.name))).toBe(true);
      // Names are distinct once compared.
      const keys = apps.map((a) => folded(a.name));
      expect(new Set(keys).size).toBe(keys.length);
    },
  );

  test.each(SEEDS)(
    'seed %i: records as the spec shapes them; statuses, owners and discovery times vary',
    (seed) => {
      const t = tenantOf(seed);
      const users = new Set(t.users.map((u) => u.id));
      const ids = t.saas.applications.map((a) => a.id);
      expect([...ids].sort()).toEqual(ids);
      for (const app of t.saas.applications) {
        expect(keysWithin(app, ITEM_FIELDS)).toBe(true);
        expect(app.id).toMatch(/^[0-9a-f]{24}$/);
        const discovered = Date.parse(app.discovered_at);
        expect(discovered).toBeGreaterThan(NOW_MS - 366 * DAY);
        expect(discovered).toBeLessThan(NOW_MS - DAY);
        if (app.owner_user_id) expect(users.has(app.owner_user_id)).toBe(true);
        expect(t.saas.accounts.has(app.id)).toBe(true);
      }
      expect(new Set(t.saas.applications.map((a) => a.status))).toEqual(
        new Set(['NEWLY_DISCOVERED', 'APPROVED', 'UNAPPROVED', 'IGNORED']),
      );
      expect(t.saas.applications.some((a) => a.owner_user_id)).toBe(true);
      expect(t.saas.applications.some((a) => !a.owner_user_id)).toBe(true);
      expect(t.saas.applications.some((a) => a.catalog_app_id)).toBe(true);
    },
  );

  test.each(SEEDS)(
    'seed %i: accounts of users, of deleted users and of nobody (user_id missing, null or empty); e-mail, username or both',
    (seed) => {
      const t = tenantOf(seed);
      const users = new Set(t.users.map((u) => u.id));
      const accounts = allAccounts(t);
      for (const [appId, rows] of t.saas.accounts) {
        const ids = rows.map((a) => a.id);
        expect([...ids].sort()).toEqual(ids);
        for (const a of rows) {
          expect(keysWithin(a, ACCOUNT_FIELDS)).toBe(true);
          expect(a.parent_app_id).toBe(appId);
          expect(a.email !== undefined || a.username !== undefined).toBe(true);
        }
      }
      const ownerOf = (a: SaasAccount) =>
        !('user_id' in a)
          ? 'missing'
          : a.user_id === null
          ? 'null'
          : a.user_id === ''
          ? 'empty'
          : users.has(a.user_id!)
          ? 'user'
          : t.deletedUserIds.has(a.user_id!)
          ? 'deleted'
          : 'unknown';
      const owners = new Map<string, number>();
      for (const a of accounts)
        owners.set(ownerOf(a), (owners.get(ownerOf(a)) ?? 0) + 1);
      expect([...owners.keys()].sort()).toEqual(
        ['deleted', 'empty', 'missing', 'null', 'user'].sort(),
      );
      expect(owners.get('user')!).toBeGreaterThan(accounts.length * 0.7);
      expect(accounts.some((a) => a.email && !a.username)).toBe(true);
      expect(accounts.some((a) => a.username && !a.email)).toBe(true);
      expect(accounts.some((a) => a.username && a.email)).toBe(true);
      // At least one application needs more than one page of 50.
      expect(
        Math.max(...[...t.saas.accounts.values()].map((r) => r.length)),
      ).toBeGreaterThan(50);
      expect([...t.saas.accounts.values()].some((r) => r.length === 0)).toBe(
        true,
      );
    },
  );

  test.each(SEEDS)(
    'seed %i: last uses within 30 days, 30 to 90, longer ago and never, each a day away from the edges',
    (seed) => {
      const t = tenantOf(seed);
      const accounts = allAccounts(t);
      const kinds = new Set<string>();
      for (const a of accounts) {
        const used = t.saas.lastUsedMs.get(a.id);
        if (used === undefined) {
          kinds.add('never');
          continue;
        }
        expect(used % 1000).toBe(0);
        expect(used).toBeLessThanOrEqual(NOW_MS - 3_600_000);
        const ageDays = (NOW_MS - used) / DAY;
        for (const edge of [30, 90])
          expect(Math.abs(ageDays - edge)).toBeGreaterThanOrEqual(1);
        kinds.add(ageDays < 30 ? 'active' : ageDays < 90 ? 'inactive' : 'old');
      }
      expect([...kinds].sort()).toEqual(
        ['active', 'inactive', 'never', 'old'].sort(),
      );
      // Classified the same a few hours later, as a collection would.
      const later = NOW_MS + 6 * 3_600_000;
      expect(expectedSaasAccounts(t, later)).toEqual(
        expectedSaasAccounts(t, NOW_MS),
      );
      expect(expectedSaasApplications(t, later)).toEqual(
        expectedSaasApplications(t, NOW_MS),
      );
    },
  );

  test.each(SEEDS)(
    'seed %i: contracts of one or two tiers above and below the active accounts, unlimited, none (404) and empty',
    (seed) => {
      const t = tenantOf(seed);
      const apps = expectedSaasApplications(t, NOW_MS);
      const limited = apps.filter((a) => a.licensesUnlimited === false);
      expect(limited.some((a) => a.licenses! > a.activeAccounts)).toBe(true);
      expect(limited.some((a) => a.licenses! < a.activeAccounts)).toBe(true);
      expect(apps.some((a) => a.licensesUnlimited === true)).toBe(true);
      const answers = t.saas.applications.map((a) => t.saas.licenses.get(a.id));
      expect(answers.some((l) => l === undefined)).toBe(true);
      expect(
        answers.some(
          (l) => l !== undefined && l.results.length === 0 && !l.contract,
        ),
      ).toBe(true);
      for (const l of answers) {
        if (!l || l.results.length === 0) continue;
        expect(l.totalCount).toBe(l.results.length);
        expect(keysWithin(l.contract!, CONTRACT_FIELDS)).toBe(true);
        for (const tier of l.results) {
          expect(keysWithin(tier, TIER_FIELDS)).toBe(true);
          expect(tier.assigned + tier.unassigned).toBe(
            tier.is_unlimited ? tier.assigned : tier.count,
          );
        }
      }
    },
  );

  test('across seeds: two-tier contracts, a tier without a price, an unlimited tier beside a limited one', () => {
    const all = SEEDS.flatMap((seed) => [
      ...tenantOf(seed).saas.licenses.values(),
    ]);
    const tiered = all.filter((l) => l.results.length > 0);
    expect(tiered.some((l) => l.results.length === 2)).toBe(true);
    expect(
      tiered.some((l) =>
        l.results.some(
          (r) => !r.is_unlimited && r.cost_per_license === undefined,
        ),
      ),
    ).toBe(true);
    expect(
      tiered.some(
        (l) =>
          l.results.some((r) => r.is_unlimited) &&
          l.results.some((r) => !r.is_unlimited),
      ),
    ).toBe(true);
  });

  test('ground truth: the rules, and totals that add up', () => {
    const t = tenantOf(7);
    const apps = expectedSaasApplications(t, NOW_MS);
    const accounts = expectedSaasAccounts(t, NOW_MS);
    const totals = expectedSaasTotals(t, NOW_MS);
    expect(totals.applications).toBe(apps.length);
    expect(totals.accounts).toBe(accounts.length);
    expect(totals.accounts).toBe(apps.reduce((s, a) => s + a.accounts, 0));
    expect(totals.ownedAccounts + totals.orphanedAccounts).toBe(
      totals.accounts,
    );
    expect(totals.shadowIt).toBe(apps.filter((a) => a.shadowIt).length);
    expect(totals.unusedLicenses).toBe(
      apps.reduce((s, a) => s + (a.unusedLicenses ?? 0), 0),
    );
    expect(totals.unusedLicenses).toBeGreaterThan(0);
    for (const app of apps) {
      const own = accounts.filter((a) => a.applicationId === app.id);
      expect(own).toHaveLength(app.accounts);
      expect(app.activeAccounts).toBe(
        own.filter((a) => a.status === 'active').length,
      );
      const seen = own.flatMap((a) => a.lastUsedOn ?? []);
      expect(app.lastUsedOn).toBe(
        seen.length > 0 ? Math.max(...seen) : undefined,
      );
      expect([...app.ssoApplicationIds].sort()).toEqual(app.ssoApplicationIds);
      if (app.licenses !== undefined)
        expect(app.unusedLicenses).toBe(
          Math.max(0, app.licenses - app.activeAccounts),
        );
    }
    for (const a of accounts) {
      if (a.owned) expect(a.userId).toBeDefined();
      if (a.status === 'unused') expect(a.lastUsedOn).toBeUndefined();
      else expect(a.lastUsedOn).toBeGreaterThanOrEqual(NOW_MS - 90 * DAY);
    }
    // A priced two-tier contract averages by seats.
    const priced = apps.find((a) => a.costPerLicense !== undefined)!;
    const tiers = t.saas.licenses.get(priced.id)!.results;
    const seats = tiers.reduce((s, r) => s + r.count, 0);
    const monthly = tiers.reduce(
      (s, r) => s + r.count * r.cost_per_license!,
      0,
    );
    expect(priced.costPerLicense).toBe(
      Math.round((monthly / seats) * 100) / 100,
    );
    const off = generateTenant({
      seed: 7,
      users: 20,
      now: NOW,
      saasManagement: false,
    });
    expect(expectedSaasTotals(off, NOW_MS)).toEqual({
      applications: 0,
      shadowIt: 0,
      accounts: 0,
      ownedAccounts: 0,
      orphanedAccounts: 0,
      unusedLicenses: 0,
    });
  });
});

describe('SaaS Management routes', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = tenantOf(7);
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}${path}`, { headers: { 'x-api-key': KEY, ...headers } });
  const body = async (path: string) => {
    const res = await get(path);
    expect([path, res.status]).toEqual([path, 200]);
    return res.json();
  };
  const biggest = () =>
    [...tenant.saas.accounts].sort((a, b) => b[1].length - a[1].length)[0];

  test('the list: {results, totalCount}, no names, no x-total-count, 50 by default, limit and offset', async () => {
    const res = await get(`${SAAS}/applications`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBeNull();
    const page = await res.json();
    expect(Object.keys(page).sort()).toEqual(['results', 'totalCount']);
    expect(page.totalCount).toBe(30);
    expect(page.results).toHaveLength(30);
    for (const item of page.results) {
      expect(item).not.toHaveProperty('name');
      expect(item).not.toHaveProperty('discovery_source_types');
      expect(keysWithin(item, LIST_FIELDS)).toBe(true);
    }
    const { name: _name, ...first } = tenant.saas.applications[0];
    expect(page.results[0]).toEqual(first);

    const ids: string[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const p = await body(`${SAAS}/applications?limit=7&offset=${offset}`);
      expect(p.totalCount).toBe(30);
      ids.push(...p.results.map((a: { id: string }) => a.id));
    }
    expect(ids).toEqual(tenant.saas.applications.map((a) => a.id));
    const past = await body(`${SAAS}/applications?offset=30`);
    expect(past).toEqual({ results: [], totalCount: 30 });
  });

  test('invalid limit or offset: 400 with a message', async () => {
    for (const query of [
      'limit=0',
      'limit=1001',
      'limit=abc',
      'limit=-5',
      'limit=2.5',
      'offset=-1',
      'offset=x',
    ]) {
      for (const path of [
        `${SAAS}/applications`,
        `${SAAS}/applications/${biggest()[0]}/accounts`,
        `${SAAS}/application-licenses`,
      ]) {
        const res = await get(`${path}?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
        const error = await res.json();
        expect(Object.keys(error)).toEqual(['message']);
        expect(error.message).toMatch(
          /^Bad Request: request parameter "(limit|offset)"/,
        );
      }
    }
    expect((await get(`${SAAS}/applications?limit=1000`)).status).toBe(200);
    expect((await get(`${SAAS}/applications?limit=`)).status).toBe(200);
  });

  test('expand=discovery_source_types on the list; expand=sso_apps on the item; other values 400', async () => {
    const page = await body(
      `${SAAS}/applications?limit=1000&expand=discovery_source_types`,
    );
    for (const item of page.results) {
      const sources = tenant.saas.discoverySources.get(item.id)!;
      if (sources.length === 0)
        expect(item).not.toHaveProperty('discovery_source_types');
      else expect(item.discovery_source_types).toEqual(sources);
    }
    expect(
      page.results.some((i: { discovery_source_types?: string[] }) =>
        i.discovery_source_types?.includes('JUMPCLOUD_SSO'),
      ),
    ).toBe(true);
    expect((await get(`${SAAS}/applications?expand=sso_apps`)).status).toBe(
      400,
    );

    const truth = expectedSaasApplications(tenant, NOW_MS);
    const double = truth.find((a) => a.ssoApplicationIds.length >= 2)!;
    const item = await body(
      `${SAAS}/applications/${double.id}?expand=sso_apps`,
    );
    expect(item.sso_apps.map((s: { id: string }) => s.id).sort()).toEqual(
      double.ssoApplicationIds,
    );
    for (const sso of item.sso_apps) {
      const app = tenant.applications.find((a) => a.id === sso.id)!;
      expect(sso).toEqual({
        id: app.id,
        app_name: app.displayName,
        display_label: app.displayLabel,
        template_name: app.name,
        status: app.active ? 'CONNECTED' : 'NOT_CONNECTED',
      });
    }
    const shadow = truth.find((a) => a.shadowIt)!;
    expect(
      await body(`${SAAS}/applications/${shadow.id}?expand=sso_apps`),
    ).not.toHaveProperty('sso_apps');
    expect(
      (await get(`${SAAS}/applications/${shadow.id}?expand=owner`)).status,
    ).toBe(400);
  });

  test('the item has the name; unknown ids get 404 Not Found on every item route', async () => {
    for (const app of tenant.saas.applications.slice(0, 5)) {
      const item = await body(`${SAAS}/applications/${app.id}`);
      expect(item).toEqual(app);
      expect(typeof item.name).toBe('string');
      expect(keysWithin(item, ITEM_FIELDS)).toBe(true);
    }
    const missing = 'ffffffffffffffffffffffff';
    for (const path of [
      `${SAAS}/applications/${missing}`,
      `${SAAS}/applications/${missing}/accounts`,
      `${SAAS}/applications/${missing}/accounts/${missing}`,
      `${SAAS}/applications/${missing}/usage?day_count=30`,
      `${SAAS}/application-licenses/${missing}`,
    ]) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toEqual({ message: 'Not Found' });
    }
    const res = await fetch(`${sim.url}${SAAS}/applications`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });

  test('accounts: paged by limit and offset, 1000 at most; one account by id', async () => {
    const [appId, rows] = biggest();
    expect(rows.length).toBeGreaterThan(50);
    const first = await body(`${SAAS}/applications/${appId}/accounts`);
    expect(first.totalCount).toBe(rows.length);
    expect(first.results).toEqual(rows.slice(0, 50));
    const walked: SaasAccount[] = [];
    for (let offset = 0; offset < rows.length; offset += 40) {
      const p = await body(
        `${SAAS}/applications/${appId}/accounts?limit=40&offset=${offset}`,
      );
      walked.push(...p.results);
    }
    expect(walked).toEqual(rows);
    expect(
      (await body(`${SAAS}/applications/${appId}/accounts?limit=1000`)).results,
    ).toEqual(rows);
    const one = rows[rows.length - 1];
    expect(
      await body(`${SAAS}/applications/${appId}/accounts/${one.id}`),
    ).toEqual(one);
    const other = tenant.saas.applications.find((a) => a.id !== appId)!.id;
    expect(
      (await get(`${SAAS}/applications/${other}/accounts/${one.id}`)).status,
    ).toBe(404);
  });

  test('usage: day_count required, 1 to 90; the accounts used within that many days, not paged', async () => {
    const [appId, rows] = biggest();
    const path = `${SAAS}/applications/${appId}/usage`;
    for (const query of [
      '',
      '?day_count=',
      '?day_count=0',
      '?day_count=91',
      '?day_count=abc',
      '?day_count=-3',
    ]) {
      const res = await get(`${path}${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect((await res.json()).message).toMatch(/"day_count"/);
    }
    const users = new Map(tenant.users.map((u) => [u.id, u]));
    const windows = new Map<number, string[]>();
    for (const days of [1, 30, 90]) {
      const usage = await body(`${path}?day_count=${days}&limit=1`);
      expect(Object.keys(usage).sort()).toEqual(['results', 'totalCount']);
      expect(usage.totalCount).toBe(usage.results.length);
      // The clock has moved on by a few seconds at most since the start.
      const expected = rows.filter(
        (a) =>
          (tenant.saas.lastUsedMs.get(a.id) ?? -Infinity) >=
          NOW_MS - days * DAY,
      );
      expect(
        usage.results.map((r: SaasUsageRow) => r.account_id).sort(),
      ).toEqual(expected.map((a) => a.id).sort());
      const times = usage.results.map((r: SaasUsageRow) =>
        Date.parse(r.latest_used_at),
      );
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const row of usage.results as SaasUsageRow[]) {
        expect(keysWithin(row, USAGE_FIELDS)).toBe(true);
        const account = rows.find((a) => a.id === row.account_id)!;
        expect(Date.parse(row.latest_used_at)).toBe(
          tenant.saas.lastUsedMs.get(account.id),
        );
        expect(row.latest_used_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(row.account_email).toBe(account.email);
        expect(row.account_username).toBe(account.username);
        expect(row.user_id).toBe(account.user_id || undefined);
        expect(row.user_email).toBe(
          account.user_id ? users.get(account.user_id)?.email : undefined,
        );
      }
      windows.set(
        days,
        expected.map((a) => a.id),
      );
    }
    expect(windows.get(30)!.length).toBeGreaterThan(windows.get(1)!.length);
    expect(windows.get(90)!.length).toBeGreaterThan(windows.get(30)!.length);
    expect(windows.get(90)!.length).toBeLessThan(rows.length);
  });

  test('licenses: tiers and contract, unlimited, empty (200), none (404); the paged list sums each contract', async () => {
    for (const app of tenant.saas.applications) {
      const stored = tenant.saas.licenses.get(app.id);
      const res = await get(`${SAAS}/application-licenses/${app.id}`);
      if (!stored) {
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ message: 'Not Found' });
        continue;
      }
      expect(res.status).toBe(200);
      const licenses: SaasLicenses = await res.json();
      expect(licenses).toEqual(stored);
      if (licenses.results.length === 0)
        expect(licenses).toEqual({ results: [], totalCount: 0 });
    }
    const withTiers = tenant.saas.applications.filter(
      (a) => (tenant.saas.licenses.get(a.id)?.results.length ?? 0) > 0,
    );
    const list = await body(`${SAAS}/application-licenses?limit=3`);
    expect(list.totalCount).toBe(withTiers.length);
    expect(list.results).toHaveLength(3);
    const all = await body(`${SAAS}/application-licenses?limit=1000`);
    expect(all.results.map((r: { id: string }) => r.id)).toEqual(
      withTiers.map((a) => a.id),
    );
    for (const row of all.results) {
      const l = tenant.saas.licenses.get(row.id)!;
      expect(row.licenses.total).toBe(
        l.results.reduce((s, r) => s + r.count, 0),
      );
      expect(row.currency).toBe(l.contract!.currency);
      expect(row.contract_term).toBe(l.contract!.term);
      expect(row.renewal_date).toBe(l.contract!.renewal_date);
      expect(row.costs.contract_cost).toBe(l.contract!.cost);
    }
  });

  test('a client reading every route gets the ground truth', async () => {
    const users = new Set(tenant.users.map((u) => u.id));
    const nowMs = NOW_MS;
    const list = await body(`${SAAS}/applications?limit=1000`);
    const apps = [];
    const accounts = [];
    for (const { id } of list.results) {
      const item = await body(`${SAAS}/applications/${id}`);
      const rows: SaasAccount[] = [];
      for (let offset = 0; ; offset += 1000) {
        const p = await body(
          `${SAAS}/applications/${id}/accounts?limit=1000&offset=${offset}`,
        );
        rows.push(...p.results);
        if (offset + 1000 >= p.totalCount) break;
      }
      const usage: SaasUsageRow[] = (
        await body(`${SAAS}/applications/${id}/usage?day_count=90`)
      ).results;
      const used = new Map(
        usage.map((u) => [u.account_id, Date.parse(u.latest_used_at)]),
      );
      const active = usage.filter(
        (u) => Date.parse(u.latest_used_at) >= nowMs - 30 * DAY,
      ).length;
      const res = await get(`${SAAS}/application-licenses/${id}`);
      const tiers: SaasLicenses['results'] =
        res.status === 200 ? (await res.json()).results : [];
      const unlimited = tiers.some((r) => r.is_unlimited);
      const seats = tiers.reduce((s, r) => s + r.count, 0);
      const ssoIds = tenant.applications
        .filter((a) =>
          [a.displayName, a.displayLabel].some(
            (n) => folded(n) === folded(item.name),
          ),
        )
        .map((a) => a.id)
        .sort();
      apps.push({
        id,
        name: item.name.trim().replace(/\s+/g, ' '),
        shadowIt: ssoIds.length === 0,
        ssoApplicationIds: ssoIds,
        accounts: rows.length,
        activeAccounts: active,
        ...(used.size > 0 && { lastUsedOn: Math.max(...used.values()) }),
        ...(tiers.length > 0 && unlimited && { licensesUnlimited: true }),
        ...(tiers.length > 0 &&
          !unlimited && {
            licenses: seats,
            licensesUnlimited: false,
            unusedLicenses: Math.max(0, seats - active),
            ...(tiers.every((r) => r.cost_per_license !== undefined) && {
              costPerLicense:
                Math.round(
                  (tiers.reduce(
                    (s, r) => s + r.count * r.cost_per_license!,
                    0,
                  ) /
                    seats) *
                    100,
                ) / 100,
            }),
          }),
      });
      for (const a of rows) {
        const userId = a.user_id || undefined;
        const last = used.get(a.id);
        accounts.push({
          applicationId: id,
          accountId: a.id,
          ...(userId && { userId }),
          owned: !!userId && users.has(userId),
          ...(last !== undefined && { lastUsedOn: last }),
          status:
            last === undefined
              ? 'unused'
              : last >= nowMs - 30 * DAY
              ? 'active'
              : 'inactive',
        });
      }
    }
    expect(apps).toEqual(expectedSaasApplications(tenant, NOW_MS));
    expect(accounts).toEqual(expectedSaasAccounts(tenant, NOW_MS));
  });

  test('the generic faults apply: statusFaults, listLie, cutBody', async () => {
    const [appId, rows] = biggest();
    sim.setFaults({
      statusFaults: [
        {
          pathPattern: '^/api/v2/saas-management/applications/[^/]+/accounts$',
          status: 403,
          times: 1,
        },
      ],
    });
    const forbidden = await get(`${SAAS}/applications/${appId}/accounts`);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: 'Forbidden',
      message: 'Forbidden: insufficient permissions',
    });
    expect((await get(`${SAAS}/applications/${appId}/accounts`)).status).toBe(
      200,
    );

    sim.setFaults({
      listLie: { pathPattern: '/accounts$', kind: 'low-total' },
    });
    const lying = await body(`${SAAS}/applications/${appId}/accounts?limit=10`);
    expect(lying.totalCount).toBe(10);
    expect(lying.results).toEqual(rows.slice(0, 10));
    expect(sim.requests[sim.requests.length - 1].fault).toBe('list-lie');

    sim.setFaults({
      listLie: {
        pathPattern: '^/api/v2/saas-management/applications$',
        kind: 'empty-page',
      },
    });
    expect(
      (await body(`${SAAS}/applications?limit=5&offset=5`)).results,
    ).toEqual([]);

    sim.setFaults({
      statusFaults: [{ pathPattern: '^/api/v2/saas-management/', status: 402 }],
    });
    expect((await get(`${SAAS}/applications`)).status).toBe(402);

    sim.setFaults({
      cutBody: { pathPattern: '/usage$', times: 1 },
    });
    // node-fetch v2 settles a cut body only by its timeout.
    const cut = await fetch(
      `${sim.url}${SAAS}/applications/${appId}/usage?day_count=90`,
      { headers: { 'x-api-key': KEY }, timeout: 400 },
    );
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toMatchObject({ type: 'body-timeout' });
    expect(sim.requests[sim.requests.length - 1].fault).toBe('cut-body');
  });
});

describe('SaaS Management unavailable, and several organizations', () => {
  const routes = (t: Tenant) => {
    const [id, rows] = [...t.saas.accounts].find(([, r]) => r.length > 0) ?? [
      '0123456789abcdef01234567',
      [],
    ];
    const accountId = rows[0]?.id ?? id;
    return [
      `${SAAS}/applications`,
      `${SAAS}/applications/${id}`,
      `${SAAS}/applications/${id}/accounts`,
      `${SAAS}/applications/${id}/accounts/${accountId}`,
      `${SAAS}/applications/${id}/usage?day_count=30`,
      `${SAAS}/application-licenses`,
      `${SAAS}/application-licenses/${id}`,
    ];
  };

  test('without SaaS Management every route answers 402 with a message, bad parameters too', async () => {
    const tenant = generateTenant({
      seed: 3,
      users: 30,
      ssoEvents: 20,
      now: NOW,
      saasManagement: false,
    });
    const sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
    try {
      for (const path of [
        ...routes(tenant),
        `${SAAS}/applications?limit=0`,
        `${SAAS}/applications/x/usage`,
      ]) {
        const res = await fetch(`${sim.url}${path}`, {
          headers: { 'x-api-key': KEY },
        });
        expect([path, res.status]).toEqual([path, 402]);
        expect(await res.json()).toEqual({
          message:
            'Payment Required: SaaS Management is not enabled for this organization',
        });
      }
      const users = await fetch(`${sim.url}/api/systemusers`, {
        headers: { 'x-api-key': KEY },
      });
      expect(users.status).toBe(200);
      const wrongKey = await fetch(`${sim.url}${SAAS}/applications`, {
        headers: { 'x-api-key': 'nope' },
      });
      expect(wrongKey.status).toBe(401);
    } finally {
      await sim.close();
    }
  });

  test('a portal key: x-org-id required, each organization its own data, unknown ones 404', async () => {
    const a = generateTenant({ seed: 21, users: 40, ssoEvents: 20, now: NOW });
    const b = generateTenant({ seed: 22, users: 40, ssoEvents: 20, now: NOW });
    const c = generateTenant({
      seed: 23,
      users: 40,
      ssoEvents: 20,
      now: NOW,
      saasManagement: false,
    });
    const sim = await startSimulator({ tenants: [a, b, c], apiKey: KEY });
    const get = (path: string, org?: string) =>
      fetch(`${sim.url}${path}`, {
        headers: { 'x-api-key': KEY, ...(org && { 'x-org-id': org }) },
      });
    try {
      for (const path of routes(a)) {
        const res = await get(path);
        expect([path, res.status]).toEqual([path, 401]);
        expect(await res.json()).toEqual({
          message: 'Unauthorized: no organization selected',
        });
        expect((await get(path, 'ffffffffffffffffffffffff')).status).toBe(404);
        expect((await get(path, 'not-an-id')).status).toBe(400);
        expect((await get(path, a.organization.id.toUpperCase())).status).toBe(
          200,
        );
        expect((await get(path, c.organization.id)).status).toBe(402);
      }
      for (const t of [a, b]) {
        const list = await (
          await get(`${SAAS}/applications?limit=1000`, t.organization.id)
        ).json();
        expect(list.results.map((x: { id: string }) => x.id)).toEqual(
          t.saas.applications.map((x) => x.id),
        );
      }
      // Another organization's application is unknown here.
      const foreign = b.saas.applications[0].id;
      expect(
        (await get(`${SAAS}/applications/${foreign}`, a.organization.id))
          .status,
      ).toBe(404);
      const ids = new Set(a.saas.applications.map((x) => x.id));
      expect(b.saas.applications.some((x) => ids.has(x.id))).toBe(false);
    } finally {
      await sim.close();
    }
  });

  test('requireOrgHeader reaches the SaaS routes of a one-organization key', async () => {
    const t = generateTenant({ seed: 5, users: 30, ssoEvents: 20, now: NOW });
    const sim = await startSimulator({
      tenants: [t],
      apiKey: KEY,
      faults: { requireOrgHeader: true },
    });
    try {
      const res = await fetch(`${sim.url}${SAAS}/applications`, {
        headers: { 'x-api-key': KEY },
      });
      expect(res.status).toBe(401);
      const ok = await fetch(`${sim.url}${SAAS}/applications`, {
        headers: { 'x-api-key': KEY, 'x-org-id': t.organization.id },
      });
      expect(ok.status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('revisions', () => {
  const options = {
    seed: 31,
    users: 60,
    groups: 6,
    applications: 6,
    ssoEvents: 800,
    now: NOW,
  };

  test('each revision adds one shadow-IT application and one orphaned account, and keeps the other changes as they were', () => {
    const without = generateTenant({
      ...options,
      revision: 4,
      saasManagement: false,
    });
    let previous = generateTenant(options);
    for (let revision = 1; revision <= 4; revision++) {
      const tenant = generateTenant({ ...options, revision });
      const change = tenant.revisionChanges[revision - 1];
      expect(tenant.revisionChanges.slice(0, -1)).toEqual(
        previous.revisionChanges,
      );
      // The other changes are those of a tenant without SaaS Management.
      const {
        newShadowApplication: _app,
        orphanedAccount: _account,
        ...rest
      } = change;
      expect(rest).toEqual(without.revisionChanges[revision - 1]);

      const before = expectedSaasApplications(previous, NOW_MS);
      const after = expectedSaasApplications(tenant, NOW_MS);
      const known = new Set(before.map((a) => a.id));
      const added = after.filter((a) => !known.has(a.id));
      expect(added).toHaveLength(1);
      const app = added[0];
      expect(app.id).toBe(change.newShadowApplication!.appId);
      expect(app.name).toBe(change.newShadowApplication!.name);
      expect(app.shadowIt).toBe(true);
      expect(app.accounts).toBeGreaterThanOrEqual(1);
      expect(app.activeAccounts).toBe(app.accounts);
      expect(before.some((a) => folded(a.name) === folded(app.name))).toBe(
        false,
      );
      // Nothing else changed among the applications but the one with the
      // orphaned account, which has one account more.
      const orphan = change.orphanedAccount!;
      expect(known.has(orphan.appId)).toBe(true);
      for (const a of before) {
        const now = after.find((x) => x.id === a.id)!;
        expect(now).toEqual(
          a.id === orphan.appId ? { ...a, accounts: a.accounts + 1 } : a,
        );
      }

      const accountsBefore = new Set(
        expectedSaasAccounts(previous, NOW_MS).map((a) => a.accountId),
      );
      const newAccounts = expectedSaasAccounts(tenant, NOW_MS).filter(
        (a) => !accountsBefore.has(a.accountId),
      );
      expect(newAccounts.map((a) => a.accountId).sort()).toEqual(
        [...change.newShadowApplication!.accountIds, orphan.accountId].sort(),
      );
      const orphaned = newAccounts.find(
        (a) => a.accountId === orphan.accountId,
      )!;
      expect(orphaned).toMatchObject({
        applicationId: orphan.appId,
        owned: false,
        status: 'unused',
      });
      expect(orphaned.userId).toBe(orphan.userId);
      if (orphan.userId)
        expect(tenant.deletedUserIds.has(orphan.userId)).toBe(true);
      for (const a of newAccounts.filter((x) => x !== orphaned))
        expect(a).toMatchObject({ owned: true, status: 'active' });
      const ids = tenant.saas.applications.map((a) => a.id);
      expect([...ids].sort()).toEqual(ids);
      const rows = tenant.saas.accounts.get(orphan.appId)!.map((a) => a.id);
      expect([...rows].sort()).toEqual(rows);
      previous = tenant;
    }
    const again = generateTenant({ ...options, revision: 4 });
    expect(again.revisionChanges).toEqual(previous.revisionChanges);
    expect(JSON.stringify(again.saas.applications)).toBe(
      JSON.stringify(previous.saas.applications),
    );
    expect(without.revisionChanges.every((c) => !c.newShadowApplication)).toBe(
      true,
    );
  });
});
