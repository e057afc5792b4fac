import * as http from 'http';
import * as https from 'https';
import { Readable } from 'stream';
import fetch, { Headers, RequestInit } from 'node-fetch';
import { retry } from '@lifeomic/attempt';
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';
import {
  isOrganizationSelectionMessage,
  OrganizationSelectionError,
  RedirectRefusedError,
  RouteUnresponsiveError,
} from './errors';
import { BodyBuffer } from './body';
import { JsonArrayPieces, parseJsonBody } from './json';
import { RequestLimiter } from './limiter';
import { RouteHealthBoard } from './routeHealth';

export interface RetryOptions {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First back-off delay; it doubles per attempt, with jitter. */
  baseDelayMs: number;
  /** No back-off (computed or told by Retry-After) exceeds this. */
  maxDelayMs: number;
  /** Per-attempt deadline, headers and body together. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 7,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 20_000,
};

/**
 * Attempts in a row that run into their deadline before a route is given up
 * for the run: with the default deadline, a dead route costs about a minute
 * and a half at most, whatever the number of requests queued for it.
 */
export const ROUTE_TIMEOUTS_BEFORE_GIVING_UP = 3;

/**
 * An attempt still unanswered after this share of its deadline hands its
 * request slot back, and puts its route on probation (one request at a time):
 * a route that stopped answering must not starve the other steps.
 */
const SLOW_SHARE_OF_DEADLINE = 1 / 3;

/** Same-origin redirects followed in one attempt, at most. */
const MAX_REDIRECTS = 5;

export interface HttpRequest {
  method: 'GET' | 'POST';
  baseUrl: string;
  /** Path below baseUrl, e.g. `/systemusers` or `/v2/usergroups/{id}/members`. */
  path: string;
  /**
   * The path's template (`/v2/usergroups/{id}/members`): requests that share
   * it share a route's health. Defaults to the path.
   */
  route?: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Extra request headers (e.g. x-org-id); never logged. */
  headers?: Record<string, string>;
  /** What the data is, for error messages: "user group members". */
  resource: string;
  /**
   * Tighter retry options for this request (a quick configuration check);
   * each only ever lowers the client's own, which the operator may have set.
   */
  retry?: Partial<RetryOptions>;
  /**
   * A JSON array body comes back as JsonArrayPieces, read a piece at a time
   * by its consumer; any other body is parsed as usual.
   */
  arrayInPieces?: boolean;
  /**
   * Read the body into this buffer, over the caller's previous body, which
   * is no longer valid; without it, the body gets a buffer of its own.
   */
  into?: BodyBuffer;
}

export interface HttpResponse<T> {
  body: T;
  headers: Headers;
}

export interface HttpClientOptions {
  apiKey: string;
  limiter: RequestLimiter;
  retry: RetryOptions;
  logger: IntegrationLogger;
  /** Added to authentication errors: what to check when a key is refused. */
  authenticationHint: string;
}

/**
 * One HTTP exchange with retries: 429, 5xx, network errors, deadlines and
 * unreadable or cut bodies are retried with capped, jittered exponential
 * back-off (Retry-After wins when JumpCloud sends it); 4xx answers are final
 * and become the SDK's error classes, naming the endpoint. Every attempt has
 * one deadline for headers and body, and nothing it opened outlives it.
 * Redirects are followed only within the origin they came from: the key goes
 * with every request, and so goes nowhere else.
 */
export class HttpClient {
  /**
   * The first refusal of the key (401). A revoked key fails every request
   * after it, so none is sent: the run stops at once instead of walking every
   * remaining list into the same answer.
   */
  private refused?: IntegrationProviderAuthenticationError;
  private readonly routes = new RouteHealthBoard(
    ROUTE_TIMEOUTS_BEFORE_GIVING_UP,
  );
  /** Keep-alive connections shared by every request of the run. */
  private readonly agents: Agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  constructor(private readonly options: HttpClientOptions) {}

  async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = buildUrl(request);
    const endpoint = `${request.method} ${url}`;
    const { limiter, logger } = this.options;
    const retryOptions = tightened(this.options.retry, request.retry);
    const route = `${request.method} ${request.baseUrl}${
      request.route ?? request.path
    }`;
    const health = this.routes.of(route);
    let lastFailure: RetryableFailure | undefined;

