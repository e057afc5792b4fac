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
  /** Identity used to drop an item a shifting collection returns twice. */
  idOf: (item: T) => string;
}

/**
 * Walks an offset-paged (skip/limit) list and hands each item to `iteratee`
 * once, in server order. Once the first page reports the total, the pages up
 * to it are requested ahead, a few at a time, so latency does not add up.
 * It stops on a short page or once the offset reaches the latest total: never
 * one extra empty request.
 */
export async function iterateOffsetPages<T>(
  fetchPage: (skip: number) => Promise<OffsetPage<T>>,
  options: OffsetPagingOptions<T>,
  iteratee: (item: T) => void | Promise<void>,
): Promise<void> {
  const { pageSize, idOf } = options;
  const seen = new Set<string>();
  const pending = new Map<number, Promise<OffsetPage<T>>>();
  let skip = 0;
  let latestTotal: number | undefined;

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

  for (;;) {
    const page = await request(skip);
    pending.delete(skip);
    if (page.total !== undefined) latestTotal = page.total;

    for (const item of page.items) {
      const id = idOf(item);
      if (seen.has(id)) continue;
      seen.add(id);
      await iteratee(item);
    }

    skip += pageSize;
    const short = page.items.length < pageSize;
    if (short || (latestTotal !== undefined && skip >= latestTotal)) break;

    if (latestTotal !== undefined) {
      for (
        let ahead = skip + pageSize, n = 0;
        n < options.lookahead && ahead < latestTotal;
        ahead += pageSize, n++
      ) {
        void request(ahead);
      }
    }
  }
}

/** One page of a keyset-paged Directory Insights query. */
export interface SearchAfterPage<T> {
  rows: T[];
  /** X-Result-Count: rows in this page. */
  resultCount: number;
  /** X-Limit: the page size the server applied. */
  limit: number;
  /** X-Search_after: where the next page starts. */
  searchAfter?: unknown[];
}

/**
 * Walks a Directory Insights query: the identical body is sent again with the
 * previous page's `X-Search_after` for as long as a page comes back full
 * (`X-Result-Count` equal to `X-Limit`). `onPage` returns false to stop early;
 * `startAfter` continues a walk from a page already read.
 */
export async function iterateSearchAfterPages<T>(
  fetchPage: (
    searchAfter: unknown[] | undefined,
  ) => Promise<SearchAfterPage<T>>,
  onPage: (rows: T[]) => boolean | void,
  startAfter?: unknown[],
): Promise<void> {
  let searchAfter = startAfter;
  for (;;) {
    const page = await fetchPage(searchAfter);
    if (onPage(page.rows) === false) return;
    if (page.resultCount < page.limit || page.rows.length === 0) return;
    const next = page.searchAfter;
    // A cursor that does not move would page forever.
    if (!next || JSON.stringify(next) === JSON.stringify(searchAfter)) return;
    searchAfter = next;
  }
}
