import { ssoWindowBounds, Tenant } from '../src/simulator';

const PAGE = 100;
const EVENT_PAGE = 10_000;

/** Pages needed for a list of n items: at least one, none beyond the total. */
const pages = (n: number, size = PAGE) => Math.max(1, Math.ceil(n / size));

/**
 * The fewest requests a complete collection of this tenant can make: each
 * list read in pages of 100 (at least one page), sign-ins in pages of 10,000.
 * A full last event page needs one more (short) page to prove it was the
 * last, as Directory Insights gives no total.
 */
export function minimumRequests(t: Tenant): number {
  let requests = 1; // organizations
  requests += pages(t.users.length);
  requests += pages(t.groups.length);
  for (const group of t.groups) {
    requests += pages(t.groupMembers.get(group.id)?.length ?? 0);
  }
  requests += pages(t.applications.length);
  for (const app of t.applications) {
    const rows = t.applicationAssociations.get(app.id) ?? [];
    requests += pages(rows.filter((r) => r.to.type === 'user').length);
    requests += pages(rows.filter((r) => r.to.type === 'user_group').length);
  }
  const { fromMs, toMs } = ssoWindowBounds(t);
  let events = 0;
  t.events.forEachInRange('sso', fromMs, toMs, () => {
    events++;
  });
  requests += Math.floor(events / EVENT_PAGE) + 1;
  return requests;
}
