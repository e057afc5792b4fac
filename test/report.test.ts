/**
 * The offline report end to end: a small simulator tenant collected with
 * `j1-integration collect`, the report written from the files, its findings
 * and roll-ups compared with the tenant's ground truth, and the page opened
 * in headless Chromium at 1,280 and 1,400 px: nothing scrolls sideways, each
 * finding opens with its roll-up, long tables are folded until "Show all",
 * the seat chart draws the per-application numbers, and every headline
 * number is the one its table shows.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Collection,
  GraphObject,
  PROJECT_ROOT,
  readCollection,
  Summary,
} from '../report/collections';
import { writeReport, WrittenReport } from '../report/report';
import { escapeHtml } from '../report/escape';
import {
  expectedAdmins,
  expectedAssignments,
  expectedDevices,
  expectedDeviceUsers,
  expectedGroupMemberships,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  generateTenant,
  Tenant,
} from '../simulator';
import { BrowserPage, findChromium, openPage } from './chromium';
import { collectTenant, CollectedTenant } from './collectTenant';
import {
  copyCollection,
  CopyOptions,
  failStep,
  fileState,
  folderState,
  isOneSentence,
  markPartial,
  runTool,
  stepOf,
} from './offlineTools';
import { Entities, Relationships } from '../src/steps/constants';

const userKey = (id: string) => `jumpcloud_user:${id}`;
const appKey = (id: string) => `jumpcloud_application:${id}`;
const pair = (userId: string, appId: string) =>
  `${userKey(userId)}|${appKey(appId)}`;
const adminKey = (id: string) => `${Entities.ADMIN._type}:${id}`;
const deviceKey = (id: string) => `${Entities.DEVICE._type}:${id}`;

/** Set on <body> by the injected name, if the report let it run. */
const INJECTED = `<img src=x onerror="document.body.setAttribute('data-injected','yes')">Eve`;
/** Users a row names per device: small, so that a row of this tenant is capped. */
const USERS_PER_DEVICE = 2;

const INJECTED_DEVICE = `<script>document.body.setAttribute('data-injected','device')</script>laptop`;
const INJECTED_ADMIN = `<svg onload="document.body.setAttribute('data-injected','admin')">Mallory`;
/** The application with the most unused seats: in the headline, chart and tables. */
const INJECTED_APP = `<img src=x onerror="document.body.setAttribute('data-injected','app')">Zoom`;
/** Tables longer than this are folded (report/html.ts FOLD_ROWS). */
const FOLD_ROWS = 10;

function flaggedUserIds(tenant: Tenant): Set<string> {
  return new Set(
    tenant.users
      .filter((u) => u.suspended || u.state === 'SUSPENDED' || u.account_locked)
      .map((u) => u.id),
  );
}

/** Offboarding: suspended or locked users' successful sign-ins, per pair. */
function expectedOffboarding(tenant: Tenant) {
  const flagged = flaggedUserIds(tenant);
  return expectedSsoUsage(tenant).filter((p) => flagged.has(p.userId));
}

/** Administrators JumpCloud lists as not suspended, with no TOTP enrolled. */
function expectedAdminsWithoutMfa(tenant: Tenant) {
  return tenant.admins.filter((a) => !a.suspended && !a.totpEnrolled);
}

/** Active systems whose full-disk encryption is not on. */
function expectedUnencryptedSystems(tenant: Tenant) {
  return tenant.systems.filter((s) => s.active && s.fde?.active !== true);
}

/** Bound users per system id, as the tenant's bindings say. */
function deviceUsersBySystem(tenant: Tenant): Map<string, string[]> {
  const bySystem = new Map<string, string[]>();
  for (const { systemId, userId } of expectedDeviceUsers(tenant))
    bySystem.set(systemId, [...(bySystem.get(systemId) ?? []), userId]);
  return bySystem;
}

/** user|device keys of the bindings of suspended or locked users. */
function expectedFlaggedUserDevices(tenant: Tenant): string[] {
  const flagged = flaggedUserIds(tenant);
  return expectedDeviceUsers(tenant)
    .filter((p) => flagged.has(p.userId))
    .map((p) => `${userKey(p.userId)}|${deviceKey(p.systemId)}`);
}

interface Seat {
  userId: string;
  appId: string;
  direct: boolean;
  throughGroup: boolean;
  used: boolean;
}

/**
 * Every user → application seat, direct or through a group the user is a
 * member of, and whether it had a successful sign-in in the window.
 */
function expectedSeats(tenant: Tenant): Map<string, Seat> {
  const { userAssignments, groupAssignments } = expectedAssignments(tenant);
  const seats = new Map<string, Seat>();
  const seat = (userId: string, appId: string) => {
    const key = pair(userId, appId);
    const found = seats.get(key) ?? {
      userId,
      appId,
      direct: false,
      throughGroup: false,
      used: false,
    };
    seats.set(key, found);
    return found;
  };
  for (const a of userAssignments) seat(a.userId, a.appId).direct = true;
  const memberships = expectedGroupMemberships(tenant);
  for (const a of groupAssignments)
    for (const m of memberships.filter((m) => m.groupId === a.groupId))
      seat(m.userId, a.appId).throughGroup = true;
  for (const used of expectedSsoUsage(tenant)) {
    const found = seats.get(pair(used.userId, used.appId));
    if (found) found.used = true;
  }
  return seats;
}

/** True-up: the seats without a sign-in in the window. */
function expectedUnusedSeats(tenant: Tenant): Map<string, Seat> {
  return new Map([...expectedSeats(tenant)].filter(([, seat]) => !seat.used));
}

/** Per application key: its seats, used and unused, and how assigned. */
function expectedSeatsPerApplication(tenant: Tenant) {
  const byApp = new Map<
    string,
    {
      assigned: number;
      used: number;
      unused: number;
      direct: number;
      throughGroups: number;
      both: number;
    }
  >();
  for (const seat of expectedSeats(tenant).values()) {
    const key = appKey(seat.appId);
    const app = byApp.get(key) ?? {
      assigned: 0,
      used: 0,
      unused: 0,
      direct: 0,
      throughGroups: 0,
      both: 0,
    };
    app.assigned++;
    if (seat.used) app.used++;
    else app.unused++;
    if (seat.direct && seat.throughGroup) app.both++;
    else if (seat.direct) app.direct++;
    else app.throughGroups++;
    byApp.set(key, app);
  }
  return byApp;
}

/** Per user key: unused and assigned seats, for users with an unused one. */
function expectedUnusedPerUser(tenant: Tenant) {
  const byUser = new Map<string, { unused: number; assigned: number }>();
  for (const seat of expectedSeats(tenant).values()) {
    const user = byUser.get(userKey(seat.userId)) ?? { unused: 0, assigned: 0 };
    user.assigned++;
    if (!seat.used) user.unused++;
    byUser.set(userKey(seat.userId), user);
  }
  return new Map([...byUser].filter(([, u]) => u.unused > 0));
}

/** Per suspended or locked user who signed in: applications, sign-ins, last. */
function expectedOffboardingPerUser(tenant: Tenant) {
  const byUser = new Map<
    string,
    { applications: number; ssoEventCount: number; lastSsoOn: number }
  >();
  for (const p of expectedOffboarding(tenant)) {
    const user = byUser.get(userKey(p.userId)) ?? {
      applications: 0,
      ssoEventCount: 0,
      lastSsoOn: 0,
    };
    user.applications++;
    user.ssoEventCount += p.ssoEventCount;
    user.lastSsoOn = Math.max(user.lastSsoOn, p.lastSsoOn);
    byUser.set(userKey(p.userId), user);
  }
  return byUser;
}

