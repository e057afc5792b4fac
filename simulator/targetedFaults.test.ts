import * as http from 'http';
import fetch from 'node-fetch';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

const KEY = 'targeted-faults-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const USERS = '^/api/systemusers$';

/** What a raw HTTP client sees of one answer within `ms`: headers, body bytes, and whether the body ended or the socket closed first. */
interface Seen {
  status: number;
  contentLength: number;
  bytes: number;
  ended: boolean;
  aborted: boolean;
}

function watch(sim: RunningSimulator, path: string, ms: number) {
  return new Promise<Seen>((resolve, reject) => {
    const req = http.get(
      `${sim.url}${path}`,
      { headers: { 'x-api-key': KEY }, agent: false },
      (res) => {
        const seen: Seen = {
          status: res.statusCode ?? 0,
          contentLength: Number(res.headers['content-length']),
          bytes: 0,
          ended: false,
          aborted: false,
        };
        res.on('data', (chunk: Buffer) => (seen.bytes += chunk.length));
        res.on('end', () => (seen.ended = true));
        res.on('aborted', () => (seen.aborted = true));
        res.on('error', () => undefined);
        setTimeout(() => {
          resolve({ ...seen });
          req.destroy();
        }, ms);
      },
    );
    req.on('error', reject);
  });
}

