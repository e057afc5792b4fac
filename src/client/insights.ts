import { BodyBuffer } from './body';
import { EventPagingError } from './errors';
import { PageRows, piecesOf, SearchAfterPage } from './paginate';

/** A time range of Directory Insights events: start inclusive, end exclusive. */
export interface EventWindow {
  startMs: number;
  endMs: number;
}

/** A page, its body read into `into` over the chain's page before. */
export type EventPageFetcher<T> = (
  window: EventWindow,
  searchAfter: unknown[] | undefined,
  into: BodyBuffer,
) => Promise<SearchAfterPage<T>>;

/** `POST /events/count` for the same query over a window. */
export type EventCounter = (window: EventWindow) => Promise<number>;

/** Attempts at a page whose cursor did not move, before giving up. */
export const EVENT_PAGE_ATTEMPTS = 3;

interface KeyedEvent {
  id?: string | null;
  timestamp?: string | null;
}

export interface EventWindowOptions<T> {
  fetchPage: EventPageFetcher<T>;
  countEvents: EventCounter;
  maxChains: number;
  /** For errors: `POST <url>` and "Directory Insights SSO events". */
  endpoint: string;
  resource: string;
}

/**
 * Reads every event of a window once, in as many parallel `search_after`
 * chains as it is worth. The count of the query comes first: nothing to read
 * costs one request, and every chain stops at the count of its own slice
 * instead of trusting the pages to end. The first page shows how dense the
 * window is; when more pages are due, the rest of the window is cut into
 * slices, each walked by its own chain (the first chain carries on up to the
 * first cut). Each chain keeps only rows of its own slice, so the slices
 * never overlap whatever the server does at the edges.
 *
 * Cursors must move: a full page without `X-Search_after`, with the cursor
 * that was sent, or starting with rows the chain has already seen (the rows
 * come in time order, so a repeat is older than the last one seen, or an id
 * seen at that instant) is asked for again, and after EVENT_PAGE_ATTEMPTS
 * fails the walk with EventPagingError, as does a chain whose pages end short
 * of its count. Memory holds a page's bytes per chain, and of its rows only
 * the piece being folded; never the whole stream.
 */
export async function iterateEventWindow<T extends KeyedEvent>(
  options: EventWindowOptions<T>,
  window: EventWindow,
  onEvent: (event: T, timestampMs: number) => void,
): Promise<{ unreadableTimestamps: number }> {
  const stats = { unreadableTimestamps: 0 };
  const total = await options.countEvents(window);
  if (total === 0) return stats;

  const head = new EventChain(options, window, { ...window }, stats, onEvent);
  const first = await head.firstPage();
  if (head.finished(first, total)) {
    head.check(total);
    return stats;
  }

  const cuts = planSlices(window, head.lastTimestampMs, options.maxChains);
  const chains: Promise<void>[] = [];
  if (cuts.length === 1) {
    chains.push(head.continue(first, total));
  } else {
    head.slice.endMs = cuts[0];
    chains.push(
      head.continue(
        first,
        options.countEvents({ startMs: window.startMs, endMs: cuts[0] }),
      ),
    );
    for (let i = 0; i + 1 < cuts.length; i++) {
      const slice = { startMs: cuts[i], endMs: cuts[i + 1] };
      const chain = new EventChain(options, slice, slice, stats, onEvent);
      chains.push(chain.walk(options.countEvents(slice)));
    }
  }
  // Wait for every chain even when one fails, so none is left running.
  let failure: unknown;
  await Promise.all(
    chains.map((chain) =>
      chain.catch((err) => {
        failure ??= err;
      }),
    ),
  );
  if (failure) throw failure;
  return stats;
}

/**
 * One `search_after` chain: the query over `queryWindow` (the body must stay
 * identical between pages), delivering the rows of `slice`.
 */
