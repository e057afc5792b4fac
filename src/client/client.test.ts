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
import { ListIncompleteError } from './errors';
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

  test('a list of exactly 200 ends on the short (empty) third page, asked ahead', async () => {
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
    // A total is not trusted to end a walk: only a short page does.
    expect(server.requests).toHaveLength(3);
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
    const members130 = await clientFor(server.url)
      .forOrganization(ORG_ID)
      .listUserGroupMembers('g1');
    expect(members130?.map((m) => m.to.id)).toEqual(
      members.map((m) => m.to.id),
    );
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].url).toBe(
      '/api/v2/usergroups/g1/members?limit=100&skip=0',
    );
  });

  test('a user inserted mid-walk (paging drift): the list is read again, every user once', async () => {
    const old = users(2, 150);
    const inserted = users(1, 1)[0];
    server = await startScriptedServer((req, res, index) => {
      const skip = Number(
        new URL(req.url, 'http://x').searchParams.get('skip'),
      );
      // After the first page, a user sorting before all others appears.
      const all = index === 0 ? old : [inserted, ...old];
      sendJson(res, 200, {
        totalCount: all.length,
        results: all.slice(skip, skip + 100),
      });
    });
    const ids = await collectUsers(clientFor(server.url));
    expect(ids.sort()).toEqual([inserted, ...old].map((u) => u._id).sort());
  });
});

describe('lists are reconciled, not trusted', () => {
  const all = users(1, 300);
  /** A v1 user list that answers `page(skip, index)` (or the truth). */
  async function listWith(
    page: (
      skip: number,
      index: number,
    ) => { totalCount: number; results: unknown[] } | undefined,
  ) {
    server = await startScriptedServer((req, res, index) => {
      const skip = Number(
        new URL(req.url, 'http://x').searchParams.get('skip'),
      );
      sendJson(
        res,
        200,
        page(skip, index) ?? {
          totalCount: all.length,
          results: all.slice(skip, skip + 100),
        },
      );
    });
    const ids: string[] = [];
    const error = await clientFor(server.url)
      .forOrganization(ORG_ID)
      .iterateUsers((user) => {
        ids.push(user._id);
      })
      .catch((err) => err);
    return { ids, error };
  }
  const everyone = all.map((u) => u._id);

  test.each([
    [
      'an empty page before the total',
      (skip: number) =>
        skip === 100 ? { totalCount: 300, results: [] } : undefined,
    ],
    [
      'a total that is too low (full pages at and past it)',
      (skip: number) => ({
        totalCount: 100,
        results: all.slice(skip, skip + 100),
      }),
    ],
    [
      'fewer distinct ids than the total (a page repeated)',
      (skip: number) =>
        skip === 100
          ? { totalCount: 300, results: all.slice(0, 100) }
          : undefined,
    ],
  ])(
    '%s, every time: what was read is kept, and the list is reported incomplete with the numbers',
    async (_, lie) => {
      const { ids, error } = await listWith(lie);
      expect(error).toBeInstanceOf(ListIncompleteError);
      expect(error.message).toMatch(/did not add up, even when read again/);
      expect(error.message).toMatch(/where JumpCloud reported a total of/);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(everyone).toContain(id);
    },
  );

  test.each([
    [
      'an empty page before the total',
      (skip: number, index: number) =>
        skip === 100 && index < 3
          ? { totalCount: 300, results: [] }
          : undefined,
    ],
    [
      'a total that is too low',
      (skip: number, index: number) =>
        index < 4
          ? { totalCount: 100, results: all.slice(skip, skip + 100) }
          : undefined,
    ],
    [
      'a page repeated',
      (skip: number, index: number) =>
        skip === 100 && index < 3
          ? { totalCount: 300, results: all.slice(0, 100) }
          : undefined,
    ],
  ])('%s, once: the second reading is exact', async (_, lie) => {
    const { ids, error } = await listWith(lie);
    expect(error).toBeUndefined();
    expect(ids.sort()).toEqual(everyone);
  });

  test('a user deleted mid-walk does not hide the users after it', async () => {
    const deleted = all[50]._id;
    const { ids, error } = await listWith((skip, index) => {
      if (index === 0) return undefined;
      const left = all.filter((u) => u._id !== deleted);
      return { totalCount: left.length, results: left.slice(skip, skip + 100) };
    });
    expect(error).toBeUndefined();
    // The one at the old page boundary (shifted onto page one) is read too.
    expect(ids.sort()).toEqual(everyone);
  });

  test('a server that ignores the offset does not page forever', async () => {
    const { ids, error } = await listWith(() => ({
      totalCount: 300,
      results: all.slice(0, 100),
    }));
    expect(error).toBeInstanceOf(ListIncompleteError);
    expect(ids).toHaveLength(100);
    expect(server!.requests.length).toBeLessThan(12);
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

describe('organization selection', () => {
  const ORG_B = '5f1b2c3d4e5f6a7b8c9d0e2f';
  const NO_ORG = { message: 'Unauthorized: no organization selected' };
  const NOT_BY_HEADER = {
    error: 'Forbidden',
    message: 'Forbidden: organization selection not allowed via header',
  };
  const adminsOf = (org: string) => [
    { _id: `admin-of-${org}`, email: `admin@${org}.example` },
  ];

  test('a portal key asked without x-org-id: the check says so, and it is not a refused key', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url.startsWith('/api/systemusers') && !req.headers['x-org-id']) {
        sendJson(res, 401, NO_ORG);
      } else {
        sendJson(res, 200, { totalCount: 0, results: [] });
      }
    });
    const client = clientFor(server.url);
    expect(await client.readsWithoutOrganization()).toBe(false);
    // Still usable: the 401 was about x-org-id, not the key.
    expect(await client.listOrganizations()).toEqual([]);
  });

  test('a single-tenant key reads without x-org-id', async () => {
    server = await startScriptedServer((req, res) =>
      sendJson(res, 200, { totalCount: 0, results: [] }),
    );
    expect(await clientFor(server.url).readsWithoutOrganization()).toBe(true);
    expect(server.requests[0].url).toBe(
      '/api/systemusers?fields=_id&limit=1&skip=0&sort=_id',
    );
  });

  test.each([
    ['refuses x-org-id (as documented)', 'refused'],
    ['requires x-org-id', 'required'],
  ])(
    'administrators when GET /api/users %s: every organization read, and the form kept for the run',
    async (_, rule) => {
      server = await startScriptedServer((req, res) => {
        const org = req.headers['x-org-id'] as string | undefined;
        if (rule === 'refused' && org) return sendJson(res, 403, NOT_BY_HEADER);
        if (rule === 'required' && !org) return sendJson(res, 401, NO_ORG);
        const admins = org
          ? adminsOf(org)
          : [...adminsOf(ORG_ID), ...adminsOf(ORG_B)];
        sendJson(res, 200, { totalCount: admins.length, results: admins });
      });
      const client = clientFor(server.url, { orgId: 'all' });
      const read = async () => {
        const seen: [string, string | undefined][] = [];
        await client.iterateAdministrators(
          [ORG_ID, ORG_B],
          (admin, listedFor) => {
            seen.push([admin.email as string, listedFor]);
          },
        );
        return seen;
      };
      const expected =
        rule === 'refused'
          ? [
              [`admin@${ORG_ID}.example`, undefined],
              [`admin@${ORG_B}.example`, undefined],
            ]
          : [
              [`admin@${ORG_ID}.example`, ORG_ID],
              [`admin@${ORG_B}.example`, ORG_B],
            ];
      expect(await read()).toEqual(expected);
      const first = server.requests.length;
      expect(await read()).toEqual(expected);
      // The second time only the form that worked is asked.
      const again = server.requests.slice(first);
      expect(again.map((r) => r.headers['x-org-id'])).toEqual(
        rule === 'refused' ? [undefined] : [ORG_ID, ORG_B],
      );
    },
  );
});