    try {
      return await retry(
        async (context) => {
          let outcome: 'answered' | 'timed-out' | 'failed' = 'failed';
          let startedAt = Date.now();
          try {
            const response = await limiter.run((releaseSlot) => {
              startedAt = Date.now();
              if (health.down) {
                throw new RouteUnresponsiveError(
                  {
                    endpoint: `${request.method} ${request.baseUrl}${request.path}`,
                    resource: request.resource,
                  },
                  route,
                  health.timeouts,
                  retryOptions.timeoutMs,
                );
              }
              if (this.refused) throw this.refused;
              return this.attempt<T>(
                request,
                url,
                endpoint,
                retryOptions,
                () => {
                  // Probation first: the freed slot must not go to this route.
                  health.suspect();
                  releaseSlot();
                },
              );
            }, health);
            outcome = 'answered';
            if (context.attemptNum > 0) {
              logger.debug(
                { endpoint, attempt: context.attemptNum + 1 },
                'Request succeeded after retrying',
              );
            }
            return response;
          } catch (err) {
            if (err instanceof RetryableFailure && err.timedOut) {
              outcome = 'timed-out';
            } else if (
              err instanceof IntegrationProviderAPIError &&
              !(err instanceof RouteUnresponsiveError) &&
              err !== this.refused
            ) {
              outcome = 'answered'; // a 4xx is an answer: the route is alive
            }
            throw err;
          } finally {
            health.leave(outcome, startedAt);
            // The route may take its next request now, or has just gone down.
            limiter.dispatch();
          }
        },
        {
          maxAttempts: retryOptions.maxAttempts,
          delay: retryOptions.baseDelayMs,
          maxDelay: retryOptions.maxDelayMs,
          calculateDelay: (context) =>
            backOffDelay(context.attemptNum, retryOptions, lastFailure),
          handleError: (err, context) => {
            if (!(err instanceof RetryableFailure)) {
              context.abort();
              return;
            }
            lastFailure = err;
            logger.debug(
              {
                endpoint,
                status: err.status,
                attempt: context.attemptNum + 1,
                retryAfterMs: err.retryAfterMs,
              },
              `Retrying ${request.resource} request`,
            );
          },
        },
      );
    } catch (err) {
      if (err instanceof RetryableFailure) {
        throw new IntegrationProviderRetriesExceededError({
          endpoint,
          status: err.status,
          statusText: this.redact(
            `${err.reason} (gave up reading ${request.resource} after ${retryOptions.maxAttempts} attempts)`,
          ),
        });
      }
      throw err;
    }
  }

  /**
   * One exchange, run while holding a limiter slot. What it learns about the
   * key (refused) or the rate (Retry-After) is acted on before the slot is
   * freed: the limiter hands a freed slot straight to the next caller, which
   * would otherwise be sent first. The deadline covers headers and body:
   * reaching it aborts the exchange and closes its connection.
   */
  private async attempt<T>(
    request: HttpRequest,
    url: string,
    endpoint: string,
    retryOptions: RetryOptions,
    onSlow: () => void,
  ): Promise<HttpResponse<T>> {
    const exchange = new Exchange(this.agents);
    const deadline = setTimeout(
      () => exchange.stop('deadline'),
      retryOptions.timeoutMs,
    );
    const slow = setTimeout(
      onSlow,
      Math.round(retryOptions.timeoutMs * SLOW_SHARE_OF_DEADLINE),
    );
    try {
      let target = url;
      for (let redirects = 0; ; redirects++) {
        const response = await fetch(target, {
          method: request.method,
          headers: {
            accept: 'application/json',
            'x-api-key': this.options.apiKey,
            ...(request.body !== undefined
              ? { 'content-type': 'application/json' }
              : {}),
            ...request.headers,
          },
          body:
            request.body !== undefined
              ? JSON.stringify(request.body)
              : undefined,
          redirect: 'manual',
          signal: exchange.signal,
          agent: exchange.agentFor(target),
        });
        exchange.responded(response.body);
        const { status } = response;
        const bytes = await (request.into?.read(response) ?? response.buffer());

        if (status >= 300 && status < 400) {
          target = this.redirectTarget(request, endpoint, response, target);
          if (redirects >= MAX_REDIRECTS) {
            throw new IntegrationProviderAPIError({
              endpoint,
              status,
              statusText: `more than ${MAX_REDIRECTS} redirects`,
            });
          }
          continue;
        }
        if (response.ok) {
          try {
            return {
              body: ((request.arrayInPieces && JsonArrayPieces.of(bytes)) ||
                parseJsonBody(bytes)) as T,
              headers: response.headers,
            };
          } catch {
            throw new RetryableFailure(
              status,
              `the ${status} answer was not valid JSON (${describeBody(
                bytes.toString('utf8', 0, 1024),
              )})`,
            );
          }
        }
        throw this.failure(
          request,
          endpoint,
          response,
          bytes.toString('utf8'),
          retryOptions,
        );
      }
    } catch (err) {
      if (exchange.stopped === 'deadline') {
        throw new RetryableFailure(
          'timeout',
          `no complete answer within ${retryOptions.timeoutMs} ms`,
          undefined,
          true,
        );
      }
      if (exchange.stopped === 'cut') {
        throw new RetryableFailure(
          'network error',
          'the connection closed in the middle of the answer',
        );
      }
      if (!(err instanceof Error) || !isNetworkError(err)) throw err;
      throw new RetryableFailure('network error', (err as Error).message);
    } finally {
      clearTimeout(deadline);
      clearTimeout(slow);
      exchange.end();
    }
  }

