/** Who may start, and what to note the moment a slot is theirs. */
export interface StartGate {
  mayStart(): boolean;
  started(): void;
}

const ALWAYS: StartGate = { mayStart: () => true, started: () => undefined };

interface Waiter {
  gate: StartGate;
  start: () => void;
}

/**
 * Bounds the requests in flight across the whole run. The SDK runs independent
 * steps at the same time, so this one limiter is what keeps their combined
 * load on JumpCloud polite. A rate-limit answer pauses every caller, not just
 * the one that was told to wait. A free slot goes to the first caller whose
 * gate lets it start (a route on probation sends one request at a time; its
 * other callers let the rest pass), and a task may hand its slot back before
 * it ends (a request that has stopped answering is no load on JumpCloud, and
 * must not keep the other steps waiting).
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private pausedUntil = 0;

  constructor(readonly maxConcurrent: number) {}

  async run<T>(
    task: (releaseSlot: () => void) => Promise<T>,
    gate: StartGate = ALWAYS,
  ): Promise<T> {
    await this.acquire(gate);
    let held = true;
    const releaseSlot = () => {
      if (!held) return;
      held = false;
      this.active--;
      this.dispatch();
    };
    try {
      await this.waitForPause();
      return await task(releaseSlot);
    } finally {
      releaseSlot();
    }
  }

  /** Holds back every request until `ms` from now (a 429 with Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /**
   * Hands free slots to waiting callers in order, passing over those whose
   * gate is closed; call it when a gate may have opened.
   */
  dispatch(): void {
    while (this.active < this.maxConcurrent) {
      const next = this.waiting.findIndex((w) => w.gate.mayStart());
      if (next < 0) return;
      const [waiter] = this.waiting.splice(next, 1);
      this.active++;
      waiter.gate.started();
      waiter.start();
    }
  }

  private async waitForPause(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; ) {
      await sleep(wait);
      wait = this.pausedUntil - Date.now();
    }
  }

  private acquire(gate: StartGate): Promise<void> {
    if (
      this.active < this.maxConcurrent &&
      this.waiting.length === 0 &&
      gate.mayStart()
    ) {
      this.active++;
      gate.started();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push({ gate, start: resolve });
      this.dispatch();
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
