/**
 * How each route (a path template such as `/v2/usergroups/{id}/members`) is
 * answering. A route whose last attempt ran into its deadline, or that has a
 * request unanswered for long, is on probation: one request at a time, so
 * that a dead route holds one request, not all of them, while the other steps
 * go on. After `giveUpAfter` attempts in a row ran into their deadline it is
 * down for the run: its requests fail at once, and none is sent. "In a row"
 * counts attempts one after another: attempts that were already under way
 * together when the first of them ran out count once (a stall of the
 * collector itself can make a whole wave late).
 */
export class RouteHealth {
  private consecutiveTimeouts = 0;
  /** When the last counted deadline was reached. */
  private lastTimeoutAt = -Infinity;
  /** A request is taking long: wait and see before sending more. */
  private suspected = false;
  private inFlight = 0;

  constructor(private readonly giveUpAfter: number) {}

  get timeouts(): number {
    return this.consecutiveTimeouts;
  }

  get down(): boolean {
    return this.consecutiveTimeouts >= this.giveUpAfter;
  }

  /**
   * Whether a request of the route may start now (a down route's requests
   * start, to fail at once without sending anything).
   */
  mayStart(): boolean {
    return (
      this.down ||
      this.inFlight === 0 ||
      (this.consecutiveTimeouts === 0 && !this.suspected)
    );
  }

  started(): void {
    this.inFlight++;
  }

  /** A request of the route has gone unanswered for long. */
  suspect(): void {
    this.suspected = true;
  }

  /**
   * After an attempt that started at `startedAt`: whether it was answered,
   * timed out, or failed otherwise.
   */
  leave(outcome: 'answered' | 'timed-out' | 'failed', startedAt: number): void {
    this.inFlight--;
    if (outcome === 'answered') {
      this.consecutiveTimeouts = 0;
      this.suspected = false;
    }
    if (outcome === 'timed-out' && startedAt >= this.lastTimeoutAt) {
      this.consecutiveTimeouts++;
      this.lastTimeoutAt = Date.now();
    }
  }
}

/** One RouteHealth per route, made on first use. */
export class RouteHealthBoard {
  private readonly routes = new Map<string, RouteHealth>();

  constructor(private readonly giveUpAfter: number) {}

  of(route: string): RouteHealth {
    let health = this.routes.get(route);
    if (!health) {
      health = new RouteHealth(this.giveUpAfter);
      this.routes.set(route, health);
    }
    return health;
  }
}
