import { Readable } from 'stream';
import { Response } from 'node-fetch';
import { BodyBuffer } from './body';
import { EventPagingError } from './errors';
import {
  EVENT_PAGE_ATTEMPTS,
  EventWindow,
  EventWindowOptions,
  iterateEventWindow,
  planSlices,
} from './insights';
import { JsonArrayPieces } from './json';
import { SearchAfterPage } from './paginate';

interface Row {
  id: string;
  timestamp: string;
}

const HOUR = 3_600_000;
const START = Date.parse('2026-10-01T00:00:00Z');
const MONTH = { startMs: START, endMs: START + 30 * 24 * HOUR };

type Misbehaviour = 'no-cursor' | 'same-cursor' | 'repeat-page';

/**
 * A fake Directory Insights over `rows` (sorted), with `limit` rows a page;
 * `misbehave` spoils the first `times` full pages asked with a cursor.
 */
function fakeInsights(
  rows: Row[],
  limit: number,
  options: {
    inclusiveEnd?: boolean;
    misbehave?: Misbehaviour;
    times?: number;
    /** What /events/count answers instead of the truth. */
    count?: number;
    /**
     * Pages come as JSON read in pieces of this many bytes, as the client
     * reads them: each into the buffer the chain passes, over its last page.
     */
    pieceBytes?: number;
  } = {},
) {
  const calls: { window: EventWindow; after?: unknown[]; into: BodyBuffer }[] =
    [];
  const counts: EventWindow[] = [];
  let spoiled = 0;
  const inWindow = (window: EventWindow) =>
    rows.filter((r) => {
      const ms = Date.parse(r.timestamp);
      return (
        ms >= window.startMs &&
        (options.inclusiveEnd ? ms <= window.endMs : ms < window.endMs)
      );
    });
  const key = (r: Row) => [Date.parse(r.timestamp), r.id] as const;
  const pageAfter = (window: EventWindow, after: unknown[] | undefined) => {
    const all = inWindow(window);
    const start = after
      ? all.findIndex((r) => {
          const [ms, id] = key(r);
          return (
            ms > (after[0] as number) ||
            (ms === after[0] && id > (after[1] as string))
          );
        })
      : 0;
    return start < 0 ? [] : all.slice(start, start + limit);
  };
  const fetchPage = async (
    window: EventWindow,
    after: unknown[] | undefined,
    into: BodyBuffer,
  ): Promise<SearchAfterPage<Row>> => {
    calls.push({ window, after, into });
    let page = pageAfter(window, after);
    const last = page[page.length - 1];
    let searchAfter: unknown[] | undefined = last ? [...key(last)] : after;
    if (
      options.misbehave &&
      after &&
      page.length === limit &&
      spoiled < (options.times ?? Infinity)
    ) {
      spoiled++;
      if (options.misbehave === 'no-cursor') searchAfter = undefined;
      if (options.misbehave === 'same-cursor') searchAfter = after;
      if (options.misbehave === 'repeat-page') {
        // The first page again, under a cursor that moves every time.
        page = pageAfter(window, undefined);
        searchAfter = [Date.parse(page[0].timestamp), `moved-${spoiled}`];
      }
    }
    return {
      rows: options.pieceBytes
        ? await inPieces(page, options.pieceBytes, into)
        : page,
      resultCount: page.length,
      limit,
      searchAfter,
    };
  };
  const countEvents = (window: EventWindow) => {
    counts.push(window);
    return Promise.resolve(options.count ?? inWindow(window).length);
  };
  return { fetchPage, countEvents, calls, counts };
}

/** Rows as a JSON body, read into `into` in chunks of 100 bytes, then a piece at a time. */
async function inPieces(
  rows: Row[],
  pieceBytes: number,
  into: BodyBuffer,
): Promise<JsonArrayPieces<Row>> {
  const text = Buffer.from(JSON.stringify(rows));
  const chunks = [];
  for (let i = 0; i < text.length; i += 100) {
    chunks.push(text.subarray(i, i + 100));
  }
  const bytes = await into.read(new Response(Readable.from(chunks)));
  return JsonArrayPieces.of<Row>(bytes, pieceBytes) as JsonArrayPieces<Row>;
}