describe('a 404 on a list means gone only when its object is', () => {
  const member = (id: string) => ({ to: { id, type: 'user' } });

  test('the group still exists: its member list is read again', async () => {
    server = await startScriptedServer((req, res, index) => {
      if (req.url.startsWith('/api/v2/usergroups/g1/members')) {
        if (index === 0) return sendJson(res, 404, { message: 'Not Found' });
        return sendJson(res, 200, [member('u1'), member('u2')], {
          'x-total-count': '2',
        });
      }
      if (req.url === '/api/v2/usergroups/g1') {
        return sendJson(res, 200, { id: 'g1', name: 'Group' });
      }
      sendJson(res, 404, { message: 'Not Found' });
    });
    const members = await clientFor(server.url)
      .forOrganization(ORG_ID)
      .listUserGroupMembers('g1');
    expect(members?.map((m) => m.to.id)).toEqual(['u1', 'u2']);
    expect(server.requests.map((r) => r.url.split('?')[0])).toEqual([
      '/api/v2/usergroups/g1/members',
      '/api/v2/usergroups/g1',
      '/api/v2/usergroups/g1/members',
    ]);
  });

  test('the group is gone: no member list (undefined), not an empty one', async () => {
    server = await startScriptedServer((req, res) =>
      sendJson(res, 404, { message: 'Not Found' }),
    );
    const members = await clientFor(server.url)
      .forOrganization(ORG_ID)
      .listUserGroupMembers('g1');
    expect(members).toBeUndefined();
  });

  test('404 every time while the group exists: an error, never an empty list', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url === '/api/v2/usergroups/g1') {
        return sendJson(res, 200, { id: 'g1' });
      }
      sendJson(res, 404, { message: 'Not Found' });
    });
    const error = await clientFor(server.url)
      .forOrganization(ORG_ID)
      .listUserGroupMembers('g1')
      .catch((err) => err);
    expect(error).toBeInstanceOf(IntegrationProviderAPIError);
    expect(error.message).toContain(
      'though the user group itself still exists',
    );
  });
});
