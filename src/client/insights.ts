import { iterateSearchAfterPages, SearchAfterPage } from './paginate';

/** A time range of Directory Insights events: start inclusive, end exclusive. */
export interface EventWindow {
  startMs: number;
  endMs: number;
}

export type EventPageFetcher<T> = (
  window: EventWindow,
  searchAfter: unknown[] | undefined,
) => Promise<SearchAfterPage<T>>;

interface KeyedEvent {
  id?: string | null;
  timestamp?: string | null;
}

/**
 * Reads every event of a window once, in as many parallel `search_after`
 * chains as it is worth: the first page shows how dense the window is; when
 * more pages are due, the rest of the window is cut into slices, each walked by
 * its own chain (the first chain carries on up to the first cut). Each chain
 * keeps only rows of its own slice, so the slices never overlap whatever the
 * server does at the edges, and drops an event id repeated at the same instant.
 * Memory holds a page per chain, never the whole stream.
 */
export async function iterateEventWindow<T extends KeyedEvent>(
  fetchPage: EventPageFetcher<T>,
  window: EventWindow,
  maxChains: number,
  onEvent: (event: T, timestampMs: number) => void,
): Promise<{ unreadableTimestamps: number }> {
  const stats = { unreadableTimestamps: 0 };
  const first = await fetchPage(window, undefined);
  const head = new SliceFilter(window.startMs, window.endMs, stats, onEvent);
  head.accept(first.rows);
  if (first.resultCount < first.limit || first.rows.length === 0) return stats;

  const cuts = planSlices(window, head.lastTimestampMs, maxChains);
  head.endMs = cuts[0];
  const chains = [
    iterateSearchAfterPages(
      (after) => fetchPage(window, after),
      (rows) => head.accept(rows),
      first.searchAfter,
    ),
  ];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const slice = { startMs: cuts[i], endMs: cuts[i + 1] };
    const filter = new SliceFilter(slice.startMs, slice.endMs, stats, onEvent);
    chains.push(
      iterateSearchAfterPages(
        (after) => fetchPage(slice, after),
        (rows) => filter.accept(rows),
      ),
    );
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

/** The rows one chain may deliver: inside its slice, each event once. */
class SliceFilter<T extends KeyedEvent> {
  lastTimestampMs: number;
  private readonly idsAtLastTimestamp = new Set<string>();

  constructor(
    private readonly startMs: number,
    public endMs: number,
    private readonly stats: { unreadableTimestamps: number },
    private readonly onEvent: (event: T, timestampMs: number) => void,
  ) {
    this.lastTimestampMs = startMs;
  }

  /** Delivers a page; false once the chain has passed the end of its slice. */
  accept(rows: T[]): boolean {
    for (const row of rows) {
      const ms =
        typeof row.timestamp === 'string' ? Date.parse(row.timestamp) : NaN;
      if (Number.isNaN(ms)) {
        this.stats.unreadableTimestamps++;
        continue;
      }
      if (ms >= this.endMs) return false;
      if (ms < this.startMs) continue;
      const id = row.id ?? '';
      if (ms > this.lastTimestampMs) {
        this.lastTimestampMs = ms;
        this.idsAtLastTimestamp.clear();
      } else if (
        ms === this.lastTimestampMs &&
        this.idsAtLastTimestamp.has(id)
      ) {
        continue;
      }
      this.idsAtLastTimestamp.add(id);
      this.onEvent(row, ms);
    }
    return true;
  }
}
