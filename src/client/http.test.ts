import { IntegrationProviderAuthenticationError } from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import {
  sendJson,
  ScriptedServer,
  startScriptedServer,
} from '../../test/scriptedServer';
import { HttpClient, HttpRequest, RetryOptions } from './http';
import { RequestLimiter } from './limiter';

const API_KEY = 'http-test-key-0123456789abcdef';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function httpClient(maxConcurrent: number, retry: Partial<RetryOptions> = {}) {
  return new HttpClient({
    apiKey: API_KEY,
    limiter: new RequestLimiter(maxConcurrent),
    retry: {
      maxAttempts: 4,
      baseDelayMs: 10,
      maxDelayMs: 5000,
      timeoutMs: 2000,
      ...retry,
    },
    logger: createMockIntegrationLogger(),
    authenticationHint: 'Check the API key.',
  });
}

const get = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  baseUrl: server!.url,
  path,
  resource: 'things',
  ...extra,
});

describe('the shared limiter', () => {
  test('a 429 with Retry-After holds back the callers queued behind it, not only its own', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        sendJson(
          res,
          429,
          { message: 'Too Many Requests' },
          {
            'retry-after': '1',
          },
        );
      } else {
        sendJson(res, 200, {});
      }
    });
    // One request at a time: the others wait in the limiter's queue and get
    // the 429's slot the moment it is released.
    const client = httpClient(1);
    await Promise.all(['/a', '/b', '/c'].map((p) => client.request(get(p))));

    const [limited, ...rest] = server.requests;
    expect(limited.url).toBe('/a');
    for (const request of rest) {
      expect(request.at - limited.at).toBeGreaterThanOrEqual(990);
    }
  });

  test('after a 401 no further request is sent: every caller gets the authentication error', async () => {
    server = await startScriptedServer((req, res) => {
      sendJson(res, 401, {
        error: 'Unauthorized',
        message: 'Unauthorized: api key user not found',
      });
    });
    const client = httpClient(1);
    const errors = await Promise.all(
      ['/a', '/b', '/c'].map((p) => client.request(get(p)).catch((err) => err)),
    );
    expect(server.requests.map((r) => r.url)).toEqual(['/a']);
    for (const error of errors) {
      expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
      expect(error.message).toContain('/a: 401');
    }
    // Later calls are refused without a request too.
    await expect(client.request(get('/d'))).rejects.toBeInstanceOf(
      IntegrationProviderAuthenticationError,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("a request's own retry options", () => {
  test('only ever tighten the client options the operator set', async () => {
    server = await startScriptedServer((req, res) => {
      setTimeout(() => sendJson(res, 200, {}), 1000);
    });
    // As the configuration check asks: few attempts, but a generous timeout.
    const client = httpClient(1, { maxAttempts: 2, timeoutMs: 200 });
    const started = Date.now();
    const error = await client
      .request(get('/slow', { retry: { maxAttempts: 3, timeoutMs: 15_000 } }))
      .catch((err) => err);
    expect(error.message).toContain('gave up reading things after 2 attempts');
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
  });
});