/** 1,203 as the report writes counts. */
const formatted = (n: number) => n.toLocaleString('en-US');

describe('the report of a small tenant', () => {
  let tenant: Tenant;
  let report: WrittenReport;
  let html: string;
  let collection: Collection;
  let cleanup: string;

  beforeAll(async () => {
    tenant = generateTenant({
      seed: 31,
      users: 60,
      groups: 6,
      applications: 8,
      ssoEvents: 1500,
    });
    // A name written to attack the page: a suspended user who signs in.
    const target = expectedOffboarding(tenant)[0].userId;
    tenant.users.find((u) => u.id === target)!.displayname = INJECTED;
    // And a device and an administrator that the new findings list.
    expectedUnencryptedSystems(tenant)[0].displayName = INJECTED_DEVICE;
    expectedAdminsWithoutMfa(tenant)[0].firstname = INJECTED_ADMIN;
    const [mostUnused] = [...expectedSeatsPerApplication(tenant)].sort(
      ([, a], [, b]) => b.unused - a.unused,
    )[0];
    tenant.applications.find((a) => appKey(a.id) === mostUnused)!.displayLabel =
      INJECTED_APP;

    const collected = await collectTenant(tenant);
    cleanup = collected.workDirectory;
    expect(collected.result.exitCode).toBe(0);
    collection = await readCollection(collected.output);
    report = await writeReport({
      collectionDirectory: collected.output,
      maxUsersPerDevice: USERS_PER_DEVICE,
    });
    html = await fs.readFile(report.file, 'utf8');
  }, 120_000);

  afterAll(async () => {
    if (cleanup) await fs.rm(cleanup, { recursive: true, force: true });
  });

  test('the offboarding finding is every sign-in of a suspended or locked user, with its last sign-in', () => {
    const expected = expectedOffboarding(tenant);
    expect(expected.length).toBeGreaterThan(3);
    const rows = report.data.offboarding.table.rows;
    expect(report.data.offboarding.table.total).toBe(expected.length);
    expect(
      rows.map((r) => `${r.user.key}|${r.application.key}`).sort(),
    ).toEqual(expected.map((p) => pair(p.userId, p.appId)).sort());
    for (const p of expected) {
      const row = rows.find(
        (r) =>
          r.user.key === userKey(p.userId) &&
          r.application.key === appKey(p.appId),
      );
      expect(row?.lastSsoOn).toBe(p.lastSsoOn);
      expect(row?.ssoEventCount).toBe(p.ssoEventCount);
    }
    expect(report.data.offboarding.users).toBe(
      new Set(expected.map((p) => p.userId)).size,
    );
  });

  test('the license true-up finding is every assigned seat, direct or through a group, without a sign-in', () => {
    const expected = expectedUnusedSeats(tenant);
    expect(expected.size).toBeGreaterThan(3);
    const rows = report.data.trueUp.table.rows;
    expect(report.data.trueUp.table.total).toBe(expected.size);
    expect(
      rows.map((r) => `${r.user.key}|${r.application.key}`).sort(),
    ).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const seat = expected.get(`${row.user.key}|${row.application.key}`)!;
      // "direct", "group X", "direct; groups X, Y"
      expect(row.how.startsWith('direct')).toBe(seat.direct);
      if (!seat.direct) expect(row.how).toMatch(/^groups? /);
    }
  });

  test('the true-up roll-ups: per application its seats, used and unused and how assigned; per user the most unused', () => {
    const { trueUp } = report.data;
    const perApp = expectedSeatsPerApplication(tenant);
    expect(trueUp.byApplication.total).toBe(perApp.size);
    expect(trueUp.byApplication.rows).toHaveLength(perApp.size);
    for (const seat of trueUp.byApplication.rows) {
      const expected = perApp.get(seat.application.key)!;
      expect({
        assigned: seat.assigned,
        used: seat.signedIn,
        unused: seat.unused,
        direct: seat.direct,
        throughGroups: seat.throughGroups,
        both: seat.both,
      }).toEqual(expected);
    }
    // Most unused first.
    const unused = trueUp.byApplication.rows.map((s) => s.unused);
    expect(unused).toEqual([...unused].sort((a, b) => b - a));
    expect(trueUp.assignedSeats).toBe(
      [...perApp.values()].reduce((n, a) => n + a.assigned, 0),
    );
    expect(trueUp.applicationsWithUnused).toBe(
      [...perApp.values()].filter((a) => a.unused > 0).length,
    );

    const perUser = expectedUnusedPerUser(tenant);
    expect(perUser.size).toBeGreaterThan(FOLD_ROWS);
    expect(trueUp.byUser.total).toBe(perUser.size);
    expect(trueUp.byUser.rows.map((r) => r.user.key).sort()).toEqual(
      [...perUser.keys()].sort(),
    );
    for (const row of trueUp.byUser.rows) {
      expect({ unused: row.unused, assigned: row.assigned }).toEqual(
        perUser.get(row.user.key),
      );
      const apps = row.applications.map((a) => a.key);
      expect(apps.length).toBe(Math.min(row.unused, 6));
      for (const app of apps)
        expect(expectedUnusedSeats(tenant).has(`${row.user.key}|${app}`)).toBe(
          true,
        );
    }
    const counts = trueUp.byUser.rows.map((r) => r.unused);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  test('the offboarding roll-up: per user, the applications, sign-ins and the last one', () => {
    const expected = expectedOffboardingPerUser(tenant);
    const { offboarding } = report.data;
    expect(offboarding.byUser.total).toBe(expected.size);
    expect(offboarding.users).toBe(expected.size);
    for (const row of offboarding.byUser.rows)
      expect({
        applications: row.applications,
        ssoEventCount: row.ssoEventCount,
        lastSsoOn: row.lastSsoOn,
      }).toEqual(expected.get(row.user.key));
    const last = offboarding.byUser.rows.map((r) => r.lastSsoOn ?? 0);
    expect(last).toEqual([...last].sort((a, b) => b - a));
    expect(offboarding.applications).toBe(
      new Set(expectedOffboarding(tenant).map((p) => p.appId)).size,
    );
    expect(offboarding.ssoEvents).toBe(
      expectedOffboarding(tenant).reduce((n, p) => n + p.ssoEventCount, 0),
    );
  });

  test('applications known only from sign-ins are the ones not configured', () => {
    expect(
      report.data.observedOnly.rows.map((r) => r.application.key).sort(),
    ).toEqual(
      expectedUnconfiguredApps(tenant)
        .map((a) => appKey(a.appId))
        .sort(),
    );
  });

  test('MFA posture adds up to the users collected', () => {
    const users = collection.entities.filter(
      (e) => e._type === 'jumpcloud_user',
    );
    const { mfa } = report.data;
    expect(mfa.total.users).toBe(users.length);
    expect(mfa.total.withMfa).toBe(
      users.filter((u) => u.mfaEnabled === true).length,
    );
    expect(mfa.total.excluded).toBe(
      users.filter((u) => u.mfaExclusion === true).length,
    );
    const activeWithout = users.filter(
      (u) => u.active === true && u.mfaEnabled !== true,
    );
    expect(mfa.activeWithoutMfa.total).toBe(activeWithout.length);
    expect(mfa.activeWithoutMfa.rows.map((r) => r.user.key).sort()).toEqual(
      activeWithout.map((u) => u._key).sort(),
    );
    // The row "activated" is the headline's population, the active users;
    // activated users who are locked are a row of their own.
    const active = users.filter((u) => u.active === true);
    const activated = mfa.byState.find((r) => r.state === 'activated')!;
    expect(activated.users).toBe(active.length);
    expect(activated.users).toBe(mfa.activeUsers);
    expect(activated.withoutMfa).toBe(activeWithout.length);
    const lockedActivated = users.filter(
      (u) =>
        u.state === 'activated' && u.locked === true && u.suspended !== true,
    );
    expect(lockedActivated.length).toBeGreaterThan(0);
    expect(mfa.lockedActivated).toEqual({
      users: lockedActivated.length,
      withoutMfa: lockedActivated.filter((u) => u.mfaEnabled !== true).length,
    });
    expect(mfa.byState.find((r) => r.state === 'activated, locked')).toEqual(
      expect.objectContaining({
        users: lockedActivated.length,
        withoutMfa: mfa.lockedActivated.withoutMfa,
      }),
    );
  });

  test('administrators without MFA are the active ones without TOTP enrolled, with the counts of all', () => {
    const expected = expectedAdminsWithoutMfa(tenant);
    expect(expected.length).toBeGreaterThan(0);
    const { admins } = report.data;
    expect(admins.unavailable).toBeUndefined();
    expect(admins.table.total).toBe(expected.length);
    expect(admins.table.rows.map((r) => r.admin.key).sort()).toEqual(
      expected.map((a) => adminKey(a.id)).sort(),
    );
    for (const a of expected) {
      const row = admins.table.rows.find((r) => r.admin.key === adminKey(a.id));
      expect(row?.mfaRequired).toBe(a.enableMultiFactor);
      expect(row?.admin.email).toBe(a.email.toLowerCase());
      expect(row?.admin.role).toBe(a.roleName);
    }
    expect(admins.admins).toBe(expectedAdmins(tenant).length);
    expect(admins.suspended).toBe(
      tenant.admins.filter((a) => a.suspended).length,
    );
    expect(admins.suspended).toBeGreaterThan(0);
    expect(admins.active).toBe(admins.admins - admins.suspended);
    expect(admins.withMfa).toBe(
      tenant.admins.filter((a) => a.totpEnrolled).length,
    );
    expect(admins.withoutMfa).toBe(admins.admins - admins.withMfa);
  });

  test('unencrypted devices are the active systems with encryption off, with the users bound to them', () => {
    const expected = expectedUnencryptedSystems(tenant);
    expect(expected.length).toBeGreaterThan(3);
    const finding = report.data.unencryptedDevices;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.caveats).toEqual([]);
    expect(finding.devices).toBe(expectedDevices(tenant).length);
    expect(finding.activeDevices).toBe(
      tenant.systems.filter((s) => s.active).length,
    );
    expect(finding.table.total).toBe(expected.length);
    expect(finding.table.rows.map((r) => r.device.key).sort()).toEqual(
      expected.map((s) => deviceKey(s.id)).sort(),
    );
    const bound = deviceUsersBySystem(tenant);
    let capped = 0;
    for (const system of expected) {
      const row = finding.table.rows.find(
        (r) => r.device.key === deviceKey(system.id),
      )!;
      expect(row.device.hostname).toBe(system.hostname);
      expect(row.device.serial).toBe(system.serialNumber ?? undefined);
      expect(row.device.lastSeenOn).toBe(
        system.lastContact ? Date.parse(system.lastContact) : undefined,
      );
      const users = (bound.get(system.id) ?? []).map(userKey);
      expect(row.userCount).toBe(users.length);
      const shown = row.users.map((u) => u.key);
      expect(shown).toHaveLength(Math.min(users.length, USERS_PER_DEVICE));
      if (users.length > USERS_PER_DEVICE) {
        capped++;
        expect(users).toEqual(expect.arrayContaining(shown));
      } else expect(shown.sort()).toEqual(users.sort());
    }
    // The tenant has a device used by more users than a row names.
    expect(capped).toBeGreaterThan(0);
  });

  test('devices of suspended or locked users are their bindings, directly or through a group', () => {
    const expected = expectedFlaggedUserDevices(tenant);
    expect(expected.length).toBeGreaterThan(2);
    const finding = report.data.flaggedUserDevices;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.table.total).toBe(expected.length);
    expect(
      finding.table.rows.map((r) => `${r.user.key}|${r.device.key}`).sort(),
    ).toEqual([...expected].sort());
    const systems = new Map(tenant.systems.map((s) => [deviceKey(s.id), s]));
    for (const row of finding.table.rows) {
      expect(row.device.active).toBe(systems.get(row.device.key)!.active);
      expect(row.user.state).toMatch(/suspended|locked/);
    }
    expect(finding.users).toBe(
      new Set(expected.map((k) => k.split('|')[0])).size,
    );
    expect(finding.devices).toBe(
      new Set(expected.map((k) => k.split('|')[1])).size,
    );
  });

  test('the headline leads with the roll-ups, in plain English', () => {
    const count = (n: number, one: string, many = `${one}s`) =>
      `${formatted(n)} ${n === 1 ? one : many}`;
    // After the incomplete-collection line, when there is one.
    const lines = report.headline.slice(report.data.incomplete ? 1 : 0);
    const unconfigured = expectedUnconfiguredApps(tenant).length;
    expect(lines[0]).toBe(
      `${count(tenant.users.length, 'user')} (${
        flaggedUserIds(tenant).size
      } suspended or locked), ${count(tenant.groups.length, 'group')}, ${count(
        tenant.applications.length + unconfigured,
        'application',
      )}.`,
    );

    const offboarding = expectedOffboarding(tenant);
    expect(lines).toContain(
      `Offboarding gap: ${count(
        new Set(offboarding.map((p) => p.userId)).size,
        'suspended or locked user',
      )} still signed in to ${count(
        new Set(offboarding.map((p) => p.appId)).size,
        'application',
      )} in the last 30 days (${count(
        offboarding.length,
        'user–application pair',
      )}).`,
    );

    // "…; most in A (n) and B (m).": the two applications with the most.
    const perApp = expectedSeatsPerApplication(tenant);
    const assigned = [...perApp.values()].reduce((n, a) => n + a.assigned, 0);
    const trueUp = lines.find((l) => l.startsWith('License true-up: '))!;
    const parsed =
      /^License true-up: ([\d,]+) of ([\d,]+) assigned seats unused in the last 30 days; most in (.+) \((\d+)\) and (.+) \((\d+)\)\.$/.exec(
        trueUp,
      );
    expect(parsed).not.toBeNull();
    expect(parsed![1]).toBe(formatted(expectedUnusedSeats(tenant).size));
    expect(parsed![2]).toBe(formatted(assigned));
    const topTwo = [...perApp.values()]
      .map((a) => a.unused)
      .sort((a, b) => b - a)
      .slice(0, 2);
    // Names are cut at 40 characters in the headline.
    const cut = (name: string) =>
      name.length > 40 ? `${name.slice(0, 39)}…` : name;
    expect(parsed![3]).toBe(cut(INJECTED_APP));
    const unusedOf = (name: string) =>
      perApp.get(
        appKey(
          tenant.applications.find((a) => cut(a.displayLabel) === name)!.id,
        ),
      )!.unused;
    expect([unusedOf(parsed![3]), unusedOf(parsed![5])]).toEqual(topTwo);
    expect([Number(parsed![4]), Number(parsed![6])]).toEqual(topTwo);

    const users = collection.entities.filter(
      (e) => e._type === Entities.USER._type,
    );
    const active = users.filter((u) => u.active === true);
    const locked = users.filter(
      (u) =>
        u.state === 'activated' && u.locked === true && u.suspended !== true,
    );
    const noMfa = (list: GraphObject[]) =>
      list.filter((u) => u.mfaEnabled !== true).length;
    expect(lines).toContain(
      `MFA: ${noMfa(active)} of ${
        active.length
      } active users (activated and neither suspended nor locked) have no MFA; ${count(
        locked.length,
        'more activated user is',
        'more activated users are',
      )} locked (${noMfa(locked)} without MFA); ${count(
        users.filter((u) => u.mfaExclusion === true).length,
        'user',
      )} excluded from MFA.`,
    );

    const adminGaps = expectedAdminsWithoutMfa(tenant).length;
    expect(lines).toContain(
      `Administrators: ${adminGaps} of ${count(
        tenant.admins.filter((a) => !a.suspended).length,
        'active administrator',
      )} ${adminGaps === 1 ? 'has' : 'have'} no MFA.`,
    );
    const unencrypted = expectedUnencryptedSystems(tenant).length;
    expect(lines).toContain(
      `Unencrypted devices: ${unencrypted} of ${count(
        tenant.systems.filter((s) => s.active).length,
        'active device',
      )} ${unencrypted === 1 ? 'has' : 'have'} no full-disk encryption.`,
    );
    const flaggedDevices = expectedFlaggedUserDevices(tenant);
    expect(lines).toContain(
      `Devices of suspended or locked users: ${count(
        new Set(flaggedDevices.map((k) => k.split('|')[1])).size,
        'device',
      )} still bound to ${count(
        new Set(flaggedDevices.map((k) => k.split('|')[0])).size,
        'suspended or locked user',
      )}.`,
    );
    expect(lines).toContain(
      `Applications known only from sign-ins: ${count(
        unconfigured,
        'application',
      )} ${
        unconfigured === 1 ? 'has' : 'have'
      } sign-ins in the last 30 days but ${
        unconfigured === 1 ? 'is' : 'are'
      } not configured in JumpCloud.`,
    );
    expect(lines).toHaveLength(8);
  });

  test('a complete collection has no banner, and its headline starts with the users', () => {
    expect(report.data.incomplete).toBeUndefined();
    expect(html).not.toContain('id="incomplete"');
    expect(report.headline[0]).toMatch(/^\d+ users /);
  });

  test('the file is self-contained: nothing is loaded from anywhere, and names are text', () => {
    expect(html).toContain(
      `http-equiv="Content-Security-Policy" content="default-src 'none';`,
    );
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    // url(#…) names a marker inside the page; anything else would load.
    expect(html).not.toMatch(/@import|url\(\s*['"]?(?!#)/i);
    expect(html).toContain('&lt;img src=x onerror=');
    expect(html).toContain('&lt;script&gt;document.body');
    expect(html).toContain('&lt;svg onload=');
  });

  const chromium = findChromium();
  if (!chromium) {
    if (process.env.REQUIRE_CHROMIUM === 'true')
      throw new Error(
        'REQUIRE_CHROMIUM is set but no Chromium binary was found.',
      );
    // eslint-disable-next-line no-console
    console.warn(
      'test/report.test.ts: no Chromium binary (/usr/bin/chromium or CHROMIUM_PATH); ' +
        'the in-browser checks are skipped. Install it with: apt-get install -y chromium',
    );
  }
  const inBrowser = chromium ? test : test.skip;

  describe('in headless Chromium', () => {
    let page: BrowserPage;
    let initial: Layout;

    beforeAll(async () => {
      if (!chromium) return;
      page = await openPage(chromium, report.file, {
        width: 1280,
        height: 800,
      });
      initial = await page.evaluate<Layout>(LAYOUT);
    }, 60_000);

    afterAll(async () => {
      await page?.close();
    });

    inBrowser('the page ran its script, and no name from the graph ran', () => {
      expect(initial.ready).toBe(true);
      expect(initial.injected).toBeNull();
    });

    inBrowser(
      'nothing scrolls sideways at 1,280 or 1,400 px: not the page, not a section',
      async () => {
        expect(initial.viewportWidth).toBe(1280);
        expectNoSidewaysScroll(initial);
        await page.setViewport(1400, 800);
        expectNoSidewaysScroll(await page.evaluate<Layout>(LAYOUT));
        await page.setViewport(1280, 800);
      },
    );

    inBrowser(
      'every finding opens with its roll-up, before any long table',
      () => {
        const findings = [
          'offboarding',
          'true-up',
          'mfa',
          'admins',
          'unencrypted-devices',
          'device-offboarding',
          'observed',
        ];
        for (const id of findings) {
          const rollup = initial.rollups.find((r) => r.id === `${id}-rollup`);
          expect(`${id}: ${(rollup?.text.length ?? 0) > 20}`).toBe(
            `${id}: true`,
          );
          expect(rollup?.visible).toBe(true);
          // Nothing that lists rows comes before it in its part of the page.
          expect(`${id}: ${rollup?.tablesBefore.join(', ')}`).toBe(`${id}: `);
        }
        // The true-up opens with its chart and the roll-up tables, then the
        // seats one by one.
        expect(initial.order.indexOf('true-up-chart')).toBeLessThan(
          initial.order.indexOf('true-up-seats'),
        );
        expect(initial.order.indexOf('true-up-users')).toBeLessThan(
          initial.order.indexOf('true-up-table'),
        );
        expect(initial.order.indexOf('offboarding-users')).toBeLessThan(
          initial.order.indexOf('offboarding-table'),
        );
      },
    );

    inBrowser(
      'long tables are folded: their rows show only after "Show all"',
      async () => {
        const long = initial.tables.filter((t) => t.rows.length > FOLD_ROWS);
        // Detail tables fold whole, roll-up tables after their first rows.
        expect(long.map((t) => t.id)).toEqual(
          expect.arrayContaining([
            'true-up-table',
            'mfa-gaps',
            'true-up-users',
          ]),
        );
        expect(long.find((t) => t.id === 'true-up-table')?.control).toBe(
          'details',
        );
        expect(long.find((t) => t.id === 'true-up-users')?.control).toBe(
          'button',
        );
        for (const table of long) {
          const visible = table.rows.filter((r) => r.visible).length;
          if (table.control === 'details') expect(visible).toBe(0);
          else {
            expect(table.control).toBe('button');
            expect(visible).toBe(FOLD_ROWS);
          }
        }
        for (const table of initial.tables.filter(
          (t) => t.rows.length <= FOLD_ROWS,
        )) {
          expect(`${table.id}: ${table.control}`).toBe(`${table.id}: none`);
          expect(table.rows.every((r) => r.visible)).toBe(true);
        }

        for (const table of long)
          await page.click(
            table.control === 'details'
              ? `#${table.id}-fold > summary`
              : `button[data-table="${table.id}"]`,
          );
        const opened = await page.evaluate<Layout>(LAYOUT);
        for (const table of long) {
          const now = opened.tables.find((t) => t.id === table.id)!;
          expect(
            `${table.id}: ${now.rows.filter((r) => r.visible).length}`,
          ).toBe(`${table.id}: ${table.rows.length}`);
        }
        // Opened, the page still does not scroll sideways, at either width.
        expectNoSidewaysScroll(opened);
        await page.setViewport(1400, 800);
        expectNoSidewaysScroll(await page.evaluate<Layout>(LAYOUT));
        await page.setViewport(1280, 800);

        // And the opened tables hold the findings' rows.
        const keys = (id: string, ...names: string[]) =>
          opened.tables
            .find((t) => t.id === id)!
            .rows.map((r) => names.map((n) => r.data[n]).join('|'))
            .sort();
        expect(keys('offboarding-table', 'user', 'application')).toEqual(
          expectedOffboarding(tenant)
            .map((p) => pair(p.userId, p.appId))
            .sort(),
        );
        expect(keys('true-up-table', 'user', 'application')).toEqual(
          [...expectedUnusedSeats(tenant).keys()].sort(),
        );
        expect(keys('observed-table', 'application')).toEqual(
          expectedUnconfiguredApps(tenant)
            .map((a) => appKey(a.appId))
            .sort(),
        );
        expect(keys('admin-mfa-gaps', 'admin')).toEqual(
          expectedAdminsWithoutMfa(tenant)
            .map((a) => adminKey(a.id))
            .sort(),
        );
        expect(keys('unencrypted-devices-table', 'device')).toEqual(
          expectedUnencryptedSystems(tenant)
            .map((s) => deviceKey(s.id))
            .sort(),
        );
        expect(keys('device-offboarding-table', 'user', 'device')).toEqual(
          [...expectedFlaggedUserDevices(tenant)].sort(),
        );
        expect(keys('true-up-users', 'user')).toEqual(
          [...expectedUnusedPerUser(tenant).keys()].sort(),
        );
        expect(keys('offboarding-users', 'user')).toEqual(
          [...expectedOffboardingPerUser(tenant).keys()].sort(),
        );
        const devices = opened.tables.find(
          (t) => t.id === 'unencrypted-devices-table',
        )!;
        const crowded = expectedUnencryptedSystems(tenant)
          .map((s) => deviceUsersBySystem(tenant).get(s.id)?.length ?? 0)
          .filter((n) => n > USERS_PER_DEVICE);
        expect(crowded.length).toBeGreaterThan(0);
        const usersCells = devices.rows.map((r) => r.cells[6]).join('\n');
        for (const n of crowded)
          expect(usersCells).toContain(` and ${n - USERS_PER_DEVICE} more`);
      },
      60_000,
    );

    inBrowser(
      'the seat chart draws assigned against used seats, as the table and the tenant say',
      () => {
        const perApp = expectedSeatsPerApplication(tenant);
        const seats = initial.tables.find((t) => t.id === 'true-up-seats')!;
        const bars = initial.bars;
        expect(bars.length).toBe(Math.min(12, perApp.size));
        // The bars are the table's first rows, in its order.
        expect(bars.map((b) => b.application)).toEqual(
          seats.rows.slice(0, bars.length).map((r) => r.data.application),
        );
        const column = (name: string) => seats.headers.indexOf(name);
        const scale = bars[0].assignedWidth / bars[0].assigned;
        for (const bar of bars) {
          const expected = perApp.get(bar.application)!;
          expect({ assigned: bar.assigned, used: bar.used }).toEqual({
            assigned: expected.assigned,
            used: expected.used,
          });
          const row = seats.rows.find(
            (r) => r.data.application === bar.application,
          )!;
          expect(row.cells[column('Assigned seats')]).toBe(
            formatted(bar.assigned),
          );
          expect(row.cells[column('Used in window')]).toBe(formatted(bar.used));
          expect(row.cells[column('Unused')]).toBe(
            formatted(bar.assigned - bar.used),
          );
          // Drawn to one scale: lengths are the numbers.
          expect(bar.assignedWidth).toBeCloseTo(bar.assigned * scale, 0);
          expect(bar.usedWidth).toBeCloseTo(bar.used * scale, 0);
          // Named as in the table; a long name cut.
          const name = row.cells[0];
          expect(bar.label).toBe(
            name.length > 28 ? `${name.slice(0, 27)}…` : name,
          );
          expect(bar.title).toBe(
            `${name}: ${bar.assigned} assigned seats, ${
              bar.used
            } used in the window, ${bar.assigned - bar.used} unused`,
          );
        }
      },
    );

    inBrowser(
      'every headline number is the one its table shows, and MFA says whom it counts',
      () => {
        // The page's headline is the printed one.
        expect(initial.headline).toEqual(report.headline);
        const line = (label: string) =>
          initial.headline.find((l) => l.startsWith(`${label}: `))!;
        const table = (id: string) => initial.tables.find((t) => t.id === id)!;
        const numbers = (text: string, pattern: RegExp) => {
          const match = pattern.exec(text);
          expect(`${text} ~ ${match ? 'matches' : pattern}`).toBe(
            `${text} ~ matches`,
          );
          return match!.slice(1).map((n) => Number(n?.replace(/,/g, '')));
        };
        const cell = (id: string, key: string, value: string, name: string) => {
          const t = table(id);
          const row = t.rows.find((r) => r.data[key] === value)!;
          return Number(row.cells[t.headers.indexOf(name)].replace(/,/g, ''));
        };
        const sum = (id: string, name: string) => {
          const t = table(id);
          return t.rows.reduce(
            (n, r) =>
              n + Number(r.cells[t.headers.indexOf(name)].replace(/,/g, '')),
            0,
          );
        };
        const distinct = (id: string, key: string) =>
          new Set(table(id).rows.map((r) => r.data[key])).size;

        // Users, groups, applications: the counts table.
        const [users, flagged, groups, apps] = numbers(
          initial.headline.find((l) => /^\d+ users/.test(l)) ?? '',
          /^(\d+) users \((\d+) suspended or locked\), (\d+) groups, (\d+) applications\.$/,
        );
        expect(users).toBe(
          cell('entity-counts', 'type', Entities.USER._type, 'Count'),
        );
        expect(groups).toBe(
          cell('entity-counts', 'type', Entities.GROUP._type, 'Count'),
        );
        expect(apps).toBe(
          cell('entity-counts', 'type', Entities.APPLICATION._type, 'Count'),
        );
        expect(flagged).toBe(flaggedUserIds(tenant).size);

        // Offboarding: the per-user table, the applications and the pairs.
        const [offUsers, offApps, offPairs] = numbers(
          line('Offboarding gap'),
          /(\d+) suspended or locked users? still signed in to (\d+) applications? .*\((\d+) user–application pairs?\)\.$/,
        );
        expect(offUsers).toBe(table('offboarding-users').total);
        expect(offApps).toBe(distinct('offboarding-table', 'application'));
        expect(offPairs).toBe(table('offboarding-table').total);
        expect(sum('offboarding-users', 'Applications')).toBe(offPairs);
        expect(
          numbers(
            initial.rollups.find((r) => r.id === 'offboarding-rollup')!.text,
            /^(\d+) suspended or locked users? still signed in to (\d+) applications? in the last 30 days: (\d+) user–application pairs?/,
          ),
        ).toEqual([offUsers, offApps, offPairs]);

        // True-up: the seats table, and the sums of the per-application one.
        const [unused, assigned, first] = numbers(
          line('License true-up'),
          /^License true-up: ([\d,]+) of ([\d,]+) assigned seats unused in the last 30 days; most in .+ \((\d+)\) and .+ \(\d+\)\.$/,
        );
        expect(unused).toBe(table('true-up-table').total);
        expect(unused).toBe(sum('true-up-seats', 'Unused'));
        expect(assigned).toBe(sum('true-up-seats', 'Assigned seats'));
        expect(first).toBe(
          Number(table('true-up-seats').rows[0].cells[3].replace(/,/g, '')),
        );
        expect(
          numbers(
            initial.rollups.find((r) => r.id === 'true-up-rollup')!.text,
            /^([\d,]+) of ([\d,]+) assigned seats .* (\d+) users hold unused seats/,
          ),
        ).toEqual([unused, assigned, table('true-up-users').total]);

        // MFA: the headline's population is the row "activated"; the locked
        // activated users it leaves out are their own row, and it says so.
        const [without, active, locked, lockedWithout, excluded] = numbers(
          line('MFA'),
          /^MFA: (\d+) of (\d+) active users \(activated and neither suspended nor locked\) have no MFA; (\d+) more activated users? (?:is|are) locked \((\d+) without MFA\); (\d+) users? excluded from MFA\.$/,
        );
        expect(active).toBe(
          cell('mfa-by-state', 'state', 'activated', 'Users'),
        );
        expect(without).toBe(
          cell('mfa-by-state', 'state', 'activated', 'Without MFA'),
        );
        expect(without).toBe(table('mfa-gaps').total);
        expect(locked).toBe(
          cell('mfa-by-state', 'state', 'activated, locked', 'Users'),
        );
        expect(lockedWithout).toBe(
          cell('mfa-by-state', 'state', 'activated, locked', 'Without MFA'),
        );
        expect(excluded).toBe(
          cell('mfa-by-state', 'state', 'all', 'Excluded from MFA'),
        );
        const mfaRollup = initial.rollups.find((r) => r.id === 'mfa-rollup')!;
        expect(
          numbers(
            mfaRollup.text,
            /^(\d+) of (\d+) active users \(activated and neither suspended nor locked\) have no MFA\. (\d+) activated users? (?:is|are) locked \((\d+) of them without MFA\): not active, so counted apart, in the row “activated, locked”\. (\d+) users? of all states/,
          ),
        ).toEqual([without, active, locked, lockedWithout, excluded]);
        // The tenant's own numbers.
        const entities = collection.entities.filter(
          (e) => e._type === Entities.USER._type,
        );
        expect(active).toBe(entities.filter((u) => u.active === true).length);
        expect(active + locked).toBe(
          entities.filter(
            (u) => u.state === 'activated' && u.suspended !== true,
          ).length,
        );

        // Administrators: the counts table and the list.
        const [adminGaps, adminsActive] = numbers(
          line('Administrators'),
          /^Administrators: (\d+) of (\d+) active administrators? ha(?:s|ve) no MFA\.$/,
        );
        expect(adminGaps).toBe(
          cell('admin-mfa', 'state', 'all', 'Active without MFA'),
        );
        expect(adminsActive).toBe(cell('admin-mfa', 'state', 'all', 'Active'));
        expect(adminGaps).toBe(table('admin-mfa-gaps').total);

        // Devices.
        const [unencrypted, activeDevices] = numbers(
          line('Unencrypted devices'),
          /^Unencrypted devices: (\d+) of (\d+) active devices? ha(?:s|ve) no full-disk encryption\.$/,
        );
        expect(unencrypted).toBe(table('unencrypted-devices-table').total);
        expect(activeDevices).toBe(
          tenant.systems.filter((s) => s.active).length,
        );
        const [boundDevices, boundUsers] = numbers(
          line('Devices of suspended or locked users'),
          /(\d+) devices? still bound to (\d+) suspended or locked users?\.$/,
        );
        expect(boundDevices).toBe(
          distinct('device-offboarding-table', 'device'),
        );
        expect(boundUsers).toBe(distinct('device-offboarding-table', 'user'));

        const [observed] = numbers(
          line('Applications known only from sign-ins'),
          /: (\d+) applications? ha(?:s|ve) sign-ins/,
        );
        expect(observed).toBe(table('observed-table').total);
      },
    );

    inBrowser(
      'the pictures: types and relationship classes drawn, no picture of every node',
      () => {
        expect(initial.nodeDots).toBe(0);
        expect(initial.typeGraph).toEqual({
          nodes: typeCount(collection),
          edges: relationshipShapes(collection),
        });
        expect(html).not.toContain('node-graph');
        expect(report.data).not.toHaveProperty('picture');
      },
    );
  });
});

/** What the page laid out, measured in the browser (see LAYOUT). */
interface Layout {
  ready: boolean;
  injected: string | null;
  viewportWidth: number;
  /** scrollWidth and clientWidth of the document and of each section. */
  widths: { id: string; scrollWidth: number; clientWidth: number }[];
  headline: string[];
  rollups: {
    id: string;
    text: string;
    visible: boolean;
    /** Tables and folds before the roll-up in its section (or part). */
    tablesBefore: string[];
  }[];
  /** Ids of tables and charts in document order. */
  order: string[];
  tables: {
    id: string;
    total: number;
    headers: string[];
    /** How it folds: a <details> around it, a "Show all" button, or not. */
    control: 'details' | 'button' | 'none';
    rows: { data: Record<string, string>; cells: string[]; visible: boolean }[];
  }[];
  bars: {
    application: string;
    assigned: number;
    used: number;
    assignedWidth: number;
    usedWidth: number;
    label: string;
    title: string;
  }[];
  nodeDots: number;
  typeGraph: { nodes: number; edges: number };
}

/** Evaluated in the page: the Layout. */
const LAYOUT = `(() => {
  const all = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  // Seen: laid out, and not in a closed <details> (whose content Chromium
  // keeps laid out but hidden by content-visibility).
  const shown = (element) => element.getClientRects().length > 0 && element.checkVisibility();
  const text = (element) => element.textContent.replace(/\\s+/g, ' ').trim();
  const root = document.documentElement;
  const before = (a, b) => a !== b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  return {
    ready: document.body.getAttribute('data-ready') === 'true',
    injected: document.body.getAttribute('data-injected'),
    viewportWidth: window.innerWidth,
    widths: [{ id: 'document', scrollWidth: root.scrollWidth, clientWidth: root.clientWidth }].concat(
      all('section').map((s) => ({ id: s.id, scrollWidth: s.scrollWidth, clientWidth: s.clientWidth })),
    ),
    headline: all('#headline > li').map(text),
    rollups: all('.rollup').map((rollup) => {
      const section = rollup.closest('section');
      // The administrators' part of the MFA section starts at their heading.
      const start = rollup.id === 'admins-rollup' ? document.getElementById('admins') : section;
      return {
        id: rollup.id,
        text: text(rollup),
        visible: shown(rollup),
        tablesBefore: all('table, details', section)
          .filter((t) => before(t, rollup) && (start === section || before(start, t)))
          .map((t) => t.id),
      };
    }),
    order: all('table, svg.chart').map((e) => e.id),
    tables: all('table').map((table) => ({
      id: table.id,
      total: Number(table.getAttribute('data-total')),
      headers: all('thead th', table).map(text),
      control: table.closest('details') ? 'details'
        : document.querySelector('button.show-all[data-table="' + table.id + '"]') ? 'button' : 'none',
      rows: Array.from(table.tBodies[0].rows).map((row) => ({
        data: Object.assign({}, row.dataset),
        cells: Array.from(row.cells).map(text),
        visible: shown(row),
      })),
    })),
    bars: all('#true-up-chart g.bar').map((bar) => ({
      application: bar.getAttribute('data-application'),
      assigned: Number(bar.getAttribute('data-assigned')),
      used: Number(bar.getAttribute('data-used')),
      assignedWidth: bar.querySelector('rect.assigned').getBoundingClientRect().width,
      usedWidth: bar.querySelector('rect.used').getBoundingClientRect().width,
      label: text(bar.querySelector('text.label')),
      title: text(bar.querySelector('title')),
    })),
    nodeDots: all('svg circle.node, svg.node-graph').length,
    typeGraph: {
      nodes: all('svg.type-graph g.type-node circle').filter(shown).length,
      edges: all('svg.type-graph g.type-edge path').filter(shown).length,
    },
  };
})()`;

function expectNoSidewaysScroll(layout: Layout) {
  const wider = layout.widths.filter((w) => w.scrollWidth > w.clientWidth);
  expect(wider).toEqual([]);
  expect(layout.widths.length).toBeGreaterThan(8);
}

describe('the report of a tenant without Directory Insights', () => {
  test('says the sign-in findings are unknown instead of listing every seat as unused', async () => {
    const tenant = generateTenant({
      seed: 32,
      users: 40,
      groups: 4,
      applications: 5,
    });
    const collected = await collectTenant(tenant, {
      faults: { insightsStatus: 402, adminsStatus: 404 },
    });
    try {
      const report = await writeReport({
        collectionDirectory: collected.output,
      });
      expect(report.data.partialTypes).toContain(
        'jumpcloud_user_uses_application',
      );
      expect(report.data.offboarding.unavailable).toMatch(
        /not collected completely/,
      );
      expect(report.data.trueUp.unavailable).toMatch(
        /not collected completely/,
      );
      expect(report.headline).toContain(
        'License true-up: not known (sign-ins or assignments were not collected completely).',
      );
      const html = await fs.readFile(report.file, 'utf8');
      expect(html).toContain('id="incomplete"');
      expect(html).not.toContain('id="true-up-table"');
      expect(html).not.toContain('id="offboarding-table"');

      // Administrators could not be listed (their type is partial); devices
      // do not need sign-ins.
      expect(report.data.partialTypes).toContain('jumpcloud_admin');
      expect(report.data.admins.unavailable).toMatch(
        /^Administrators were not collected completely/,
      );
      expect(html).not.toContain('id="admin-mfa-gaps"');
      expect(report.data.unencryptedDevices.unavailable).toBeUndefined();
      expect(report.data.flaggedUserDevices.unavailable).toBeUndefined();
      expect(report.data.unencryptedDevices.table.total).toBe(
        expectedUnencryptedSystems(tenant).length,
      );
      expect(report.headline).toContain(
        'Administrators: not known from this collection.',
      );
      expect(report.headline).toContain(
        `Unencrypted devices: ${expectedUnencryptedSystems(tenant).length} of ${
          tenant.systems.filter((s) => s.active).length
        } active devices have no full-disk encryption.`,
      );
      // Not known: no roll-up, no chart, no table.
      expect(html).not.toContain('id="true-up-rollup"');
      expect(html).not.toContain('id="true-up-chart"');
    } finally {
      await fs.rm(collected.workDirectory, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Entity types, plus the types mapped relationships point at. */
function typeCount(collection: Collection): number {
  const types = new Set(collection.entities.map((e) => e._type));
  for (const r of collection.relationships) {
    const target = (r._mapping as { targetEntity?: GraphObject } | undefined)
      ?.targetEntity;
    if (target) types.add(String(target._type ?? target._class));
  }
  return types.size;
}

/** Distinct (from type, class, to type, relationship type) shapes. */
function relationshipShapes(collection: Collection): number {
  const typeOf = new Map(collection.entities.map((e) => [e._key, e._type]));
  const shapes = new Set<string>();
  for (const r of collection.relationships) {
    const mapping = r._mapping as
      | { sourceEntityKey: string; targetEntity: GraphObject }
      | undefined;
    const from = typeOf.get(
      String(mapping?.sourceEntityKey ?? r._fromEntityKey),
    );
    const to = mapping
      ? String(mapping.targetEntity._type ?? mapping.targetEntity._class)
      : typeOf.get(String(r._toEntityKey));
    shapes.add(`${from}|${r._class}|${to}|${r._type}`);
  }
  return shapes.size;
}

describe('a folder that holds no collection', () => {
  let scratch: string;
  const repositoryReport = path.join(PROJECT_ROOT, 'report.html');

  beforeAll(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-nothing-'));
    // What `j1-integration visualize` leaves: index.html and nothing else.
    const visualized = path.join(scratch, 'visualized', '.j1-integration');
    await fs.mkdir(visualized, { recursive: true });
    await fs.writeFile(path.join(visualized, 'index.html'), '<html></html>');
    // What a run that failed early can leave: an empty graph/.
    await fs.mkdir(path.join(scratch, 'empty', 'graph', 'fetch-users'), {
      recursive: true,
    });
  });

  afterAll(async () => {
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  const folders: [string, () => string][] = [
    ['does not exist', () => path.join(scratch, 'missing', '.j1-integration')],
    [
      'holds only the index.html of j1-integration visualize',
      () => path.join(scratch, 'visualized', '.j1-integration'),
    ],
    ['has an empty graph/', () => path.join(scratch, 'empty')],
    ['is an empty graph/ itself', () => path.join(scratch, 'empty', 'graph')],
  ];

  test.each(folders)(
    'npm run report refuses one that %s in one sentence, and writes nothing',
    async (_, folder) => {
      const directory = folder();
      const before = await folderState(scratch);
      const repositoryBefore = await fileState(repositoryReport);

      const run = await runTool('report', [directory]);

      expect(run.exitCode).not.toBe(0);
      expect(isOneSentence(run.stderr)).toBe(true);
      expect(run.stderr.trim()).toMatch(
        new RegExp(`^No collection at ${escapeRegExp(directory)}: `),
      );
      expect(run.stderr).toContain('run "npm start"');
      expect(run.stdout).toBe('');
      // Not in the folder, not next to it, not in the repository root.
      expect(await folderState(scratch)).toEqual(before);
      expect(await fileState(repositoryReport)).toEqual(repositoryBefore);
    },
    30_000,
  );

  test('through npm, with --out, it is refused the same way and writes nothing', async () => {
    const directory = path.join(scratch, 'visualized', '.j1-integration');
    const out = path.join(scratch, 'out.html');
    const before = await folderState(scratch);
    const repositoryBefore = await fileState(repositoryReport);

    const run = await runTool('report', [directory, '--out', out], {
      npm: true,
    });

    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(`No collection at ${directory}: `);
    expect(run.stdout).not.toContain('Report:');
    expect(await folderState(scratch)).toEqual(before);
    expect(await fileState(repositoryReport)).toEqual(repositoryBefore);
  }, 30_000);
});

describe('the report of an incomplete collection', () => {
  let collected: CollectedTenant;
  let summary: Summary;
  const copies: string[] = [];
  const copy = async (options: CopyOptions) => {
    const directory = await copyCollection(collected.output, options);
    copies.push(directory);
    return directory;
  };
  /** A fresh copy of the collection's summary, to change. */
  const summaryCopy = () => JSON.parse(JSON.stringify(summary)) as Summary;

  beforeAll(async () => {
    collected = await collectTenant(
      generateTenant({ seed: 33, users: 30, groups: 3, applications: 4 }),
    );
    expect(collected.result.exitCode).toBe(0);
    summary = JSON.parse(
      await fs.readFile(path.join(collected.output, 'summary.json'), 'utf8'),
    );
  }, 120_000);

  afterAll(async () => {
    for (const directory of copies)
      await fs.rm(directory, { recursive: true, force: true });
    if (collected)
      await fs.rm(collected.workDirectory, { recursive: true, force: true });
  });

  /** Runs npm run report on it; the first line, the page, its data. */
  const reportOf = async (directory: string) => {
    const run = await runTool('report', [directory]);
    expect(run.exitCode).toBe(0);
    const html = await fs.readFile(path.join(directory, 'report.html'), 'utf8');
    const { data } = await writeReport({
      collectionDirectory: directory,
      output: path.join(directory, 'again.html'),
    });
    return { firstLine: run.stdout.split('\n')[0], html, data };
  };

  /** The banner is the first thing in the page, and says the first line. */
  const expectBanner = (html: string, firstLine: string) => {
    const banner =
      /<body>\s*<div class="banner" id="incomplete"[^>]*>([^<]*)<\/div>/.exec(
        html,
      );
    expect(banner?.[1]).toBe(escapeHtml(firstLine));
    expect(html).toContain(
      `<ul id="headline" class="headline"><li>${escapeHtml(firstLine)}</li>`,
    );
  };

  /** Every finding either is not known or carries a caveat matching this. */
  const everyFindingSays = (data: WrittenReport['data'], pattern: RegExp) => {
    const findings = {
      offboarding: data.offboarding,
      trueUp: data.trueUp,
      mfa: data.mfa,
      admins: data.admins,
      unencryptedDevices: data.unencryptedDevices,
      flaggedUserDevices: data.flaggedUserDevices,
      observedOnly: data.observedOnly,
    };
    for (const [name, finding] of Object.entries(findings)) {
      const said = [
        'unavailable' in finding ? finding.unavailable ?? '' : '',
        ...finding.caveats,
      ].join(' ');
      expect(`${name}: ${said}`).toMatch(pattern);
    }
  };

  test('without summary.json, the banner and first line say the run did not finish, and every finding says so', async () => {
    const directory = await copy({ summary: () => undefined });
    const { firstLine, html, data } = await reportOf(directory);
    expect(firstLine).toMatch(/incomplete/);
    expect(firstLine).toMatch(/did not finish/);
    expect(firstLine).toContain('summary.json');
    expectBanner(html, firstLine);
    everyFindingSays(data, /summary\.json/);
  }, 60_000);

  test('with a failed step, they name the step and its types, and the findings on them say so', async () => {
    const step = stepOf(summary, Relationships.GROUP_HAS_USER._type);
    const directory = await copy({
      summary: () => failStep(summaryCopy(), step.id),
    });
    const { firstLine, html, data } = await reportOf(directory);
    expect(firstLine).toMatch(/incomplete/);
    expect(firstLine).toContain(step.name);
    for (const type of step.declaredTypes) expect(firstLine).toContain(type);
    expectBanner(html, firstLine);
    // Seats through groups rest on memberships; administrators do not.
    expect(data.trueUp.caveats.join(' ')).toMatch(/[Gg]roup memberships/);
    expect(data.admins.caveats).toEqual([]);
    expect(data.admins.unavailable).toBeUndefined();
  }, 60_000);

  test('with a partial type, they list it, and the findings built on it say it may be incomplete', async () => {
    const type = Entities.USER._type;
    const directory = await copy({
      summary: () => markPartial(summaryCopy(), [type]),
    });
    const { firstLine, html, data } = await reportOf(directory);
    expect(firstLine).toMatch(/incomplete/);
    expect(firstLine).toMatch(new RegExp(`partial types: .*${type}`));
    expectBanner(html, firstLine);
    for (const caveats of [
      data.mfa.caveats,
      data.offboarding.caveats,
      data.unencryptedDevices.caveats,
    ])
      expect(caveats.join(' ')).toMatch(/^Users.* may be incomplete/);
  }, 60_000);

  test('with a step that did not run, its findings are not known rather than empty', async () => {
    const step = stepOf(summary, Entities.DEVICE._type);
    // A disabled step writes nothing.
    const directory = await copy({
      keep: (o) => !step.declaredTypes.includes(o._type),
      summary: () => failStep(summaryCopy(), step.id, 'disabled'),
    });
    const { firstLine, html, data } = await reportOf(directory);
    expect(firstLine).toContain(step.name);
    expectBanner(html, firstLine);
    expect(data.unencryptedDevices.unavailable).toContain(step.name);
    expect(data.flaggedUserDevices.unavailable).toContain(step.name);
    expect(html).not.toContain('id="unencrypted-devices-table"');
    expect(html).not.toContain('Every active device has its disk encrypted.');
  }, 60_000);

  const chromiumBinary = findChromium();
  (chromiumBinary ? test : test.skip)(
    'in a browser, the banner is drawn at the very top of the page',
    async () => {
      const directory = await copy({ summary: () => undefined });
      const { html } = await reportOf(directory);
      const page = await openPage(
        chromiumBinary!,
        path.join(directory, 'report.html'),
      );
      try {
        const banner = await page.evaluate<{
          first: boolean;
          top: number;
          height: number;
        } | null>(`(() => {
          const banner = document.getElementById('incomplete');
          if (!banner) return null;
          const box = banner.getBoundingClientRect();
          return {
            first: document.body.firstElementChild === banner,
            top: box.top,
            height: box.height,
          };
        })()`);
        expect(banner).toMatchObject({ first: true, top: 0 });
        expect(banner?.height).toBeGreaterThan(0);
      } finally {
        await page.close();
      }
      expect(html).toContain('id="incomplete"');
    },
    60_000,
  );

  test('a graph folder given directly is read, and the report goes to the collection root beside it', async () => {
    const directory = await copy({});
    const beside = path.join(path.dirname(directory), 'report.html');
    const besideBefore = await fileState(beside);
    const run = await runTool('report', [path.join(directory, 'graph')]);
    expect(run.exitCode).toBe(0);
    expect(await fileState(path.join(directory, 'report.html'))).toBeDefined();
    expect(await fileState(beside)).toEqual(besideBefore);
  }, 60_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
