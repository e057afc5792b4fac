import fetch, { Headers } from 'node-fetch';
import { retry } from '@lifeomic/attempt';
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';
import { RequestLimiter } from './limiter';

export interface RetryOptions {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First back-off delay; it doubles per attempt, with jitter. */
  baseDelayMs: number;
  /** No back-off (computed or told by Retry-After) exceeds this. */
  maxDelayMs: number;
  /** Per-request time limit, headers and body together. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 7,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 60_000,
};

export interface HttpRequest {
  method: 'GET' | 'POST';
  baseUrl: string;
  /** Path below baseUrl, e.g. `/systemusers` or `/v2/usergroups/{id}/members`. */
  path: string;
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
 * One HTTP exchange with retries: 429, 5xx, network errors, timeouts and
 * unreadable bodies are retried with capped, jittered exponential back-off
 * (Retry-After wins when JumpCloud sends it); 4xx answers are final and
 * become the SDK's error classes, naming the endpoint.
 */
export class HttpClient {
  /**
   * The first refusal of the key (401). A revoked key fails every request
   * after it, so none is sent: the run stops at once instead of walking every
   * remaining list into the same answer.
   */
  private refused?: IntegrationProviderAuthenticationError;

  constructor(private readonly options: HttpClientOptions) {}

  async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = buildUrl(request);
    const endpoint = `${request.method} ${url}`;
    const { limiter, logger } = this.options;
    const retryOptions = tightened(this.options.retry, request.retry);
    let lastFailure: RetryableFailure | undefined;

    try {
      return await retry(
        async (context) => {
          const response = await limiter.run(() => {
            if (this.refused) throw this.refused;
            return this.attempt<T>(request, url, endpoint, retryOptions);
          });
          if (context.attemptNum > 0) {
            logger.debug(
              { endpoint, attempt: context.attemptNum + 1 },
              'Request succeeded after retrying',
            );
          }
          return response;
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
   * would otherwise be sent first.
   */
  private async attempt<T>(
    request: HttpRequest,
    url: string,
    endpoint: string,
    retryOptions: RetryOptions,
  ): Promise<HttpResponse<T>> {
    try {
      const response = await fetch(url, {
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
          request.body !== undefined ? JSON.stringify(request.body) : undefined,
        timeout: retryOptions.timeoutMs,
      });
      const { status } = response;
      const text = await response.text();

      if (response.ok) {
        try {
          return { body: JSON.parse(text) as T, headers: response.headers };
        } catch {
          throw new RetryableFailure(
            status,
            `the ${status} answer was not valid JSON (${describeBody(text)})`,
          );
        }
      }
      throw this.failure(request, endpoint, response, text, retryOptions);
    } catch (err) {
      if (!(err instanceof Error) || !isNetworkError(err)) throw err;
      throw new RetryableFailure('network error', (err as Error).message);
    }
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

/** A failure worth another attempt; never leaves this module. */
export class RetryableFailure extends Error {
  constructor(
    readonly status: number | string,
    readonly reason: string,
    readonly retryAfterMs?: number,
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