  /** Where a redirect leads, when it stays within the origin asked. */
  private redirectTarget(
    request: HttpRequest,
    endpoint: string,
    response: { status: number; headers: Headers },
    from: string,
  ): string {
    const location = response.headers.get('location');
    let next: URL | undefined;
    try {
      next = location ? new URL(location, from) : undefined;
    } catch {
      next = undefined;
    }
    if (!next) {
      throw new IntegrationProviderAPIError({
        endpoint,
        status: response.status,
        statusText: 'a redirect without a usable Location',
      });
    }
    if (next.origin !== new URL(from).origin) {
      throw new RedirectRefusedError(
        { endpoint, resource: request.resource },
        response.status,
        next.origin,
      );
    }
    return next.toString();
  }

  private failure(
    request: HttpRequest,
    endpoint: string,
    { status, headers }: { status: number; headers: Headers },
    text: string,
    retryOptions: RetryOptions,
  ): Error {
    const message = errorMessage(text);
    if (status === 429 || status >= 500) {
      const retryAfterMs =
        status === 429
          ? parseRetryAfter(headers.get('retry-after'))
          : undefined;
      if (retryAfterMs !== undefined) {
        this.options.limiter.pause(
          Math.min(retryAfterMs, retryOptions.maxDelayMs),
        );
      }
      return new RetryableFailure(status, `${status} ${message}`, retryAfterMs);
    }
    const statusText = this.redact(message);
    if (isOrganizationSelectionMessage(status, message)) {
      // How x-org-id was sent, not a refused key: the run goes on.
      return new OrganizationSelectionError(endpoint, status, statusText);
    }
    if (status === 401) {
      this.refused ??= new IntegrationProviderAuthenticationError({
        endpoint,
        status,
        statusText: `${statusText}. ${this.options.authenticationHint}`,
      });
      return this.refused;
    }
    if (status === 403) {
      return new IntegrationProviderAuthorizationError({
        endpoint,
        status,
        statusText: `${statusText} (the API key's administrator may not read ${request.resource})`,
      });
    }
    return new IntegrationProviderAPIError({ endpoint, status, statusText });
  }

  /** Belt and braces: no text we surface may ever carry the key. */
  private redact(text: string): string {
    const { apiKey } = this.options;
    // A toy key of a character or two would blank out ordinary words.
    return apiKey.length >= 8 ? text.split(apiKey).join('[REDACTED]') : text;
  }
}

type Agents = Record<'http:' | 'https:', http.Agent>;

/**
 * One attempt's connection, held as node-fetch v2 lets us hold it. node-fetch
 * pipes the raw response into a stream of its own and never says when that
 * response closed before its end (a connection cut in the middle of a body
 * with a Content-Length would wait for the deadline); and aborting through
 * its signal rejects its promise twice, which the SDK logs as an error. The
 * agent is the one place it shows the raw exchange: each attempt gets a view
 * of the shared keep-alive agent that notes its request and reports a cut at
 * once, and stopping destroys the request (closing its connection) and the
 * body being read. (A request intercepted before it reaches the agent, as
 * Polly's replay does, is stopped through the signal instead.)
 */
