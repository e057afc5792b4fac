import fetch from 'node-fetch';
import {
  expectedSsoUsage,
  expectedUnconfiguredApps,
  SsoUsage,
} from './groundTruth';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

const KEY = 'insights-test-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const DAY = 86_400_000;
const WINDOW_START = new Date(NOW.getTime() - 30 * DAY).toISOString();

type Row = Record<string, any>;

async function postEvents(
  sim: RunningSimulator,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${sim.insightsApiBaseUrl}/events`, {
    method: 'POST',
    headers: {
      'x-api-key': KEY,
      'content-type': 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : undefined };
}

/** The documented loop: re-send the same body with the header's search_after until a short page. */
async function pageAll(
  sim: RunningSimulator,
  query: Row,
): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let searchAfter: unknown;
  for (let pages = 1; ; pages++) {
    const { res, body } = await postEvents(
      sim,
      searchAfter ? { ...query, search_after: searchAfter } : query,
    );
    expect(res.status).toBe(200);
    rows.push(...body);
    searchAfter = JSON.parse(res.headers.get('x-search_after')!);
    if (
      Number(res.headers.get('x-result-count')) <
      Number(res.headers.get('x-limit'))
    )
      return { rows, pages };
  }
}

function expectedIds(
  tenant: Tenant,
  service: string,
  fromMs: number,
  toMsExclusive: number,
): string[] {
  const ids: string[] = [];
  tenant.events.forEachInRange(service, fromMs, toMsExclusive - 1, (i) =>
    ids.push(tenant.events.id(i)),
  );
  return ids;
}

describe('Directory Insights events', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({
      seed: 21,
      users: 200,
      ssoEvents: 2500,
      now: NOW,
    });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterAll(() => sim.close());

  test('search_after paging returns every in-window sso row exactly once, in order', async () => {
    const { rows, pages } = await pageAll(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      end_time: NOW.toISOString(),
      limit: 1000,
    });
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.id)).toEqual(
      expectedIds(tenant, 'sso', NOW.getTime() - 30 * DAY, NOW.getTime()),
    );
    expect(rows.length).toBe(2500);
    for (const row of rows) {
      expect(row.service).toBe('sso');
      expect(row.event_type).toBe('sso_auth');
    }
  });

  test('response headers: counts, limit, sort, search_after token, request id', async () => {
    const { res, body } = await postEvents(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      limit: 5,
    });
    expect(res.headers.get('x-result-count')).toBe('5');
    expect(res.headers.get('x-limit')).toBe('5');
    expect(res.headers.get('x-sort')).toBe('ASC');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const last = body[4];
    expect(JSON.parse(res.headers.get('x-search_after')!)).toEqual([
      Date.parse(last.timestamp),
      last.id,
    ]);
    expect(res.headers.get('x-search_after')).toBe(
      JSON.stringify([Date.parse(last.timestamp), last.id]),
    );
  });

  test('an empty page echoes the request search_after, or []', async () => {
    const future = [NOW.getTime() + DAY, 'ffffffffffffffffffffffff'];
    const { res, body } = await postEvents(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      search_after: future,
    });
    expect(body).toEqual([]);
    expect(res.headers.get('x-result-count')).toBe('0');
    expect(JSON.parse(res.headers.get('x-search_after')!)).toEqual(future);
    const none = await postEvents(sim, {
      service: ['ldap'],
      start_time: WINDOW_START,
    });
    expect(none.res.headers.get('x-search_after')).toBe('[]');
  });

  test('DESC pages newest first and covers the same rows', async () => {
    const { rows } = await pageAll(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      limit: 900,
      sort: 'desc',
    });
    const asc = expectedIds(tenant, 'sso', NOW.getTime() - 30 * DAY, Infinity);
    expect(rows.map((r) => r.id)).toEqual([...asc].reverse());
  });

  test('service filter: other services, several services, all', async () => {
    const start = NOW.getTime() - 30 * DAY;
    const directory = await pageAll(sim, {
      service: ['directory'],
      start_time: WINDOW_START,
      limit: 10000,
    });
    expect(directory.rows.length).toBeGreaterThan(0);
    expect(new Set(directory.rows.map((r) => r.event_type))).toEqual(
      new Set(['user_update']),
    );
    const mixed = await pageAll(sim, {
      service: ['systems', 'sso'],
      start_time: WINDOW_START,
      limit: 700,
    });
    const expected = [
      ...expectedIds(tenant, 'sso', start, Infinity),
      ...expectedIds(tenant, 'systems', start, Infinity),
    ];
    expect(mixed.rows.map((r) => r.id).sort()).toEqual(expected.sort());
    const ordered = mixed.rows.map((r) => [Date.parse(r.timestamp), r.id]);
    expect(ordered).toEqual(
      [...ordered].sort(
        (a, b) => (a[0] - b[0] || (a[1] < b[1] ? -1 : 1)) as number,
      ),
    );
    const all = await pageAll(sim, {
      service: ['all'],
      start_time: WINDOW_START,
      limit: 10000,
    });
    expect(new Set(all.rows.map((r) => r.service))).toEqual(
      new Set(['sso', 'directory', 'systems']),
    );
    const logins = all.rows.filter((r) => r.event_type === 'login_attempt');
    expect(
      logins.every(
        (r) =>
          typeof r.success === 'boolean' && r.sso_token_success === undefined,
      ),
    ).toBe(true);
  });

  test('start_time is inclusive and end_time exclusive', async () => {
    const sso = tenant.events.forService('sso');
    const i = sso.at(sso.length - 100);
    const ms = tenant.events.timestampMs(i);
    const at = new Date(ms).toISOString();
    const { body } = await postEvents(sim, {
      service: ['sso'],
      start_time: at,
      end_time: new Date(ms + 1).toISOString(),
    });
    expect(body.map((r: Row) => r.id)).toContain(tenant.events.id(i));
    expect(body.every((r: Row) => Date.parse(r.timestamp) === ms)).toBe(true);
    const before = await postEvents(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      end_time: at,
      limit: 10000,
    });
    expect(before.body.every((r: Row) => Date.parse(r.timestamp) < ms)).toBe(
      true,
    );
  });

  test('older sso events exist but stay out of a 30-day window; nothing beyond 90 days', async () => {
    const longAgo = new Date(NOW.getTime() - 200 * DAY).toISOString();
    const { rows } = await pageAll(sim, {
      service: ['sso'],
      start_time: longAgo,
      limit: 10000,
    });
    const times = rows.map((r) => Date.parse(r.timestamp));
    expect(times.some((t) => t < NOW.getTime() - 30 * DAY)).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 90 * DAY);
  });

  test('validation errors answer 400', async () => {
    const cases: unknown[] = [
      'not json',
      { start_time: WINDOW_START },
      { service: [], start_time: WINDOW_START },
      { service: ['sso'] },
      { service: ['sso'], start_time: 'yesterday' },
      {
        service: ['sso'],
        start_time: new Date(NOW.getTime() + DAY).toISOString(),
      },
      { service: ['sso'], start_time: WINDOW_START, end_time: WINDOW_START },
      { service: ['sso'], start_time: WINDOW_START, search_after: 'x' },
    ];
    for (const body of cases) {
      const { res, body: error } = await postEvents(sim, body);
      expect(res.status).toBe(400);
      expect(typeof error.message).toBe('string');
    }
    const unknown = await postEvents(sim, {
      service: ['sso', 'bogus'],
      start_time: WINDOW_START,
    });
    expect(unknown.res.status).toBe(400);
    expect(unknown.body.message).toContain('bogus');
    expect(unknown.body.message).toContain('directory');
  });

  test('limit is capped at 10000, nonsense means 1000; bad sort means ASC', async () => {
    const capped = await postEvents(sim, {
      service: ['all'],
      start_time: WINDOW_START,
      limit: 50000,
    });
    expect(capped.res.headers.get('x-limit')).toBe('10000');
    for (const limit of ['12', -5, 0, 2.5]) {
      const { res } = await postEvents(sim, {
        service: ['sso'],
        start_time: WINDOW_START,
        limit,
      });
      expect(res.headers.get('x-limit')).toBe('1000');
    }
    const sideways = await postEvents(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      sort: 'sideways',
      limit: 1,
    });
    expect(sideways.res.headers.get('x-sort')).toBe('ASC');
    const desc = await postEvents(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      sort: 'Desc',
      limit: 1,
    });
    expect(desc.res.headers.get('x-sort')).toBe('DESC');
  });

  test('402 and 403 faults on Directory Insights', async () => {
    sim.setFaults({ insightsStatus: 402 });
    try {
      const { res } = await postEvents(sim, {
        service: ['sso'],
        start_time: WINDOW_START,
      });
      expect(res.status).toBe(402);
      sim.setFaults({ insightsStatus: 403 });
      expect(
        (await postEvents(sim, { service: ['sso'], start_time: WINDOW_START }))
          .res.status,
      ).toBe(403);
    } finally {
      sim.setFaults({});
    }
  });

  test('ground truth matches what the served rows imply', async () => {
    const { rows } = await pageAll(sim, {
      service: ['sso'],
      start_time: WINDOW_START,
      end_time: new Date(NOW.getTime() + 1).toISOString(),
      limit: 10000,
    });
    const userIds = new Set(tenant.users.map((u) => u.id));
    const usage = new Map<string, SsoUsage>();
    const failed = new Map<string, number>();
    for (const row of rows) {
      const { initiated_by: by, application: app } = row;
      if (
        row.event_type !== 'sso_auth' ||
        by.type !== 'user' ||
        !userIds.has(by.id) ||
        !app.id
      )
        continue;
      const key = `${by.id}|${app.id}`;
      const ms = Date.parse(row.timestamp);
      if (!row.sso_token_success) {
        failed.set(key, (failed.get(key) ?? 0) + 1);
        continue;
      }
      const u = usage.get(key) ?? {
        userId: by.id,
        appId: app.id,
        firstSsoOn: ms,
        lastSsoOn: ms,
        ssoEventCount: 0,
        failedSsoCount: 0,
      };
      u.firstSsoOn = Math.min(u.firstSsoOn, ms);
      u.lastSsoOn = Math.max(u.lastSsoOn, ms);
      u.ssoEventCount++;
      usage.set(key, u);
    }
    for (const [key, u] of usage) u.failedSsoCount = failed.get(key) ?? 0;
    const sortKey = (u: SsoUsage) => `${u.userId}|${u.appId}`;
    const byKey = (a: SsoUsage, b: SsoUsage) =>
      sortKey(a) < sortKey(b) ? -1 : 1;
    expect([...usage.values()].sort(byKey)).toEqual(
      expectedSsoUsage(tenant, { now: NOW, days: 30 }).sort(byKey),
    );
  });

  test('events hold the cases a correct integration must handle', () => {
    const log = tenant.events;
    const fromMs = NOW.getTime() - 30 * DAY;
    const userIds = new Set(tenant.users.map((u) => u.id));
    const appIds = new Set(tenant.applications.map((a) => a.id));
    const seen = {
      failures: 0,
      total: 0,
      unreachable: false,
      deletedUser: false,
      admin: false,
      removedApp: false,
    };
    const lastOfPair = new Map<string, number>();
    log.forEachInRange('sso', fromMs, NOW.getTime(), (i) => {
      seen.total++;
      const by = log.initiator(i);
      const app = log.application(i)!;
      if (!log.succeeded(i)) seen.failures++;
      if (log.errorMessage(i) === 'application unreachable') {
        seen.unreachable = true;
        expect([app.id, app.name, app.display_label]).toEqual(['', '', '']);
      }
      if (by.type === 'admin') seen.admin = true;
      if (by.type === 'user' && !userIds.has(by.id)) {
        seen.deletedUser = true;
        expect(tenant.deletedUserIds.has(by.id)).toBe(true);
      }
      if (app.id && !appIds.has(app.id)) seen.removedApp = true;
      lastOfPair.set(`${by.id}|${app.id}`, i);
    });
    expect(seen).toMatchObject({
      unreachable: true,
      deletedUser: true,
      admin: true,
      removedApp: true,
    });
    expect(seen.failures / seen.total).toBeGreaterThan(0.04);
    expect(seen.failures / seen.total).toBeLessThan(0.09);
    expect(
      expectedUnconfiguredApps(tenant, { now: NOW, days: 30 }).length,
    ).toBeGreaterThan(0);

    // A pair whose latest attempt failed after a success: lastSsoOn stays on the success.
    const usage = new Map(
      expectedSsoUsage(tenant, { now: NOW, days: 30 }).map((u) => [
        `${u.userId}|${u.appId}`,
        u,
      ]),
    );
    const failedLast = [...lastOfPair].filter(
      ([key, i]) => !log.succeeded(i) && usage.has(key),
    );
    expect(failedLast.length).toBeGreaterThan(0);
    for (const [key, i] of failedLast) {
      expect(usage.get(key)!.lastSsoOn).toBeLessThan(log.timestampMs(i));
      expect(usage.get(key)!.failedSsoCount).toBeGreaterThan(0);
    }
    const ties = [];
    for (let i = 1; i < log.size; i++)
      if (log.timestampMs(i) === log.timestampMs(i - 1)) ties.push(i);
    expect(ties.length).toBeGreaterThan(0);
  });
});

// Speed is measured by the benchmark (npm run bench), not asserted here.
describe('a 100,000-event tenant', () => {
  test('is generated and paged completely, each event once', async () => {
    const tenant = generateTenant({
      seed: 8,
      users: 3000,
      groups: 50,
      ssoEvents: 100_000,
      now: NOW,
    });
    const sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
    try {
      const { rows, pages } = await pageAll(sim, {
        service: ['sso'],
        start_time: WINDOW_START,
        limit: 10000,
      });
      expect(rows.length).toBe(100_000);
      expect(pages).toBe(11);
      expect(new Set(rows.map((r) => r.id)).size).toBe(100_000);
    } finally {
      await sim.close();
    }
  });
});
