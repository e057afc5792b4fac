import fetch from 'node-fetch';
import { RunningSimulator, startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

const KEY = 'paging-faults-key';
const NOW = new Date('2026-11-01T10:00:00Z');
const DAY = 86_400_000;
const SSO_QUERY = {
  service: ['sso'],
  start_time: new Date(NOW.getTime() - 30 * DAY).toISOString(),
  end_time: NOW.toISOString(),
};

type Row = { id: string };

describe('paging faults', () => {
  let tenant: Tenant;
  let sim: RunningSimulator;
  beforeAll(async () => {
    tenant = generateTenant({
      seed: 4,
      users: 40,
      groups: 12,
      ssoEvents: 60,
      now: NOW,
    });
    sim = await startSimulator({ tenants: [tenant], apiKey: KEY });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  const get = (path: string) =>
    fetch(`${sim.url}${path}`, { headers: { 'x-api-key': KEY } });
  const lastFault = () => sim.requests[sim.requests.length - 1].fault;

  async function usersPage(skip: number, limit = 10) {
    const body = await (
      await get(`/api/systemusers?limit=${limit}&skip=${skip}`)
    ).json();
    return {
      total: body.totalCount as number,
      ids: body.results.map((u: Row) => u.id) as string[],
    };
  }

  async function groupsPage(skip: number, limit = 5) {
    const res = await get(`/api/v2/usergroups?limit=${limit}&skip=${skip}`);
    return {
      total: Number(res.headers.get('x-total-count')),
      ids: (await res.json()).map((g: Row) => g.id) as string[],
    };
  }

  const userIds = (from: number, to: number) =>
    tenant.users.slice(from, to).map((u) => u.id);

  describe('listLie', () => {
    test("'empty-page': a later page is empty with the true total; the first page and times", async () => {
      sim.setFaults({
        listLie: {
          pathPattern: '^/api/systemusers$',
          kind: 'empty-page',
          times: 1,
        },
      });
      expect(await usersPage(0)).toEqual({ total: 40, ids: userIds(0, 10) });
      expect(lastFault()).toBeUndefined();
      expect(await usersPage(10)).toEqual({ total: 40, ids: [] });
      expect(lastFault()).toBe('list-lie');
      expect(await usersPage(10)).toEqual({ total: 40, ids: userIds(10, 20) });
    });

    test("'low-total': every page reports min(total, limit) with its true rows (v2 too)", async () => {
      sim.setFaults({
        listLie: { pathPattern: '^/api/v2/usergroups$', kind: 'low-total' },
      });
      const groupIds = tenant.groups.map((g) => g.id);
      expect(await groupsPage(0)).toEqual({
        total: 5,
        ids: groupIds.slice(0, 5),
      });
      expect(await groupsPage(5)).toEqual({
        total: 5,
        ids: groupIds.slice(5, 10),
      });
      expect(lastFault()).toBe('list-lie');
      // A page whose limit covers the total is already truthful.
      expect(await groupsPage(0, 100)).toEqual({ total: 12, ids: groupIds });
      expect(lastFault()).toBeUndefined();
      expect(await usersPage(0)).toEqual({ total: 40, ids: userIds(0, 10) });
    });

    test("'duplicate-page': a later page repeats the page before it, with the true total", async () => {
      sim.setFaults({
        listLie: { pathPattern: '^/api/systemusers$', kind: 'duplicate-page' },
      });
      const seen = new Set<string>();
      for (let skip = 0; skip < 40; skip += 10) {
        const page = await usersPage(skip);
        expect(page.total).toBe(40);
        expect(page.ids).toEqual(
          userIds(Math.max(0, skip - 10), skip === 0 ? 10 : skip),
        );
        page.ids.forEach((id) => seen.add(id));
      }
      expect(seen.size).toBe(30);
    });

    test('only targeted lists lie, and times counts lying answers only', async () => {
      sim.setFaults({
        listLie: {
          pathPattern: '^/api/systemusers$',
          kind: 'empty-page',
          times: 2,
        },
      });
      expect((await groupsPage(5)).ids).toHaveLength(5);
      await usersPage(0);
      await usersPage(40); // Past the end: already empty, not a lie.
      expect(lastFault()).toBeUndefined();
      expect((await usersPage(10)).ids).toEqual([]);
      expect((await usersPage(20)).ids).toEqual([]);
      expect((await usersPage(30)).ids).toEqual(userIds(30, 40));
    });
  });

  describe('Directory Insights', () => {
    async function events(body: Record<string, unknown>) {
      const res = await fetch(`${sim.insightsApiBaseUrl}/events`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ ...SSO_QUERY, ...body }),
      });
      expect(res.status).toBe(200);
      const cursor = res.headers.get('x-search_after');
      return {
        ids: (await res.json()).map((r: Row) => r.id) as string[],
        cursor: cursor === null ? undefined : JSON.parse(cursor),
        rawCursor: cursor,
        limit: Number(res.headers.get('x-limit')),
      };
    }

    /** The documented loop, with a page guard. */
    async function walk(body: Record<string, unknown>) {
      const ids: string[] = [];
      let searchAfter: unknown;
      for (let pages = 1; pages < 100; pages++) {
        const page = await events(
          searchAfter ? { ...body, search_after: searchAfter } : body,
        );
        ids.push(...page.ids);
        searchAfter = page.cursor;
        if (page.ids.length < page.limit) return { ids, pages };
      }
      throw new Error('more than 100 pages');
    }

    let truth: string[];
    beforeAll(async () => {
      truth = (await walk({ limit: 1000 })).ids;
      expect(truth.length).toBeGreaterThan(30);
    });

    test('eventsPageCap: X-Limit reports the cap; the walk takes more pages and returns the same rows', async () => {
      sim.setFaults({ eventsPageCap: 7 });
      const first = await events({ limit: 1000 });
      expect(first.limit).toBe(7);
      expect(first.ids).toEqual(truth.slice(0, 7));
      const { ids, pages } = await walk({ limit: 1000 });
      expect(ids).toEqual(truth);
      expect(pages).toBe(Math.floor(truth.length / 7) + 1);
      expect((await events({ limit: 3 })).limit).toBe(3);
    });

    test("'repeat-page': search_after is ignored; the first page comes back with a new cursor each time", async () => {
      sim.setFaults({ insightsPaging: { kind: 'repeat-page', times: 2 } });
      const first = await events({ limit: 10 });
      expect(first.ids).toEqual(truth.slice(0, 10));
      expect(lastFault()).toBeUndefined();
      const again = await events({ limit: 10, search_after: first.cursor });
      expect(again.ids).toEqual(truth.slice(0, 10));
      expect(lastFault()).toBe('insights-paging');
      const third = await events({ limit: 10, search_after: again.cursor });
      expect(third.ids).toEqual(truth.slice(0, 10));
      const cursors = [first, again, third].map((p) => p.rawCursor);
      expect(new Set(cursors).size).toBe(3);
      // Once its times are used up, the last cursor still pages on correctly.
      const next = await events({ limit: 10, search_after: third.cursor });
      expect(next.ids).toEqual(truth.slice(10, 20));
    });

    test("'repeat-page' without times pages forever", async () => {
      sim.setFaults({ insightsPaging: { kind: 'repeat-page' } });
      await expect(walk({ limit: 10 })).rejects.toThrow(/more than 100 pages/);
    });

    test("'no-cursor': full pages come without X-Search_after; a short page keeps it", async () => {
      sim.setFaults({ insightsPaging: { kind: 'no-cursor' } });
      const first = await events({ limit: 10 });
      expect(first.ids).toEqual(truth.slice(0, 10));
      expect(first.rawCursor).toBeNull();
      expect(lastFault()).toBe('insights-paging');
      const last = await events({ limit: 1000 });
      expect(last.ids).toEqual(truth);
      expect(last.rawCursor).not.toBeNull();
      expect(lastFault()).toBeUndefined();
    });

    test("'same-cursor': the true next rows, with the request's search_after as the cursor", async () => {
      sim.setFaults({ insightsPaging: { kind: 'same-cursor', times: 1 } });
      const first = await events({ limit: 10 });
      expect(first.rawCursor).not.toBeNull();
      expect(lastFault()).toBeUndefined();
      const second = await events({ limit: 10, search_after: first.cursor });
      expect(second.ids).toEqual(truth.slice(10, 20));
      expect(second.rawCursor).toBe(first.rawCursor);
      expect(lastFault()).toBe('insights-paging');
      const third = await events({ limit: 10, search_after: first.cursor });
      expect(third.cursor).not.toEqual(first.cursor);
    });
  });
});

