import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import {
  sendJson,
  ScriptedServer,
  startScriptedServer,
} from '../../test/scriptedServer';
import { readSettings } from '../config';
import { JumpCloudClient } from './client';
import { RetryOptions } from './http';

const API_KEY = 'client-test-key-0123456789abcdef';
const ORG_ID = '5f1b2c3d4e5f6a7b8c9d0e1f';
const FAST: Partial<RetryOptions> = {
  maxAttempts: 4,
  baseDelayMs: 10,
  maxDelayMs: 5000,
  timeoutMs: 2000,
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function clientFor(
  url: string,
  overrides: { orgId?: string; retry?: Partial<RetryOptions> } = {},
) {
  return new JumpCloudClient(
    readSettings({
      apiKey: API_KEY,
      apiBaseUrl: `${url}/api`,
      orgId: overrides.orgId,
    }),
    createMockIntegrationLogger(),
    { retry: { ...FAST, ...overrides.retry } },
  );
}

function users(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const id = (from + i).toString(16).padStart(24, '0');
    return { _id: id, id, username: `user${from + i}` };
  });
}

async function collectUsers(client: JumpCloudClient) {
  const ids: string[] = [];
  await client.forOrganization(ORG_ID).iterateUsers((user) => {
    ids.push(user._id);
  });
  return ids;
}

describe('paging', () => {
  test('v1 asks for 100 sorted by _id and stops on the short last page', async () => {
    const all = users(1, 250);
    server = await startScriptedServer((req, res) => {
      const query = new URL(req.url, 'http://x').searchParams;
      const skip = Number(query.get('skip'));
      sendJson(res, 200, {
        totalCount: all.length,
        results: all.slice(skip, skip + Number(query.get('limit'))),
      });
    });
    const ids = await collectUsers(clientFor(server.url));

    expect(ids).toEqual(all.map((u) => u._id));
    const queries = server.requests.map((r) => new URL(r.url, 'http://x'));
    expect(queries.map((q) => q.pathname)).toEqual(
      Array(3).fill('/api/systemusers'),
    );
    expect(queries.map((q) => q.searchParams.get('skip')).sort()).toEqual([
      '0',
      '100',
      '200',
    ]);
    for (const q of queries) {
      expect(q.searchParams.get('limit')).toBe('100');
      expect(q.searchParams.get('sort')).toBe('_id');
    }
  });

  test('a list of exactly 200 takes two requests, not a third empty one', async () => {
    const all = users(1, 200);
    server = await startScriptedServer((req, res) => {
      const skip = Number(
        new URL(req.url, 'http://x').searchParams.get('skip'),
      );
      sendJson(res, 200, {
        totalCount: 200,
        results: all.slice(skip, skip + 100),
      });
    });
    expect(await collectUsers(clientFor(server.url))).toHaveLength(200);
    expect(server.requests).toHaveLength(2);
  });

  test('v2 reads x-total-count and stops on a short page', async () => {
    const members = users(1, 130).map((u) => ({
      attributes: null,
      to: { attributes: null, id: u._id, type: 'user' },
    }));
    server = await startScriptedServer((req, res) => {
      const skip = Number(
        new URL(req.url, 'http://x').searchParams.get('skip'),
      );
      sendJson(res, 200, members.slice(skip, skip + 100), {
        'x-total-count': String(members.length),
      });
    });
    const seen: string[] = [];
    await clientFor(server.url)
      .forOrganization(ORG_ID)
      .iterateUserGroupMembers('g1', (m) => {
        seen.push(m.to.id);
      });
    expect(seen).toHaveLength(130);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].url).toBe(
      '/api/v2/usergroups/g1/members?limit=100&skip=0',
    );
  });

  test('a row repeated on the next page (paging drift) is delivered once', async () => {
    const all = users(1, 150);
    server = await startScriptedServer((req, res) => {
      const skip = Number(
        new URL(req.url, 'http://x').searchParams.get('skip'),
      );
      // A user inserted before the read position shifts the second page back by one.
      const start = skip === 0 ? 0 : skip - 1;
      sendJson(res, 200, {
        totalCount: 151,
        results: all.slice(start, start + 100),
      });
    });
    const ids = await collectUsers(clientFor(server.url));
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
  });
});

