import fetch from 'node-fetch';
import { Faults } from './faults';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

const KEY = 'faults-test-key';
const NOW = new Date('2026-11-01T10:00:00Z');

describe('faults', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({
      seed: 2,
      users: 40,
      groups: 4,
      ssoEvents: 100,
      now: NOW,
    });
    sim = await startSimulator({
      tenants: [tenant],
      apiKey: KEY,
      faultSeed: 7,
    });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  const get = (path: string) =>
    fetch(`${sim.url}${path}`, { headers: { 'x-api-key': KEY } });

  async function statuses(faults: Faults, count: number): Promise<number[]> {
    sim.setFaults(faults);
    const out: number[] = [];
    for (let k = 0; k < count; k++)
      out.push((await get('/api/v2/usergroups')).status);
    return out;
  }

  test('rate limit: every Nth request answers 429, Retry-After only when asked', async () => {
    expect(await statuses({ rateLimit: { everyNth: 3 } }, 6)).toEqual([
      200, 200, 429, 200, 200, 429,
    ]);
    sim.setFaults({ rateLimit: { everyNth: 1 } });
    const bare = await get('/api/systemusers');
    expect(await bare.json()).toEqual({ message: 'Too Many Requests' });
    expect(bare.headers.get('retry-after')).toBeNull();
    sim.setFaults({ rateLimit: { everyNth: 1, retryAfterSeconds: 2 } });
    expect((await get('/api/systemusers')).headers.get('retry-after')).toBe(
      '2',
    );
    sim.setFaults({
      rateLimit: { everyNth: 1, retryAfterSeconds: 2, retryAfterAsDate: true },
    });
    const date = Date.parse(
      (await get('/api/systemusers')).headers.get('retry-after')!,
    );
    expect(date).toBeGreaterThan(Date.now() - 1000);
    expect(date).toBeLessThan(Date.now() + 4000);
  });

  test('server errors: seeded, so the same faults repeat; 502 is an HTML page', async () => {
    const first = await statuses({ serverErrorRate: 0.5 }, 30);
    const second = await statuses({ serverErrorRate: 0.5 }, 30);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 502, 503]));
    sim.setFaults({ serverErrorRate: 1 });
    for (let k = 0; k < 20; k++) {
      const res = await get('/api/v2/usergroups');
      if (res.status === 502) {
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await res.text()).toContain('cloudflare');
        return;
      }
    }
    throw new Error('no 502 in 20 answers');
  });

  test('resets destroy the socket and are logged with status 0', async () => {
    sim.setFaults({ resetRate: 1 });
    const before = sim.requests.length;
    await expect(get('/api/systemusers')).rejects.toThrow();
    expect(sim.requests[before]).toMatchObject({
      path: '/api/systemusers',
      status: 0,
    });
    const { receivedAt, answeredAt } = sim.requests[before];
    expect(answeredAt).toBe(receivedAt);
  });

  test('slow answers and latency delay the response; the log has both times', async () => {
    sim.setFaults({ slowRate: 1, slowMs: 300, latencyMs: 50 });
    const started = Date.now();
    expect((await get('/api/systemusers')).status).toBe(200);
    const finished = Date.now();
    expect(finished - started).toBeGreaterThanOrEqual(340);
    const record = sim.requests[sim.requests.length - 1];
    expect(record.receivedAt).toBeGreaterThanOrEqual(started);
    expect(record.answeredAt - record.receivedAt).toBeGreaterThanOrEqual(340);
    expect(record.answeredAt).toBeLessThanOrEqual(finished);
  });

  test('bad bodies: 200 with a body that is not JSON', async () => {
    sim.setFaults({ badBodyRate: 1 });
    for (let k = 0; k < 4; k++) {
      const res = await get('/api/systemusers');
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(() => JSON.parse(text)).toThrow();
    }
  });

  test('forbidden members answer 403 on member lists only', async () => {
    sim.setFaults({ forbiddenMembers: true });
    const res = await get(`/api/v2/usergroups/${tenant.groups[0].id}/members`);
    expect(res.status).toBe(403);
    expect((await get('/api/v2/usergroups')).status).toBe(200);
  });

  test('revoked key: every request after N answers 401', async () => {
    expect(await statuses({ unauthorizedAfter: 2 }, 4)).toEqual([
      200, 200, 401, 401,
    ]);
  });

  test("paging drift: the second page repeats the first page's last row; the new user is not in the tenant", async () => {
    const drifting = await startSimulator({
      tenants: [tenant],
      apiKey: KEY,
      faults: { pagingDrift: true },
    });
    try {
      const page = async (skip: number) =>
        (
          await (
            await fetch(
              `${drifting.apiBaseUrl}/systemusers?limit=10&skip=${skip}&sort=_id`,
              {
                headers: { 'x-api-key': KEY },
              },
            )
          ).json()
        ).results.map((u: { id: string }) => u.id);
      const first = await page(0);
      const second = await page(10);
      expect(second[0]).toBe(first[9]);
      expect(first).toEqual(tenant.users.slice(0, 10).map((u) => u.id));
      const top = await page(0);
      expect(tenant.users.some((u) => u.id === top[0])).toBe(false);
      expect(top[0] < tenant.users[0].id).toBe(true);
      expect(tenant.users).toHaveLength(40);
    } finally {
      await drifting.close();
    }
  });
});