function events(count: number, spanMs: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${String(i).padStart(6, '0')}`,
    timestamp: new Date(START + Math.floor((i * spanMs) / count)).toISOString(),
  }));
}

function options(
  fake: Pick<ReturnType<typeof fakeInsights>, 'fetchPage' | 'countEvents'>,
  maxChains: number,
): EventWindowOptions<Row> {
  return {
    fetchPage: fake.fetchPage,
    countEvents: fake.countEvents,
    maxChains,
    endpoint: 'POST http://insights/events',
    resource: 'SSO events',
  };
}

async function readAll(
  rows: Row[],
  limit: number,
  maxChains: number,
  fakeOptions: Parameters<typeof fakeInsights>[2] = {},
) {
  const fake = fakeInsights(rows, limit, fakeOptions);
  const seen: string[] = [];
  await iterateEventWindow(options(fake, maxChains), MONTH, (row) => {
    seen.push(row.id);
  });
  return { seen, calls: fake.calls, counts: fake.counts };
}

test('nothing to read is one count and no page', async () => {
  const { seen, calls, counts } = await readAll([], 100, 8);
  expect(seen).toEqual([]);
  expect(counts).toHaveLength(1);
  expect(calls).toHaveLength(0);
});

test('one short page is one count and one request', async () => {
  const { seen, calls, counts } = await readAll(events(40, 10 * HOUR), 100, 8);
  expect(seen).toHaveLength(40);
  expect(counts).toHaveLength(1);
  expect(calls).toHaveLength(1);
});

test('paging stops at the count: a full last page asks for no empty one', async () => {
  const { seen, calls } = await readAll(events(300, 10 * HOUR), 100, 1);
  expect(seen).toHaveLength(300);
  expect(calls).toHaveLength(3);
});

test('a dense window is read in parallel slices, every event exactly once', async () => {
  const rows = events(2_000, 30 * 24 * HOUR - 1);
  const { seen, calls, counts } = await readAll(rows, 100, 8);
  expect(seen.sort()).toEqual(rows.map((r) => r.id));
  // At least 20 pages are needed; slicing costs only a few more.
  expect(calls.length).toBeGreaterThanOrEqual(20);
  expect(calls.length).toBeLessThanOrEqual(20 + 8);
  expect(new Set(calls.map((c) => c.window.startMs)).size).toBe(8);
  // The window's count, then one per slice.
  expect(counts).toHaveLength(1 + 8);
});

test('read in parallel, each chain reads its pages into one buffer of its own, each page over the last', async () => {
  const rows = events(2_000, 30 * 24 * HOUR - 1);
  const { seen, calls } = await readAll(rows, 100, 8, { pieceBytes: 300 });
  expect(seen.sort()).toEqual(rows.map((r) => r.id));
  const buffersByChain = new Map<string, Set<BodyBuffer>>();
  for (const { window, into } of calls) {
    const chain = `${window.startMs}-${window.endMs}`;
    buffersByChain.set(
      chain,
      (buffersByChain.get(chain) ?? new Set()).add(into),
    );
  }
  expect(buffersByChain.size).toBe(8);
  for (const buffers of buffersByChain.values()) expect(buffers.size).toBe(1);
  const all = [...buffersByChain.values()].flatMap((buffers) => [...buffers]);
  expect(new Set(all).size).toBe(8);
  // More pages than chains: buffers were read over.
  expect(calls.length).toBeGreaterThan(20);
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
  const { seen } = await readAll(rows, 50, 6, { inclusiveEnd: true });
  expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
});

test('an event repeated at the same instant is delivered once', async () => {
  const rows = events(10, HOUR);
  const seen: string[] = [];
  await iterateEventWindow(
    options(
      {
        fetchPage: () =>
          Promise.resolve({
            rows: [...rows, rows[9]],
            resultCount: 11,
            limit: 100,
          }),
        countEvents: () => Promise.resolve(10),
      },
      4,
    ),
    { startMs: START, endMs: START + HOUR },
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
    options(
      {
        fetchPage: () => Promise.resolve({ rows, resultCount: 4, limit: 10 }),
        countEvents: () => Promise.resolve(4),
      },
      1,
    ),
    { startMs: START, endMs: START + HOUR },
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

describe.each([
  ['pages as arrays', undefined],
  ['pages read in pieces', 500],
])('cursors must move, %s', (_, pieceBytes) => {
  const rows = events(1_000, 10 * 24 * HOUR);

  test.each<Misbehaviour>(['no-cursor', 'same-cursor', 'repeat-page'])(
    '%s once: the page is asked again and every event is read once',
    async (misbehave) => {
      const { seen, calls } = await readAll(rows, 100, 1, {
        misbehave,
        times: 1,
        pieceBytes,
      });
      expect(seen).toEqual(rows.map((r) => r.id));
      // Ten pages, and the spoilt one asked again.
      expect(calls).toHaveLength(11);
      const afters = calls.map((c) => JSON.stringify(c.after));
      expect(afters.length - new Set(afters).size).toBe(1);
    },
  );

  test.each<Misbehaviour>(['no-cursor', 'same-cursor', 'repeat-page'])(
    '%s every time: a few attempts, then an error; never an endless walk',
    async (misbehave) => {
      const fake = fakeInsights(rows, 100, { misbehave, pieceBytes });
      const seen: string[] = [];
      const error = await iterateEventWindow(options(fake, 1), MONTH, (r) => {
        seen.push(r.id);
      }).catch((err) => err);
      expect(error).toBeInstanceOf(EventPagingError);
      expect(error.message).toContain(`${EVENT_PAGE_ATTEMPTS} times`);
      // The first page was good; nothing was delivered twice.
      expect(seen).toEqual(rows.slice(0, 100).map((r) => r.id));
      expect(fake.calls).toHaveLength(1 + EVENT_PAGE_ATTEMPTS);
    },
  );

  test('pages that end short of the count are an error, with the numbers', async () => {
    const fake = fakeInsights(rows.slice(0, 250), 100, {
      count: 400,
      pieceBytes,
    });
    const error = await iterateEventWindow(
      options(fake, 1),
      MONTH,
      () => undefined,
    ).catch((err) => err);
    expect(error).toBeInstanceOf(EventPagingError);
    expect(error.message).toContain('paging ended after 250 of the 400 events');
  });

  test('a count below the pages stops the walk at the count', async () => {
    const fake = fakeInsights(rows, 100, { count: 300, pieceBytes });
    const seen: string[] = [];
    await iterateEventWindow(options(fake, 1), MONTH, (r) => {
      seen.push(r.id);
    });
    expect(seen).toHaveLength(300);
    expect(fake.calls).toHaveLength(3);
  });
});

describe('pages read a piece at a time', () => {
  const rows = events(300, HOUR);
  const window = { startMs: START, endMs: START + HOUR };
  /** Serves `pages` (JSON texts) in turn, each read in pieces of 400 bytes. */
  function serving(pages: string[]) {
    let asked = 0;
    const options: EventWindowOptions<Row> = {
      fetchPage: () => {
        const text = pages[Math.min(asked++, pages.length - 1)];
        const rows = JsonArrayPieces.of<Row>(Buffer.from(text), 400);
        if (!rows) throw new Error('not an array');
        // A cursor that moves on every page, as the real one does.
        return Promise.resolve({
          rows,
          resultCount: rows.length,
          limit: 200,
          searchAfter: [asked],
        });
      },
      countEvents: () => Promise.resolve(300),
      maxChains: 1,
      endpoint: 'POST http://insights/events',
      resource: 'SSO events',
    };
    return { options, asked: () => asked };
  }
  const read = async (pages: string[]) => {
    const server = serving(pages);
    const seen: string[] = [];
    const error = await iterateEventWindow(server.options, window, (r) => {
      seen.push(r.id);
    }).then(
      () => undefined,
      (err) => err,
    );
    return { seen, error, asked: server.asked() };
  };
  const json = (page: Row[]) => JSON.stringify(page);

  test('every event of many pieces is delivered once, in order', async () => {
    const { seen, error, asked } = await read([
      json(rows.slice(0, 200)),
      json(rows.slice(200)),
    ]);
    expect(error).toBeUndefined();
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(asked).toBe(2);
  });

  test('events already read, late in a page, are delivered once only', async () => {
    const { seen, error } = await read([
      json(rows.slice(0, 200)),
      // The second page ends with ten events of the first (out of order).
      json([...rows.slice(200), ...rows.slice(50, 60)]),
    ]);
    expect(error).toBeUndefined();
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  test('a first piece that does not parse: the page is asked again, nothing lost', async () => {
    const bad = json(rows.slice(200)).replace('"timestamp"', 'timestamp');
    const { seen, error, asked } = await read([
      json(rows.slice(0, 200)),
      bad,
      json(rows.slice(200)),
    ]);
    expect(error).toBeUndefined();
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(asked).toBe(3);
  });

  test('a later piece that does not parse fails the walk: never a silent gap', async () => {
    const page = json(rows.slice(200));
    const bad = `${page.slice(0, -2)}, "x": tru}]`;
    const { seen, error } = await read([json(rows.slice(0, 200)), bad]);
    expect(error).toBeInstanceOf(EventPagingError);
    expect(error.message).toContain('a page was not valid JSON');
    expect(seen.length).toBeGreaterThan(200);
    expect(seen.length).toBeLessThan(300);
  });
});

test('slices follow the density seen on the first page', () => {
  const window = { startMs: 0, endMs: 1000 };
  expect(planSlices(window, 999, 8)).toEqual([1000]);
  expect(planSlices(window, 500, 8)).toEqual([1000]);
  expect(planSlices(window, 250, 8)).toEqual([500, 750, 1000]);
  expect(planSlices(window, 10, 4)).toEqual([258, 505, 753, 1000]);
});
