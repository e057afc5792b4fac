import { SSO_WINDOW_QUIET_MS } from './eventGeneration';
import { eventRow } from './eventRows';
import { expectedSsoUsage, expectedUserIds } from './groundTruth';
import { generateTenant } from './tenant';

const NOW = new Date('2026-11-01T10:00:00Z');
const VALID_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

describe('generateTenant', () => {
  const tenant = generateTenant({ seed: 3, now: NOW });

  test('same seed gives the same tenant, another seed another one', () => {
    const again = generateTenant({ seed: 3, now: NOW });
    expect(JSON.stringify(again.users)).toEqual(JSON.stringify(tenant.users));
    expect(JSON.stringify(again.groups)).toEqual(JSON.stringify(tenant.groups));
    expect(JSON.stringify([...again.groupMembers])).toEqual(
      JSON.stringify([...tenant.groupMembers]),
    );
    expect(JSON.stringify(again.applications)).toEqual(
      JSON.stringify(tenant.applications),
    );
    expect(again.events.size).toBe(tenant.events.size);
    for (const i of [0, 17, tenant.events.size - 1]) {
      expect(eventRow(again.events, i)).toEqual(eventRow(tenant.events, i));
    }
    const other = generateTenant({ seed: 4, now: NOW });
    expect(other.organization.id).not.toBe(tenant.organization.id);
    expect(other.users[0].id).not.toBe(tenant.users[0].id);
  });

  test('sizes follow the options', () => {
    expect(tenant.users).toHaveLength(300);
    expect(tenant.groups).toHaveLength(25);
    expect(tenant.applications).toHaveLength(15);
    const small = generateTenant({
      seed: 1,
      users: 5,
      groups: 2,
      applications: 1,
      ssoEvents: 10,
      now: NOW,
    });
    expect(small.users).toHaveLength(5);
    expect(small.groups).toHaveLength(2);
  });

  test('users are raw v1 records ordered by _id with unique ids', () => {
    const ids = tenant.users.map((u) => u._id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const u of tenant.users) {
      expect(u.id).toBe(u._id);
      expect(u._id).toMatch(/^[0-9a-f]{24}$/);
    }
  });

  test('the first user is ordinary, activated and MFA-enrolled', () => {
    const first = tenant.users[0];
    expect(first).toMatchObject({
      state: 'ACTIVATED',
      activated: true,
      suspended: false,
      account_locked: false,
      mfa: { configured: true, exclusion: false },
      mfaEnrollment: { overallStatus: 'ENROLLED' },
    });
    expect(first.email).toMatch(VALID_EMAIL);
    expect(first.displayname).toBeTruthy();
    expect(first.employeeIdentifier).toBeTruthy();
  });

  test('users show the variety of real directories', () => {
    const users = tenant.users;
    const states = new Set(users.map((u) => u.state));
    expect(states).toEqual(
      new Set(['STAGED', 'ACTIVATED', 'SUSPENDED', undefined]),
    );
    expect(users.filter((u) => u.state === 'ACTIVATED').length).toBeGreaterThan(
      users.length / 2,
    );
    expect(users.some((u) => !('state' in u))).toBe(true);
    expect(
      users.some((u) => u.state === 'ACTIVATED' && u.activated === false),
    ).toBe(true);
    expect(users.some((u) => u.account_locked)).toBe(true);
    expect(users.some((u) => !('mfa' in u))).toBe(true);
    expect(users.some((u) => !('mfaEnrollment' in u))).toBe(true);
    expect(users.some((u) => u.mfa?.exclusion && u.mfa.exclusionUntil)).toBe(
      true,
    );
    expect(users.some((u) => u.manager === null)).toBe(true);
    expect(users.some((u) => !('manager' in u))).toBe(true);
    const userIds = new Set(users.map((u) => u.id));
    expect(
      users.some(
        (u) => typeof u.manager === 'string' && userIds.has(u.manager),
      ),
    ).toBe(true);
    const names = users
      .map((u) => `${u.firstname} ${u.lastname} ${u.displayname ?? ''}`)
      .join('\n');
    for (const fragment of [
      'José',
      'Müller',
      'Zoë',
      'Ørsted',
      '李',
      'Анна',
      'محمد',
      'Ólafur',
    ]) {
      expect(names).toContain(fragment);
    }
    expect(
      users.some((u) => /\p{Extended_Pictographic}/u.test(u.displayname ?? '')),
    ).toBe(true);
  });

  test('about 1% of e-mails are invalid, the rest valid and unique', () => {
    const invalid = tenant.users.filter((u) => !VALID_EMAIL.test(u.email));
    expect(invalid.length).toBeGreaterThanOrEqual(1);
    expect(invalid.length).toBeLessThanOrEqual(6);
    const valid = tenant.users
      .filter((u) => VALID_EMAIL.test(u.email))
      .map((u) => u.email);
    expect(new Set(valid).size).toBe(valid.length);
    expect(
      generateTenant({ seed: 99, users: 100, now: NOW }).users.some(
        (u) => !VALID_EMAIL.test(u.email),
      ),
    ).toBe(true);
  });

  test('groups are v2 records; one is empty; member rows are distinct and include deleted users', () => {
    for (const g of tenant.groups) {
      expect(g.type).toBe('user_group');
      expect(typeof g.email).toBe('string');
      expect(typeof g.description).toBe('string');
      expect(g.attributes === null || typeof g.attributes === 'object').toBe(
        true,
      );
    }
    const sizes = tenant.groups.map(
      (g) => tenant.groupMembers.get(g.id)!.length,
    );
    expect(sizes).toContain(0);
    const userIds = new Set(tenant.users.map((u) => u.id));
    let deletedRows = 0;
    for (const rows of tenant.groupMembers.values()) {
      const ids = rows.map((r) => r.to.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const row of rows) {
        expect(row).toEqual({
          attributes: null,
          to: { attributes: null, id: row.to.id, type: row.to.type },
        });
        if (row.to.type === 'user' && !userIds.has(row.to.id)) {
          expect(tenant.deletedUserIds.has(row.to.id)).toBe(true);
          deletedRows++;
        }
      }
    }
    expect(deletedRows).toBeGreaterThan(0);
  });

  test('applications carry secret config, some are inactive, some unbound', () => {
    const apps = tenant.applications;
    expect(apps.some((a) => !a.active)).toBe(true);
    expect(new Set(apps.map((a) => a.displayLabel)).size).toBe(apps.length);
    for (const a of apps) {
      expect(a.id).toBe(a._id);
      expect(a.ssoUrl).toMatch(
        /^https:\/\/sso\.jumpcloud\.com\/saml2\/[a-z0-9-]+$/,
      );
      expect(JSON.stringify(a.config)).toContain('-----BEGIN PRIVATE KEY-----');
      expect(['saml', 'oidc']).toContain(a.sso.type);
    }
    const bindings = apps.map((a) => tenant.applicationAssociations.get(a.id)!);
    expect(bindings.some((rows) => rows.length === 0)).toBe(true);
    expect(
      bindings.some((rows) => rows.some((r) => r.to.type === 'user_group')),
    ).toBe(true);
    expect(
      bindings.some((rows) => rows.some((r) => r.to.type === 'user')),
    ).toBe(true);
  });

  test('events: sso rows shaped like the real ones, timestamps in three precisions', () => {
    const log = tenant.events;
    const sso = log.forService('sso');
    const row = eventRow(log, sso.at(sso.length - 1));
    expect(Object.keys(row)).toEqual([
      'initiated_by',
      'error_message',
      'geoip',
      'sso_token_success',
      'auth_context',
      'useragent',
      'mfa',
      'event_type',
      'application',
      'provider',
      'service',
      'organization',
      '@version',
      'client_ip',
      'id',
      'idp_initiated',
      'timestamp',
    ]);
    const precisions = new Set<number>();
    const ids = new Set<string>();
    for (let i = 0; i < log.size; i++) {
      const ts = log.timestamp(i);
      precisions.add((/\.(\d+)Z$/.exec(ts)?.[1] ?? '').length);
      expect(Date.parse(ts)).toBe(log.timestampMs(i));
      if (i > 0)
        expect(log.timestampMs(i)).toBeGreaterThanOrEqual(
          log.timestampMs(i - 1),
        );
      ids.add(log.id(i));
    }
    expect(ids.size).toBe(log.size);
    expect(precisions.has(0)).toBe(true);
    expect(precisions.has(3)).toBe(true);
    expect(precisions.has(9)).toBe(true);
  });

  test('no sso event lies within the quiet margin of either window edge', () => {
    const windowStart = NOW.getTime() - 30 * 86_400_000;
    const near = (ms: number, edge: number) =>
      Math.abs(ms - edge) < SSO_WINDOW_QUIET_MS;
    tenant.events.forEachInRange('sso', 0, Infinity, (i) => {
      const ms = tenant.events.timestampMs(i);
      expect(near(ms, windowStart) || near(ms, NOW.getTime())).toBe(false);
    });
  });
});

