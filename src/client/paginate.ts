import { ListIncompleteError } from './errors';
import { JsonArrayPieces } from './json';

/** One page of an offset-paged list, whatever its response shape. */
export interface OffsetPage<T> {
  items: T[];
  /** The collection size the server reported with this page, if it did. */
  total?: number;
}

export interface OffsetPagingOptions<T> {
  pageSize: number;
  /** Pages requested ahead of the one being processed. */
  lookahead: number;
  /** Identity used to deliver each item once. */
  idOf: (item: T) => string;
  /** For the error when the list does not add up: `GET <url>` and "users". */
  endpoint: string;
  resource: string;
}

/** What one reading of a list saw. */
interface Pass {
  /** Distinct ids this pass read. */
  distinct: number;
  /** The total the last page reported. */
  total?: number;
  /** Whether the total moved while the pass read. */
  totalChanged: boolean;
}

/**
 * Walks an offset-paged (skip/limit) list and hands each item to `iteratee`
 * once, in server order. Once the first page reports the total, the pages up
 * to it are requested ahead, a few at a time, so latency does not add up.
 *
 * Totals and pages are reconciled, not trusted: a reading ends only on a
 * short page, and it is right only when the distinct ids it read account for
 * the total the server reported, and that total held still. Anything else (a
 * short or empty page early, full pages past a total that was too low, fewer
 * distinct ids than the total, an object added or deleted mid-walk, which
 * shifts the rows after it) reads the list again, delivering what the first
 * reading missed; when the second reading does not add up either, what was
 * read is kept and ListIncompleteError says what was seen.
 */
export async function iterateOffsetPages<T>(
  fetchPage: (skip: number) => Promise<OffsetPage<T>>,
  options: OffsetPagingOptions<T>,
  iteratee: (item: T) => void | Promise<void>,
): Promise<void> {
  const delivered = new Set<string>();
  const first = await readOnce(fetchPage, options, delivered, iteratee);
  if (addsUp(first)) return;
  const second = await readOnce(fetchPage, options, delivered, iteratee);
  if (addsUp(second)) return;
  throw new ListIncompleteError(
    { endpoint: options.endpoint, resource: options.resource },
    {
      distinct: delivered.size,
      total: second.total,
      reason: `read twice, the pages held ${first.distinct} and then ${
        second.distinct
      } distinct ${options.resource} where JumpCloud reported ${describeTotals(
        first,
        second,
      )}`,
    },
  );
}

function addsUp(pass: Pass): boolean {
  return (
    !pass.totalChanged &&
    (pass.total === undefined || pass.distinct === pass.total)
  );
}

function describeTotals(first: Pass, second: Pass): string {
  const totals = [first.total, second.total].map((t) =>
    t === undefined ? 'no total' : `a total of ${t}`,
  );
  const moved =
    first.totalChanged || second.totalChanged ? ' (it moved while paging)' : '';
  return `${totals[0]} and then ${totals[1]}${moved}`;
}

/** One reading of the list, page by page until a short page. */
async function readOnce<T>(
  fetchPage: (skip: number) => Promise<OffsetPage<T>>,
  { pageSize, lookahead, idOf }: OffsetPagingOptions<T>,
  delivered: Set<string>,
  iteratee: (item: T) => void | Promise<void>,
): Promise<Pass> {
  const read = new Set<string>();
  const pending = new Map<number, Promise<OffsetPage<T>>>();
  const pass: Pass = { distinct: 0, totalChanged: false };
  let skip = 0;

  const request = (offset: number) => {
    let page = pending.get(offset);
    if (!page) {
      page = fetchPage(offset);
      // Avoid an unhandled rejection if we stop before awaiting it.
      page.catch(() => undefined);
      pending.set(offset, page);
    }
    return page;
  };

  try {
    for (;;) {
      const page = await request(skip);
      pending.delete(skip);
      if (page.total !== undefined) {
        if (pass.total !== undefined && page.total !== pass.total) {
          pass.totalChanged = true;
        }
        pass.total = page.total;
      }

      let fresh = 0;
      for (const item of page.items) {
        const id = idOf(item);
        if (!read.has(id)) {
          read.add(id);
          fresh++;
        }
        if (delivered.has(id)) continue;
        delivered.add(id);
        await iteratee(item);
      }

      skip += pageSize;
      if (page.items.length < pageSize) break;
      // A full page of nothing new at or past the total: a server that
      // ignores the offset would page forever.
      if (fresh === 0 && (pass.total === undefined || skip >= pass.total)) {
        break;
      }

      if (pass.total !== undefined) {
        // Up to the page at the total itself: it must come back short.
        for (
          let ahead = skip + pageSize, n = 0;
          n < lookahead && ahead <= pass.total;
          ahead += pageSize, n++
        ) {
          void request(ahead);
        }
      }
    }
  } finally {
    pending.clear();
  }
  pass.distinct = read.size;
  return pass;
}

/** A page's rows: an array, or a body read a piece at a time. */
export type PageRows<T> = T[] | JsonArrayPieces<T>;

export function piecesOf<T>(rows: PageRows<T>): Iterable<T[]> {
  return Array.isArray(rows) ? [rows] : rows.pieces();
}

/** One page of a keyset-paged Directory Insights query. */
export interface SearchAfterPage<T> {
  rows: PageRows<T>;
  /** X-Result-Count: rows in this page. */
  resultCount: number;
  /** X-Limit: the page size the server applied. */
  limit: number;
  /** X-Search_after: where the next page starts. */
  searchAfter?: unknown[];
}
