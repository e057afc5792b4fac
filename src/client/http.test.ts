import {
  IntegrationProviderAuthenticationError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';
import { Socket } from 'net';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import {
  sendJson,
  ScriptedServer,
  startScriptedServer,
} from '../../test/scriptedServer';
import {
  OrganizationSelectionError,
  RedirectRefusedError,
  RouteUnresponsiveError,
} from './errors';
import { BodyBuffer } from './body';
import { HttpClient, HttpRequest, RetryOptions } from './http';
import { JsonArrayPieces } from './json';
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

describe('every attempt has one deadline, body included', () => {
  test('a body that stalls after the headers is abandoned at the deadline, its connection closed, and asked again', async () => {
    const sockets: Socket[] = [];
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        sockets.push(res.socket!);
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': '100',
        });
        res.write('{"half":');
        return; // and nothing more
      }
      sendJson(res, 200, { whole: true });
    });
    const started = Date.now();
    const response = await httpClient(1, { timeoutMs: 300 }).request(
      get('/stall'),
    );
    expect(response.body).toEqual({ whole: true });
    expect(server.requests).toHaveLength(2);
    const waited = server.requests[1].at - server.requests[0].at;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(1500);
    // Nothing the attempt opened outlives it.
    await waitFor(() => sockets[0].destroyed);
  });

  test('a connection cut in the middle of a body is noticed at once and retried', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': '1000',
        });
        res.write('{"cut": "' + 'x'.repeat(100));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      sendJson(res, 200, { whole: true });
    });
    const started = Date.now();
    const response = await httpClient(1, { timeoutMs: 10_000 }).request(
      get('/cut'),
    );
    expect(response.body).toEqual({ whole: true });
    expect(server.requests).toHaveLength(2);
    // Far from the 10 s deadline: the cut itself ended the attempt.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a body read into the caller's buffer: cut in the middle, retried, and whole", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `e${i}` }));
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': '100000',
        });
        res.write(JSON.stringify(rows).slice(0, 40_000));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      sendJson(res, 200, rows);
    });
    const into = new BodyBuffer();
    const client = httpClient(1, { timeoutMs: 10_000 });
    const first = await client.request<JsonArrayPieces<{ id: string }>>(
      get('/events', { into, arrayInPieces: true }),
    );
    expect(server.requests).toHaveLength(2);
    expect([...first.body.pieces()].flat()).toEqual(rows);
    expect(into.bytes.toString()).toBe(JSON.stringify(rows));
    // The next body is read over it.
    const second = await client.request<{ id: string }[]>(
      get('/events', { into }),
    );
    expect(second.body).toEqual(rows);
  });

  test('the process has nothing left open once requests end', async () => {
    server = await startScriptedServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('['); // a body that never ends
    });
    const client = httpClient(2, { timeoutMs: 200, maxAttempts: 2 });
    const errors = await Promise.all(
      ['/a', '/b'].map((p) => client.request(get(p)).catch((err) => err)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(IntegrationProviderRetriesExceededError);
      expect(error.message).toContain('no complete answer within 200 ms');
    }
    // Every connection the server saw is closed by the client.
    await waitFor(() => server!.openConnections() === 0);
  });
});

describe('redirects', () => {
  test('to another host: not followed, the key sent nowhere else, and a clear error naming the endpoint', async () => {
    const elsewhere = await startScriptedServer((req, res) =>
      sendJson(res, 200, { stolen: true }),
    );
    try {
      server = await startScriptedServer((req, res) => {
        res.writeHead(302, {
          location: `${elsewhere.url}/api/collect${req.url}`,
        });
        res.end('<html>Moved</html>');
      });
      const error = await httpClient(1)
        .request(get('/v2/usergroups'))
        .catch((err) => err);
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(error.message).toContain(`GET ${server.url}/v2/usergroups`);
      expect(error.message).toContain(`another host (${elsewhere.url})`);
      expect(error.message).toContain('the API key was not sent there');
      expect(error.message).not.toContain(API_KEY);
      expect(elsewhere.requests).toEqual([]);
      // Not retried: the answer would be the same.
      expect(server.requests).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  test('within the same origin: followed, with the key', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new?x=1' });
        res.end();
      } else {
        sendJson(res, 200, { at: req.url });
      }
    });
    const response = await httpClient(1).request(get('/old'));
    expect(response.body).toEqual({ at: '/new?x=1' });
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([
      API_KEY,
      API_KEY,
    ]);
  });
});

describe('a route that stops answering', () => {
  test('is given up after three deadlines in a row, without holding the other routes back', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url.startsWith('/dead/')) return; // never answered
      sendJson(res, 200, { alive: true });
    });
    const client = httpClient(2, { timeoutMs: 300, maxAttempts: 7 });
    const dead = Array.from({ length: 6 }, (_, i) =>
      client
        .request(get(`/dead/${i}`, { route: '/dead/{id}' }))
        .catch((err) => err),
    );
    // While the dead route's first requests hang, the other route goes on.
    const started = Date.now();
    const alive = await client.request(get('/alive'));
    expect(alive.body).toEqual({ alive: true });
    expect(Date.now() - started).toBeLessThan(300);

    const errors = await Promise.all(dead);
    for (const error of errors) {
      expect(error).toBeInstanceOf(RouteUnresponsiveError);
      expect(error.message).toContain('GET ' + server.url + '/dead/{id}');
      expect(error.message).toContain('3 requests in a row');
    }
    // The two first sent together (one deadline), then one probe at a time:
    // three deadlines in a row.
    const sentToDead = server.requests.filter((r) =>
      r.url.startsWith('/dead/'),
    );
    expect(sentToDead).toHaveLength(4);
    // Later requests to the route fail at once, sending nothing.
    const before = server.requests.length;
    await expect(
      client.request(get('/dead/9', { route: '/dead/{id}' })),
    ).rejects.toBeInstanceOf(RouteUnresponsiveError);
    expect(server.requests).toHaveLength(before);
  });

  test('a slow answer hands its slot to the other requests', async () => {
    server = await startScriptedServer((req, res) => {
      const answer = () => sendJson(res, 200, { url: req.url });
      if (req.url === '/slow') setTimeout(answer, 800);
      else answer();
    });
    // One slot: without the hand-back, /fast would wait for /slow.
    const client = httpClient(1, { timeoutMs: 1500 });
    const slow = client.request(get('/slow'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await client.request(get('/fast'));
    expect(Date.now() - started).toBeLessThan(700);
    expect((await slow).body).toEqual({ url: '/slow' });
  });
});

describe('organization selection is not a refused key', () => {
  test('401 "no organization selected" leaves the run going', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url === '/tenant') {
        sendJson(res, 401, {
          message: 'Unauthorized: no organization selected',
        });
      } else {
        sendJson(res, 200, { ok: true });
      }
    });
    const client = httpClient(1);
    const error = await client.request(get('/tenant')).catch((err) => err);
    expect(error).toBeInstanceOf(OrganizationSelectionError);
    expect(error.fatal).toBe(false);
    expect((await client.request(get('/other'))).body).toEqual({ ok: true });
  });
});

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
