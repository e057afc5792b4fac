import { BAD_API_KEY, json, message, SimResponse } from './http';
import { Random } from './random';

export interface Faults {
  /** Added to every response. */
  latencyMs?: number;
  /** Every Nth request answers 429; Retry-After only when retryAfterSeconds is set. */
  rateLimit?: {
    everyNth: number;
    retryAfterSeconds?: number;
    retryAfterAsDate?: boolean;
  };
  /** Fraction of requests answering 500, 502 (Cloudflare HTML) or 503. */
  serverErrorRate?: number;
  /** Fraction of requests whose socket is destroyed without a response. */
  resetRate?: number;
  /** Fraction of requests delayed by slowMs (default 30 s) before answering. */
  slowRate?: number;
  slowMs?: number;
  /** Fraction of 200 answers with a truncated or non-JSON body. */
  badBodyRate?: number;
  /** 403 on GET /api/v2/usergroups/{id}/members. */
  forbiddenMembers?: boolean;
  /** POST /insights/directory/v1/events (and /events/count) answers this. */
  insightsStatus?: 402 | 403;
  /** GET /api/users (administrators) answers this; 404 body `{"message":"Not Found"}`. */
  adminsStatus?: 403 | 404;
  /** After the first /api/systemusers page, a user sorting before all others appears. */
  pagingDrift?: boolean;
  /** After this many requests every request answers 401 (key revoked mid-run). */
  unauthorizedAfter?: number;
  /** Every request addressed to this organization (x-org-id) answers 503: one tenant of a portal down. */
  failingOrganization?: string;
}

export interface FaultDecision {
  reset: boolean;
  /** Replaces the real answer (429, 5xx, revoked key). */
  response?: SimResponse;
  delayMs: number;
  badBody: boolean;
  /** Uniform in [0, 1): which kind of bad body. */
  badBodyKind: number;
}

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n' +
  '</body>\r\n</html>\r\n';

export const UNAVAILABLE_503 =
  '<html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';

/**
 * Decides each request's faults in arrival order from a seeded generator, so
 * a run with the same seed and request order fails the same way. Counting
 * restarts whenever the faults change.
 */
export class FaultPlan {
  private faults: Faults;
  private rng: Random;
  private count = 0;

  constructor(faults: Faults = {}, private readonly seed = 1) {
    this.faults = { ...faults };
    this.rng = new Random(seed);
  }

  get current(): Faults {
    return this.faults;
  }

  set(faults: Faults): void {
    this.faults = { ...faults };
    this.count = 0;
    this.rng = new Random(this.seed);
  }

  decide(): FaultDecision {
    const f = this.faults;
    this.count += 1;
    // Draw every roll each time so one fault's setting never shifts another's.
    const resetRoll = this.rng.next();
    const errorRoll = this.rng.next();
    const errorKind = this.rng.next();
    const slowRoll = this.rng.next();
    const badBodyRoll = this.rng.next();
    const decision: FaultDecision = {
      reset: false,
      delayMs:
        (f.latencyMs ?? 0) +
        (slowRoll < (f.slowRate ?? 0) ? f.slowMs ?? 30_000 : 0),
      badBody: badBodyRoll < (f.badBodyRate ?? 0),
      badBodyKind: errorKind,
    };
    if (f.unauthorizedAfter !== undefined && this.count > f.unauthorizedAfter) {
      decision.response = BAD_API_KEY();
    } else if (resetRoll < (f.resetRate ?? 0)) {
      decision.reset = true;
    } else if (
      f.rateLimit &&
      f.rateLimit.everyNth > 0 &&
      this.count % f.rateLimit.everyNth === 0
    ) {
      decision.response = tooManyRequests(f.rateLimit);
    } else if (errorRoll < (f.serverErrorRate ?? 0)) {
      decision.response = serverError(errorKind);
    }
    return decision;
  }
}

function tooManyRequests(
  rateLimit: NonNullable<Faults['rateLimit']>,
): SimResponse {
  const response = message(429, 'Too Many Requests');
  const seconds = rateLimit.retryAfterSeconds;
  if (seconds !== undefined) {
    response.headers = {
      'Retry-After': rateLimit.retryAfterAsDate
        ? new Date(Date.now() + seconds * 1000).toUTCString()
        : String(seconds),
    };
  }
  return response;
}

function serverError(roll: number): SimResponse {
  if (roll < 1 / 3) return json(500, { message: 'Internal Server Error' });
  if (roll < 2 / 3)
    return { status: 502, body: CLOUDFLARE_502, contentType: 'text/html' };
  return { status: 503, body: UNAVAILABLE_503, contentType: 'text/html' };
}

/** A 200 body a client must not accept: cut mid-JSON, or an HTML error page. */
export function corruptBody(body: string, roll: number): string {
  if (roll < 0.5)
    return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  return '<html><body>upstream sent an invalid response</body></html>';
}