describe('signInPairs', () => {
  const options = {
    seed: 5,
    now: NOW,
    users: 2_000,
    applications: 30,
    signInPairs: 8_000,
  };
  const pairsOf = (ssoEvents: number) =>
    new Set(
      expectedSsoUsage(generateTenant({ ...options, ssoEvents })).map(
        (u) => `${u.userId}|${u.appId}`,
      ),
    );

  test('every pair is signed in to once before any twice: more events add sign-ins, not pairs', () => {
    const fewer = pairsOf(10_000).size;
    const more = pairsOf(30_000).size;
    // Pairs of deleted users and removed applications make no usage.
    expect(fewer).toBeGreaterThan(0.85 * 8_000);
    expect(fewer).toBeLessThanOrEqual(8_000);
    expect(Math.abs(more - fewer) / fewer).toBeLessThan(0.005);
  });

  test('with fewer events than pairs, each sign-in is a new pair', () => {
    expect(pairsOf(3_000).size).toBeGreaterThan(0.9 * 3_000);
  });
});

describe('oddRecords', () => {
  const options = { seed: 6, users: 120, groups: 6, ssoEvents: 400, now: NOW };
  const plain = generateTenant(options);
  const odd = generateTenant({ ...options, oddRecords: true });
  const added = odd.users.slice(plain.users.length);
  const byName = new Map(added.map((u) => [u.username, u]));

  test('adds a handful of users after every other one and changes nothing else', () => {
    expect(added.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(odd.users.slice(0, plain.users.length))).toEqual(
      JSON.stringify(plain.users),
    );
    const ids = odd.users.map((u) => u._id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(odd.groups)).toEqual(JSON.stringify(plain.groups));
    expect(JSON.stringify([...odd.groupMembers])).toEqual(
      JSON.stringify([...plain.groupMembers]),
    );
    expect(JSON.stringify(odd.applications)).toEqual(
      JSON.stringify(plain.applications),
    );
    expect(expectedSsoUsage(odd)).toEqual(expectedSsoUsage(plain));
  });

  test('they are users of the ground truth', () => {
    expect(expectedUserIds(odd)).toEqual([
      ...expectedUserIds(plain),
      ...added.map((u) => u.id),
    ]);
  });

  test('they carry what real directories hold', () => {
    const noMfa = byName.get('odd.no-mfa')!;
    expect(noMfa).not.toHaveProperty('mfa');
    expect(noMfa).not.toHaveProperty('mfaEnrollment');
    expect(byName.get('odd.bad-email')!.email).not.toMatch(VALID_EMAIL);
    const long = byName.get('odd.long-fields')!;
    expect(long.description).toHaveLength(10_000);
    expect(long.jobTitle).toHaveLength(10_000);
    const control = byName.get('odd.control-chars')!;
    expect(control.firstname).toContain('\u0000');
    expect(control.lastname).toContain('\u0007');
    expect(control.lastname).toContain('\u001b');
    expect(byName.get('odd.emoji-scripts')!.displayname).toMatch(
      /\p{Extended_Pictographic}.*\p{Script=Greek}.*\p{Script=Han}/u,
    );
    expect(byName.get('odd.lone-surrogate')!.displayname).toMatch(
      /[\ud800-\udbff](?![\udc00-\udfff])/,
    );
    for (const user of added) {
      expect(user.id).toMatch(/^[0-9a-f]{24}$/);
      // What the simulator serves: the JSON round trip keeps every oddity.
      expect(JSON.parse(JSON.stringify(user))).toEqual(user);
    }
  });
});
