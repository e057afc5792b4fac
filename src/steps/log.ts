import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

/** "1 user", "3 users": log lines read right for one and for many. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * One log line for records a step left out, with every reason that applied
 * and its exact count: "Skipped 3 device bindings: 2 to users that were not
 * collected (deleted since), 1 to another kind of object." Reasons are
 * phrases without a verb, so that they read right for 1 and for 1,000.
 */
export function logSkipped(
  logger: IntegrationLogger,
  /** What was skipped, in the singular: "device binding" (plural: adds "s"), or [one, many]. */
  what: string | [one: string, many: string],
  reasons: Record<string, [count: number, reason: string]>,
): void {
  const counts = Object.fromEntries(
    Object.entries(reasons).map(([name, [count]]) => [name, count]),
  );
  const applied = Object.values(reasons).filter(([count]) => count > 0);
  const total = applied.reduce((sum, [count]) => sum + count, 0);
  if (total === 0) return;
  logger.info(
    { skipped: counts },
    `Skipped ${
      typeof what === 'string' ? plural(total, what) : plural(total, ...what)
    }: ${applied.map(([count, reason]) => `${count} ${reason}`).join(', ')}.`,
  );
}