class EventChain<T extends KeyedEvent> {
  lastTimestampMs: number;
  /** Rows of the slice read: delivered, or unusable (no timestamp). */
  private read = 0;
  private readonly idsAtLastTimestamp = new IdsAtInstant();
  private passedEnd = false;
  /** Each page's bytes, over the last page's: one page is read at a time. */
  private readonly body = new BodyBuffer();

  constructor(
    private readonly options: EventWindowOptions<T>,
    private readonly queryWindow: EventWindow,
    readonly slice: EventWindow,
    private readonly stats: { unreadableTimestamps: number },
    private readonly onEvent: (event: T, timestampMs: number) => void,
  ) {
    this.lastTimestampMs = slice.startMs;
  }

  firstPage(): Promise<SearchAfterPage<T>> {
    return this.nextPage(undefined);
  }

  /** Reads the slice from its start until its count is read. */
  async walk(count: Promise<number>): Promise<void> {
    const expected = await count;
    if (expected === 0) return;
    await this.continue(await this.firstPage(), expected);
  }

  /** Goes on from a page already delivered until the slice's count is read. */
  async continue(
    from: SearchAfterPage<T>,
    count: number | Promise<number>,
  ): Promise<void> {
    const expected = await count;
    let page = from;
    while (!this.finished(page, expected)) {
      page = await this.nextPage(page.searchAfter);
    }
    this.check(expected);
  }

  /**
   * Done: past the slice's end, the count read, or a short page (the
   * server's end of the query).
   */
  finished(page: SearchAfterPage<T>, expected: number): boolean {
    return (
      this.passedEnd ||
      this.read >= expected ||
      page.resultCount < page.limit ||
      page.rows.length === 0
    );
  }

  /** A chain that ended short of its count missed events. */
  check(expected: number): void {
    if (!this.passedEnd && this.read < expected) {
      throw this.failure(
        `paging ended after ${
          this.read
        } of the ${expected} events the query counted between ${iso(
          this.slice.startMs,
        )} and ${iso(this.slice.endMs)}`,
      );
    }
  }

  /** The page after `after`, asked again while its cursor does not move. */
  private async nextPage(
    after: unknown[] | undefined,
  ): Promise<SearchAfterPage<T>> {
    let problem = '';
    for (let attempt = 1; attempt <= EVENT_PAGE_ATTEMPTS; attempt++) {
      const page = await this.options.fetchPage(
        this.queryWindow,
        after,
        this.body,
      );
      problem = this.stuck(page, after) || this.deliver(page.rows);
      if (!problem) return page;
    }
    throw this.failure(
      `${problem}, ${EVENT_PAGE_ATTEMPTS} times for the page after ${
        after ? JSON.stringify(after) : 'the start'
      }`,
    );
  }

  /** Why a page's cursor cannot be used, or '' when it can. */
  private stuck(page: SearchAfterPage<T>, after: unknown[] | undefined) {
    const full = page.resultCount >= page.limit && page.rows.length > 0;
    if (full && !page.searchAfter) {
      return 'a full page came without an X-Search_after cursor';
    }
    if (
      full &&
      after &&
      JSON.stringify(page.searchAfter) === JSON.stringify(after)
    ) {
      return 'a full page came with the cursor that was sent (X-Search_after did not move)';
    }
    return '';
  }

  /**
   * Delivers a page's rows a piece at a time (a large page is parsed in
   * pieces, each folded before the next is read), or says why the page cannot
   * be used: its first piece repeats rows already read, or does not parse.
   * Nothing of such a page is delivered, and it is asked for again. Rows
   * already read that come later in a page (out of time order) are delivered
   * once only; a later piece that does not parse fails the chain.
   */
  private deliver(rows: PageRows<T>): string {
    const before: ReadUpTo = {
      ms: this.lastTimestampMs,
      ids: this.idsAtLastTimestamp.copy(),
    };
    let delivered = false;
    try {
      for (const piece of piecesOf(rows)) {
        if (!delivered) {
          const repeated = piece.filter((row) =>
            this.readBefore(timestampOf(row), row, before),
          ).length;
          if (repeated > 0) {
            return `a page repeated ${repeated} events already read`;
          }
        }
        this.accept(piece, before);
        delivered = true;
        if (this.passedEnd) break;
      }
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      const problem = `a page was not valid JSON (${err.message})`;
      if (!delivered) return problem;
      throw this.failure(problem);
    }
    return '';
  }