class Exchange {
  stopped?: 'deadline' | 'cut';
  private request?: http.ClientRequest;
  private body?: NodeJS.ReadableStream;
  private readonly controller = new AbortController();

  constructor(private readonly agents: Agents) {}

  /** node-fetch types its own AbortSignal; Node's is the same thing. */
  get signal(): RequestInit['signal'] {
    return this.controller.signal as RequestInit['signal'];
  }

  agentFor(target: string): http.Agent {
    const protocol = new URL(target).protocol === 'https:' ? 'https:' : 'http:';
    const shared = this.agents[protocol] as http.Agent & {
      addRequest(request: http.ClientRequest, ...rest: unknown[]): void;
    };
    const view = Object.create(shared) as typeof shared;
    view.addRequest = (request, ...rest) => {
      this.request = request;
      request.once('response', (response: http.IncomingMessage) => {
        response.once('close', () => {
          if (!response.complete) this.stop('cut');
        });
      });
      shared.addRequest(request, ...rest);
    };
    return view;
  }

  /** The body node-fetch reads, so that stopping can end the reading. */
  responded(body: NodeJS.ReadableStream): void {
    this.body = body;
  }

  /** The attempt is over: let go of what it held. */
  end(): void {
    this.request = undefined;
    this.body = undefined;
  }

  stop(why: 'deadline' | 'cut'): void {
    this.stopped ??= why;
    if (!this.request) {
      this.controller.abort();
      return;
    }
    (this.body as Readable | undefined)?.destroy(
      new Error(`stopped: ${this.stopped}`),
    );
    this.request.destroy();
  }
}

/** A failure worth another attempt; never leaves this module. */
export class RetryableFailure extends Error {
  constructor(
    readonly status: number | string,
    readonly reason: string,
    readonly retryAfterMs?: number,
    /** The attempt ran into its deadline. */
    readonly timedOut = false,
  ) {
    super(reason);
  }
}

/**
 * The client's options, each lowered to the request's where it asks for less:
 * a quick check must not wait longer, or try more often, than the operator
 * allows (JUMPCLOUD_REQUEST_TIMEOUT_MS=300 must not become 15 s for it).
 */
function tightened(
  options: RetryOptions,
  limits: Partial<RetryOptions> = {},
): RetryOptions {
  const result = { ...options };
  for (const field of Object.keys(limits) as (keyof RetryOptions)[]) {
    const limit = limits[field];
    if (limit !== undefined) result[field] = Math.min(result[field], limit);
  }
  return result;
}

function buildUrl({ baseUrl, path, query }: HttpRequest): string {
  const url = new URL(baseUrl + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function isNetworkError(err: Error): boolean {
  // node-fetch reports socket errors and its own timeouts as FetchError.
  return err.name === 'FetchError' || err.name === 'AbortError';
}

/**
 * Retry-After as seconds or an HTTP date, in milliseconds; undefined when
 * absent or unreadable, so that the computed back-off applies.
 */
export function parseRetryAfter(
  value: string | null,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt `attemptNum + 1`: what Retry-After said, exactly, or
 * else exponential back-off with "equal jitter" (half fixed, half random) so
 * that parallel callers do not retry in lock-step.
 */
export function backOffDelay(
  attemptNum: number,
  options: RetryOptions,
  lastFailure: RetryableFailure | undefined,
  random = Math.random,
): number {
  // attempt calls this before the first attempt too (attemptNum 0): no wait.
  if (attemptNum === 0) return 0;
  if (lastFailure?.retryAfterMs !== undefined) {
    return Math.min(lastFailure.retryAfterMs, options.maxDelayMs);
  }
  const ceiling = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.max(0, attemptNum - 1),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text);
    const message = body?.message ?? body?.error;
    if (typeof message === 'string' && message) return truncate(message);
  } catch {
    // not JSON: a proxy's HTML page, say
  }
  return describeBody(text);
}

function describeBody(text: string): string {
  if (!text) return 'empty body';
  return `body starts ${JSON.stringify(
    truncate(text.replace(/\s+/g, ' '), 80),
  )}`;
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