describe('targeted faults', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({ seed: 2, users: 40, groups: 4, now: NOW });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  const get = (path: string, options: Record<string, unknown> = {}) =>
    fetch(`${sim.url}${path}`, { headers: { 'x-api-key': KEY }, ...options });
  const logSince = (before: number) =>
    sim.requests
      .slice(before)
      .map(({ path, status, fault }) => ({ path, status, fault }));

  describe('statusFaults', () => {
    test('a transient 404 on one group member list: once, then the real rows', async () => {
      const [group, other] = tenant.groups;
      const members = `/api/v2/usergroups/${group.id}/members`;
      sim.setFaults({
        statusFaults: [
          {
            pathPattern: `^/api/v2/usergroups/${group.id}/members$`,
            status: 404,
            times: 1,
          },
        ],
      });
      const before = sim.requests.length;
      const missing = await get(members);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe('{"message":"Not Found"}');
      expect((await get(`/api/v2/usergroups/${other.id}/members`)).status).toBe(
        200,
      );
      const again = await get(members);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(
        tenant.groupMembers.get(group.id)!.slice(0, 10),
      );
      expect(logSince(before).map((r) => r.fault)).toEqual([
        'status',
        undefined,
        undefined,
      ]);
    });

    test('without times every matching request gets it; JumpCloud-like bodies', async () => {
      const bodies: Record<number, string> = {
        402: '{"message":"Payment Required"}',
        403: '{"error":"Forbidden","message":"Forbidden: insufficient permissions"}',
        404: '{"message":"Not Found"}',
        500: '{"message":"Internal Server Error"}',
      };
      for (const status of [402, 403, 404, 500] as const) {
        sim.setFaults({
          statusFaults: [{ pathPattern: '^/api/systems$', status }],
        });
        for (let k = 0; k < 3; k++) {
          const res = await get('/api/systems');
          expect(res.status).toBe(status);
          expect(await res.text()).toBe(bodies[status]);
        }
        expect((await get('/api/systemusers')).status).toBe(200);
      }
    });

    test('method filter, first matching entry with times left wins, setFaults restarts the count', async () => {
      const faults = {
        statusFaults: [
          { pathPattern: USERS, method: 'POST' as const, status: 403 as const },
          { pathPattern: USERS, status: 500 as const, times: 1 },
          { pathPattern: USERS, status: 404 as const, times: 1 },
        ],
      };
      sim.setFaults(faults);
      const statuses = [];
      for (let k = 0; k < 3; k++)
        statuses.push((await get('/api/systemusers')).status);
      expect(statuses).toEqual([500, 404, 200]);
      sim.setFaults(faults);
      expect((await get('/api/systemusers')).status).toBe(500);
    });
  });

  describe('redirect', () => {
    test("to 'self': a 302 to the same URL with an HTML page, then that URL answers normally", async () => {
      sim.setFaults({ redirect: { pathPattern: USERS, to: 'self' } });
      const path = '/api/systemusers?limit=5&skip=5';
      const moved = await get(path, { redirect: 'manual' });
      expect(moved.status).toBe(302);
      expect(moved.headers.get('location')).toBe(`${sim.url}${path}`);
      expect(moved.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await moved.text()).toContain('The document has moved');
      const real = await get(path, { redirect: 'manual' });
      expect(real.status).toBe(200);
      expect((await real.json()).results[0].id).toBe(tenant.users[5].id);
      // Every other request is redirected again.
      expect((await get(path, { redirect: 'manual' })).status).toBe(302);
    });

    test('a client that follows a same-origin redirect gets the real answer; both requests are logged', async () => {
      sim.setFaults({
        redirect: { pathPattern: USERS, to: 'self', status: 301 },
      });
      const before = sim.requests.length;
      const res = await get('/api/systemusers?limit=3');
      expect(res.status).toBe(200);
      expect((await res.json()).results).toHaveLength(3);
      expect(logSince(before)).toEqual([
        { path: '/api/systemusers', status: 301, fault: 'redirect' },
        { path: '/api/systemusers', status: 200, fault: undefined },
      ]);
    });

    test('to another origin: Location is that origin with the same path and query; times counts', async () => {
      sim.setFaults({
        redirect: {
          pathPattern: USERS,
          to: 'http://127.0.0.1:9/',
          status: 307,
          times: 1,
        },
      });
      const moved = await get('/api/systemusers?limit=2', {
        redirect: 'manual',
      });
      expect(moved.status).toBe(307);
      expect(moved.headers.get('location')).toBe(
        'http://127.0.0.1:9/api/systemusers?limit=2',
      );
      expect(
        (await get('/api/systemusers?limit=2', { redirect: 'manual' })).status,
      ).toBe(200);
    });
  });

  describe('neverAnswer', () => {
    test('no status line until the client gives up; logged with status 0; times counts', async () => {
      sim.setFaults({ neverAnswer: { pathPattern: USERS, times: 1 } });
      const before = sim.requests.length;
      await expect(get('/api/systemusers', { timeout: 300 })).rejects.toThrow(
        /timeout/,
      );
      expect(logSince(before)).toEqual([
        { path: '/api/systemusers', status: 0, fault: 'never-answer' },
      ]);
      expect((await get('/api/systemusers')).status).toBe(200);
    });
  });

  describe('stallBody and cutBody', () => {
    test('stall: headers with the full Content-Length and half the body, then nothing, socket open', async () => {
      sim.setFaults({ stallBody: { pathPattern: USERS } });
      const seen = await watch(sim, '/api/systemusers', 400);
      expect(seen.status).toBe(200);
      expect(seen.contentLength).toBeGreaterThan(1000);
      expect(seen.bytes).toBe(Math.floor(seen.contentLength / 2));
      expect(seen.ended).toBe(false);
      expect(seen.aborted).toBe(false);
      const record = sim.requests[sim.requests.length - 1];
      expect(record).toMatchObject({ status: 200, fault: 'stall-body' });
    });

    test('cut: headers and half the body, then the socket closes', async () => {
      sim.setFaults({ cutBody: { pathPattern: USERS } });
      const seen = await watch(sim, '/api/systemusers', 400);
      expect(seen.status).toBe(200);
      expect(seen.bytes).toBe(Math.floor(seen.contentLength / 2));
      expect(seen.ended).toBe(false);
      expect(seen.aborted).toBe(true);
      const record = sim.requests[sim.requests.length - 1];
      expect(record).toMatchObject({ status: 200, fault: 'cut-body' });
    });

    test('node-fetch v2 settles neither by itself: only its timeout ends the body', async () => {
      for (const faults of [
        { stallBody: { pathPattern: USERS, times: 1 } },
        { cutBody: { pathPattern: USERS, times: 1 } },
      ]) {
        sim.setFaults(faults);
        const res = await get('/api/systemusers', { timeout: 400 });
        expect(res.status).toBe(200);
        await expect(res.text()).rejects.toMatchObject({
          type: 'body-timeout',
        });
        expect((await get('/api/systemusers')).status).toBe(200);
      }
    });

    test('only 200 answers stall, and only those count toward times', async () => {
      sim.setFaults({ stallBody: { pathPattern: '^/api/', times: 1 } });
      expect((await get('/api/systemusers?limit=101')).status).toBe(400);
      const seen = await watch(sim, '/api/systemusers', 300);
      expect(seen.ended).toBe(false);
      expect((await get('/api/systemusers')).status).toBe(200);
    });
  });

  test('malformed faults throw a clear error', () => {
    expect(() => sim.setFaults({ stallBody: { pathPattern: '(' } })).toThrow(
      /stallBody\.pathPattern/,
    );
    expect(() =>
      sim.setFaults({ nope: true } as unknown as Record<string, never>),
    ).toThrow(/unknown key "nope"/);
    expect(() =>
      sim.setFaults({
        listLie: { pathPattern: USERS, kind: 'empty', time: 1 } as never,
      }),
    ).toThrow(/unknown key "time" in listLie/);
    expect(() =>
      sim.setFaults({ redirect: { pathPattern: USERS, to: 'example.com' } }),
    ).toThrow(/redirect\.to/);
  });
});

test('close() ends stalled and never-answered requests at once', async () => {
  const tenant = generateTenant({ seed: 3, users: 30, now: NOW });
  const sim = await startSimulator({
    tenants: [tenant],
    apiKey: KEY,
    faults: {
      neverAnswer: { pathPattern: '^/api/applications$' },
      stallBody: { pathPattern: USERS },
    },
  });
  const headers = { 'x-api-key': KEY };
  const never = fetch(`${sim.url}/api/applications`, { headers });
  const stalled = await fetch(`${sim.url}/api/systemusers`, { headers });
  expect(stalled.status).toBe(200);
  while (sim.requests.length < 2)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const started = Date.now();
  await sim.close();
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(never).rejects.toThrow();
  expect(sim.requests.map((r) => r.fault).sort()).toEqual([
    'never-answer',
    'stall-body',
  ]);
});
