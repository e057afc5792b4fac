/**
 * Bounds the requests in flight across the whole run. The SDK runs independent
 * steps at the same time, so this one limiter is what keeps their combined
 * load on JumpCloud polite. A rate-limit answer pauses every caller, not just
 * the one that was told to wait.
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(readonly maxConcurrent: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.waitForPause();
      return await task();
    } finally {
      this.release();
    }
  }

  /** Holds back every request until `ms` from now (a 429 with Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  private async waitForPause(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; ) {
      await sleep(wait);
      wait = this.pausedUntil - Date.now();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      next(); // the slot passes straight to the next caller
    } else {
      this.active--;
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