test('deleteDuringWalk: a user of the first page goes once it is served; the next page shifts by one', async () => {
  const tenant = generateTenant({ seed: 4, users: 40, groups: 4, now: NOW });
  const sim = await startSimulator({
    tenants: [tenant],
    apiKey: KEY,
    faults: { deleteDuringWalk: true },
  });
  try {
    const get = (path: string) =>
      fetch(`${sim.url}${path}`, { headers: { 'x-api-key': KEY } });
    const page = async (skip: number) => {
      const body = await (
        await get(`/api/systemusers?limit=10&skip=${skip}&sort=_id`)
      ).json();
      return {
        total: body.totalCount,
        ids: body.results.map((u: Row) => u.id),
      };
    };
    const ids = tenant.users.map((u) => u.id);
    expect(sim.deletedUserIds()).toEqual([]);
    expect(await page(0)).toEqual({ total: 40, ids: ids.slice(0, 10) });
    expect(sim.requests[0].fault).toBe('delete-during-walk');
    const deleted = ids[5];
    expect(sim.deletedUserIds()).toEqual([deleted]);
    // users[10] moved into the first page: a walk by offset never sees it.
    expect(await page(10)).toEqual({ total: 39, ids: ids.slice(11, 21) });
    expect((await get(`/api/systemusers/${deleted}`)).status).toBe(404);
    expect((await get(`/api/v2/users/${deleted}/systems`)).status).toBe(200);
    // Once only.
    expect((await page(0)).ids).toEqual(
      ids.slice(0, 5).concat(ids.slice(6, 11)),
    );
    expect(sim.deletedUserIds()).toEqual([deleted]);
    expect(tenant.users).toHaveLength(40);
  } finally {
    await sim.close();
  }
});
