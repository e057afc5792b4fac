import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

/** How often, at most, a long step says how far it has come. */
export const PROGRESS_INTERVAL_MS = 5_000;

/**
 * Counts work in a long step and logs it at info level every few seconds, so
 * that a run on a large tenant visibly moves; quiet on small ones.
 */
export class Progress {
  private count = 0;
  private lastLoggedAt = Date.now();

  constructor(
    private readonly logger: IntegrationLogger,
    /** What is counted, in the plural: "users read". */
    private readonly what: string,
    private readonly total?: () => number | undefined,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  add(n = 1): void {
    this.count += n;
    const now = Date.now();
    if (now - this.lastLoggedAt < this.intervalMs) return;
    this.lastLoggedAt = now;
    const total = this.total?.();
    this.logger.info(
      { progress: this.count, total },
      total
        ? `${this.count} of ${total} ${this.what} so far`
        : `${this.count} ${this.what} so far`,
    );
  }

  get value(): number {
    return this.count;
  }
}