  /**
   * Whether the chain had read this row before the page began (rows come in
   * time order): older than the last row then, or an id read at that instant.
   */
  private readBefore(ms: number, row: T, before: ReadUpTo): boolean {
    if (Number.isNaN(ms) || ms < this.slice.startMs) return false;
    return ms < before.ms || (ms === before.ms && before.ids.has(row.id ?? ''));
  }

  /** Delivers rows of the slice; notes when the chain passed its end. */
  private accept(rows: T[], before: ReadUpTo): void {
    for (const row of rows) {
      const ms = timestampOf(row);
      if (this.readBefore(ms, row, before)) continue;
      if (Number.isNaN(ms)) {
        this.stats.unreadableTimestamps++;
        this.read++;
        continue;
      }
      if (ms >= this.slice.endMs) {
        this.passedEnd = true;
        return;
      }
      if (ms < this.slice.startMs) continue;
      const id = row.id ?? '';
      if (ms > this.lastTimestampMs) {
        this.lastTimestampMs = ms;
        this.idsAtLastTimestamp.clear();
      } else if (this.idsAtLastTimestamp.has(id)) {
        continue; // the same event twice in one page
      }
      this.idsAtLastTimestamp.add(id);
      this.read++;
      this.onEvent(row, ms);
    }
  }

  private failure(reason: string): EventPagingError {
    return new EventPagingError(
      { endpoint: this.options.endpoint, resource: this.options.resource },
      reason,
    );
  }
}

/** Where a chain stood before a page: its last instant and the ids read at it. */
interface ReadUpTo {
  ms: number;
  ids: IdsAtInstant;
}

/**
 * The ids of the events read at one instant: usually one, so no set is made
 * (a chain clears it at every new instant, a million times on a large tenant).
 */
class IdsAtInstant {
  private first?: string;
  private more?: Set<string>;

  has(id: string): boolean {
    return id === this.first || (this.more?.has(id) ?? false);
  }

  add(id: string): void {
    if (this.first === undefined) this.first = id;
    else if (id !== this.first) (this.more ??= new Set()).add(id);
  }

  clear(): void {
    this.first = undefined;
    this.more = undefined;
  }

  copy(): IdsAtInstant {
    const copy = new IdsAtInstant();
    copy.first = this.first;
    if (this.more) copy.more = new Set(this.more);
    return copy;
  }
}

function timestampOf(row: KeyedEvent): number {
  return typeof row.timestamp === 'string' ? Date.parse(row.timestamp) : NaN;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Cut points after the first page: the first chain has covered
 * [start, lastSeen] in one page, so the rest takes about
 * (end - lastSeen) / (lastSeen - start) more pages; one chain per page, up to
 * `maxChains`. Returns the slice boundaries after the first chain's part,
 * ending with the window's end.
 */
export function planSlices(
  window: EventWindow,
  lastSeenMs: number,
  maxChains: number,
): number[] {
  const covered = Math.max(1, lastSeenMs - window.startMs);
  const remaining = Math.max(0, window.endMs - lastSeenMs);
  const chains = Math.max(
    1,
    Math.min(maxChains, Math.ceil(remaining / covered)),
  );
  const cuts: number[] = [];
  for (let k = 1; k < chains; k++) {
    cuts.push(lastSeenMs + Math.round((k * remaining) / chains));
  }
  cuts.push(window.endMs);
  return cuts;
}