describe('retries', () => {
  test('429 with Retry-After waits as told, then succeeds', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        sendJson(
          res,
          429,
          { message: 'Too Many Requests' },
          { 'retry-after': '1' },
        );
      } else {
        sendJson(res, 200, { totalCount: 1, results: users(1, 1) });
      }
    });
    expect(await collectUsers(clientFor(server.url))).toHaveLength(1);
    const [first, second] = server.requests;
    const waited = second.at - first.at;
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(1500);
  });

  test('Retry-After as an HTTP date is honoured', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        const at = new Date(Date.now() + 2000).toUTCString();
        sendJson(
          res,
          429,
          { message: 'Too Many Requests' },
          { 'retry-after': at },
        );
      } else {
        sendJson(res, 200, { totalCount: 0, results: [] });
      }
    });
    await collectUsers(clientFor(server.url));
    const waited = server.requests[1].at - server.requests[0].at;
    // HTTP dates have whole seconds: between 1 and 2 seconds remain.
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(2500);
  });

  test('500, 502 and 503 are retried until an answer comes', async () => {
    const statuses = [500, 502, 503];
    server = await startScriptedServer((req, res, index) => {
      if (index < statuses.length) {
        res.writeHead(statuses[index], { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      } else {
        sendJson(res, 200, { totalCount: 2, results: users(1, 2) });
      }
    });
    expect(await collectUsers(clientFor(server.url))).toHaveLength(2);
    expect(server.requests).toHaveLength(4);
  });

  test('gives up after the attempts allowed, naming the endpoint', async () => {
    server = await startScriptedServer((req, res) => {
      sendJson(res, 503, { message: 'Service Unavailable' });
    });
    const error = await collectUsers(clientFor(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderRetriesExceededError);
    expect(error.message).toContain(
      `GET ${server.url}/api/systemusers?limit=100&skip=0&sort=_id`,
    );
    expect(error.message).toContain('503');
    expect(server.requests).toHaveLength(4);
  });

  test('a truncated JSON body on a 200 is retried', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"totalCount": 3, "results": [');
      } else {
        sendJson(res, 200, { totalCount: 3, results: users(1, 3) });
      }
    });
    expect(await collectUsers(clientFor(server.url))).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });

  test('a response slower than the timeout is abandoned and retried', async () => {
    server = await startScriptedServer((req, res, index) => {
      const answer = () =>
        sendJson(res, 200, { totalCount: 1, results: users(1, 1) });
      if (index === 0) setTimeout(answer, 1500);
      else answer();
    });
    const started = Date.now();
    const ids = await collectUsers(
      clientFor(server.url, { retry: { timeoutMs: 300 } }),
    );
    expect(ids).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  test('a reset connection is retried', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (index === 0) res.socket?.destroy();
      else sendJson(res, 200, { totalCount: 1, results: users(1, 1) });
    });
    expect(await collectUsers(clientFor(server.url))).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  test('401 is final at once and says what to check, without the key', async () => {
    server = await startScriptedServer((req, res) => {
      sendJson(res, 401, {
        error: 'Unauthorized',
        message: 'Unauthorized: api key user not found',
      });
    });
    const error = await collectUsers(clientFor(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(error.fatal).toBe(true);
    expect(error.message).toContain('api key user not found');
    expect(error.message).toContain('only in its own region');
    expect(error.message).toContain('API_KEY');
    expect(error.message).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    [400, IntegrationProviderAPIError],
    [403, IntegrationProviderAuthorizationError],
    [404, IntegrationProviderAPIError],
  ])('%i is never retried', async (status, errorClass) => {
    server = await startScriptedServer((req, res) => {
      sendJson(res, status, { message: `status ${status}` });
    });
    const error = await collectUsers(clientFor(server.url)).catch((e) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });
});

describe('headers', () => {
  test('x-api-key on every call; x-org-id only when set and never on /organizations', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url.startsWith('/api/organizations')) {
        sendJson(res, 200, {
          totalCount: 1,
          results: [{ _id: ORG_ID, id: ORG_ID }],
        });
      } else if (req.url.startsWith('/api/v2/')) {
        sendJson(res, 200, [], { 'x-total-count': '0' });
      } else {
        sendJson(res, 200, { totalCount: 0, results: [] });
      }
    });
    const withOrg = clientFor(server.url, { orgId: ORG_ID });
    await withOrg.listOrganizations();
    await collectUsers(withOrg);
    await withOrg.forOrganization(ORG_ID).iterateUserGroups(() => undefined);
    await collectUsers(clientFor(server.url));

    const [orgs, usersScoped, groupsScoped, usersUnscoped] = server.requests;
    for (const request of server.requests) {
      expect(request.headers['x-api-key']).toBe(API_KEY);
    }
    expect(orgs.headers['x-org-id']).toBeUndefined();
    expect(usersScoped.headers['x-org-id']).toBe(ORG_ID);
    expect(groupsScoped.headers['x-org-id']).toBe(ORG_ID);
    expect(usersUnscoped.headers['x-org-id']).toBeUndefined();
  });
});
