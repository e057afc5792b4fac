import { EventWindow, iterateEventWindow, planSlices } from './insights';
import { SearchAfterPage } from './paginate';

interface Row {
  id: string;
  timestamp: string;
}

const HOUR = 3_600_000;
const START = Date.parse('2026-10-01T00:00:00Z');

/** A fake Directory Insights over `rows` (sorted), with `limit` rows a page. */
function fakeInsights(
  rows: Row[],
  limit: number,
  options: { inclusiveEnd?: boolean } = {},
) {
  const calls: { window: EventWindow; after?: unknown[] }[] = [];
  const fetchPage = (
    window: EventWindow,
    after: unknown[] | undefined,
  ): Promise<SearchAfterPage<Row>> => {
    calls.push({ window, after });
    const key = (r: Row) => [Date.parse(r.timestamp), r.id] as const;
    const inWindow = rows.filter((r) => {
      const ms = Date.parse(r.timestamp);
      return (
        ms >= window.startMs &&
        (options.inclusiveEnd ? ms <= window.endMs : ms < window.endMs)
      );
    });
    const start = after
      ? inWindow.findIndex((r) => {
          const [ms, id] = key(r);
          return (
            ms > (after[0] as number) ||
            (ms === after[0] && id > (after[1] as string))
          );
        })
      : 0;
    const page = start < 0 ? [] : inWindow.slice(start, start + limit);
    const last = page[page.length - 1];
    return Promise.resolve({
      rows: page,
      resultCount: page.length,
      limit,
      searchAfter: last ? [...key(last)] : after,
    });
  };
  return { fetchPage, calls };
}

function events(count: number, spanMs: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${String(i).padStart(6, '0')}`,
    timestamp: new Date(START + Math.floor((i * spanMs) / count)).toISOString(),
  }));
}

async function readAll(
  rows: Row[],
  limit: number,
  maxChains: number,
  inclusiveEnd = false,
) {
  const fake = fakeInsights(rows, limit, { inclusiveEnd });
  const seen: string[] = [];
  await iterateEventWindow(
    fake.fetchPage,
    { startMs: START, endMs: START + 30 * 24 * HOUR },
    maxChains,
    (row) => {
      seen.push(row.id);
    },
  );
  return { seen, calls: fake.calls };
}

test('one short page is one request', async () => {
  const { seen, calls } = await readAll(events(40, 10 * HOUR), 100, 8);
  expect(seen).toHaveLength(40);
  expect(calls).toHaveLength(1);
});

test('a dense window is read in parallel slices, every event exactly once', async () => {
  const rows = events(2_000, 30 * 24 * HOUR - 1);
  const { seen, calls } = await readAll(rows, 100, 8);
  expect(seen.sort()).toEqual(rows.map((r) => r.id));
  // At least 20 pages are needed; slicing costs only a few more.
  expect(calls.length).toBeGreaterThanOrEqual(20);
  expect(calls.length).toBeLessThanOrEqual(20 + 8);
  expect(new Set(calls.map((c) => c.window.startMs)).size).toBe(8);
});

test('a server that includes the end instant still gives each event once', async () => {
  // Many events on the same instants, some exactly on slice boundaries.
  const rows: Row[] = [];
  for (let h = 0; h < 30 * 24; h += 3) {
    for (let k = 0; k < 5; k++) {
      rows.push({
        id: `h${String(h).padStart(4, '0')}-${k}`,
        timestamp: new Date(START + h * HOUR).toISOString(),
      });
    }
  }
  const { seen } = await readAll(rows, 50, 6, true);
  expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
});

test('an event repeated at the same instant is delivered once', async () => {
  const rows = events(10, HOUR);
  const fetchPage = (): Promise<SearchAfterPage<Row>> =>
    Promise.resolve({ rows: [...rows, rows[9]], resultCount: 11, limit: 100 });
  const seen: string[] = [];
  await iterateEventWindow(
    fetchPage,
    { startMs: START, endMs: START + HOUR },
    4,
    (r) => {
      seen.push(r.id);
    },
  );
  expect(seen).toEqual(rows.map((r) => r.id));
});

test('timestamps of any precision are read to the millisecond', async () => {
  const rows = [
    { id: 'ns', timestamp: '2026-10-01T00:00:01.812449824Z' },
    { id: 'ms', timestamp: '2026-10-01T00:00:02.123Z' },
    { id: 's', timestamp: '2026-10-01T00:00:03Z' },
    { id: 'bad', timestamp: 'yesterday' },
  ];
  const got: [string, number][] = [];
  const stats = await iterateEventWindow(
    () => Promise.resolve({ rows, resultCount: 4, limit: 10 }),
    { startMs: START, endMs: START + HOUR },
    1,
    (row, ms) => {
      got.push([row.id, ms]);
    },
  );
  expect(got).toEqual([
    ['ns', Date.UTC(2026, 9, 1, 0, 0, 1, 812)],
    ['ms', Date.UTC(2026, 9, 1, 0, 0, 2, 123)],
    ['s', Date.UTC(2026, 9, 1, 0, 0, 3, 0)],
  ]);
  expect(stats.unreadableTimestamps).toBe(1);
});

test('slices follow the density seen on the first page', () => {
  const window = { startMs: 0, endMs: 1000 };
  expect(planSlices(window, 999, 8)).toEqual([1000]);
  expect(planSlices(window, 500, 8)).toEqual([1000]);
  expect(planSlices(window, 250, 8)).toEqual([500, 750, 1000]);
  expect(planSlices(window, 10, 4)).toEqual([258, 505, 753, 1000]);
});
