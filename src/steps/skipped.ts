import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

/**
 * One log line for records a step left out, with every reason that applied
 * and its exact count: "Skipped 3 device bindings: 2 to users that were not
 * collected (deleted since), 1 to another kind of object." Reasons are
 * phrases without a verb, so that they read right for 1 and for 1,000.
 */
export function logSkipped(
  logger: IntegrationLogger,
  /** What was skipped, in the plural: "device bindings". */
  what: string,
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
    `Skipped ${total} ${what}: ${applied
      .map(([count, reason]) => `${count} ${reason}`)
      .join(', ')}.`,
  );
}
