import { EventLog, IndexList, lowerBound } from './events';

/**
 * Keyset paging over the event log. Rows are ordered by (timestamp, id);
 * because ids encode the event index, that is the index order, so a page
 * costs a few binary searches plus the page itself.
 */

export interface EventCursor {
  timestampMs: number;
  id: string;
}

export interface EventQueryPlan {
  /** 'all' or a list of service names (unknown services simply match nothing). */
  services: 'all' | string[];
  /** Inclusive. */
  startMs: number;
  /** Exclusive. */
  endMs: number;
  searchAfter?: EventCursor;
  descending: boolean;
  skip: number;
  limit: number;
}

interface Source {
  list: IndexList;
  /** Next position to read. */
  position: number;
  /** ASC: exclusive upper bound; DESC: inclusive lower bound. */
  bound: number;
}

export function queryEvents(log: EventLog, plan: EventQueryPlan): number[] {
  const sources = listsFor(log, plan.services).map((list) =>
    openSource(log, list, plan),
  );
  const out: number[] = [];
  let toSkip = plan.skip;
  while (out.length < plan.limit) {
    const next = pickNext(sources, plan.descending);
    if (next === undefined) break;
    const source = sources[next];
    const eventIndex = source.list.at(source.position);
    source.position += plan.descending ? -1 : 1;
    if (toSkip > 0) toSkip--;
    else out.push(eventIndex);
  }
  return out;
}

/** Events matching services and time range (search_after and skip ignored, as /events/count does). */
export function countEvents(
  log: EventLog,
  plan: Pick<EventQueryPlan, 'services' | 'startMs' | 'endMs'>,
): number {
  let total = 0;
  for (const list of listsFor(log, plan.services)) {
    const lo = lowerBound(log, list, plan.startMs);
    const hi = lowerBound(log, list, plan.endMs);
    total += Math.max(0, hi - lo);
  }
  return total;
}

function listsFor(log: EventLog, services: 'all' | string[]): IndexList[] {
  if (services === 'all' || services.includes('all')) return [log.everything()];
  return Array.from(new Set(services)).map((s) => log.forService(s));
}

function openSource(
  log: EventLog,
  list: IndexList,
  plan: EventQueryPlan,
): Source {
  const lo = lowerBound(log, list, plan.startMs);
  const hi = Math.max(lo, lowerBound(log, list, plan.endMs));
  const after = plan.searchAfter;
  if (!plan.descending) {
    const position = after ? Math.max(lo, firstAfter(log, list, after)) : lo;
    return { list, position, bound: hi };
  }
  const position = after
    ? Math.min(hi, firstAfter(log, list, after, true)) - 1
    : hi - 1;
  return { list, position, bound: lo };
}

function pickNext(sources: Source[], descending: boolean): number | undefined {
  let best: number | undefined;
  let bestEvent = 0;
  for (let s = 0; s < sources.length; s++) {
    const { list, position, bound } = sources[s];
    const open = descending ? position >= bound : position < bound;
    if (!open) continue;
    const eventIndex = list.at(position);
    if (
      best === undefined ||
      (descending ? eventIndex > bestEvent : eventIndex < bestEvent)
    ) {
      best = s;
      bestEvent = eventIndex;
    }
  }
  return best;
}

/**
 * First position whose (timestamp, id) is greater than the cursor; with
 * `orEqual`, greater than or equal (so that position - 1 is the last row
 * strictly before the cursor).
 */
function firstAfter(
  log: EventLog,
  list: IndexList,
  cursor: EventCursor,
  orEqual = false,
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(log, list.at(mid), cursor);
    if (c < 0 || (c === 0 && !orEqual)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compare(
  log: EventLog,
  eventIndex: number,
  cursor: EventCursor,
): number {
  const ms = log.timestampMs(eventIndex);
  if (ms !== cursor.timestampMs) return ms < cursor.timestampMs ? -1 : 1;
  const id = log.id(eventIndex);
  return id < cursor.id ? -1 : id > cursor.id ? 1 : 0;
}
