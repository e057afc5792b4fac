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
  expectedAdminUserLinks,
  expectedAssignments,
  expectedAuthPolicies,
  expectedDevices,
  expectedDeviceUsers,
  expectedFactorStatuses,
  expectedGroupMemberships,
  expectedMfaRequiredByPolicy,
  expectedSaasAccounts,
  expectedSaasApplications,
  expectedSaasTotals,
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

const saasAppKey = (id: string) => `${Entities.SAAS_APPLICATION._type}:${id}`;
const saasAccountKey = (appId: string, accountId: string) =>
  `${Entities.SAAS_ACCOUNT._type}:${appId}:${accountId}`;
const cents = (n: number) => Math.round(n * 100) / 100;

function suspendedUserIds(tenant: Tenant): Set<string> {
  return new Set(
    tenant.users
      .filter((u) => u.suspended || u.state === 'SUSPENDED')
      .map((u) => u.id),
  );
}

/** user|device keys of the access that grants sudo without a password. */
function expectedPasswordlessPairs(tenant: Tenant) {
  return expectedDeviceUsers(tenant).filter((p) => p.sudoWithoutPassword);
}

/** Per user key: devices with passwordless sudo, active ones, direct ones. */
function expectedPasswordlessPerUser(tenant: Tenant) {
  const active = new Set(
    tenant.systems.filter((s) => s.active).map((s) => s.id),
  );
  const byUser = new Map<
    string,
    { devices: number; activeDevices: number; direct: number }
  >();
  for (const p of expectedPasswordlessPairs(tenant)) {
    const row = byUser.get(userKey(p.userId)) ?? {
      devices: 0,
      activeDevices: 0,
      direct: 0,
    };
    row.devices++;
    if (active.has(p.systemId)) row.activeDevices++;
    if (p.direct) row.direct++;
    byUser.set(userKey(p.userId), row);
  }
  return byUser;
}

/** Users whose WebAuthn factor is enrolled: the phishing-resistant ones. */
function phishingResistantIds(tenant: Tenant): Set<string> {
  return new Set(
    tenant.users
      .filter((u) => u.mfaEnrollment?.webAuthnStatus === 'ENROLLED')
      .map((u) => u.id),
  );
}

/**
 * Root and console access without a phishing-resistant factor: users with
 * sudo on a device (suspended ones left out) and active administrators
 * through the users they are; administrators linked to no user apart.
 */
function expectedPhishable(tenant: Tenant) {
  const suspended = suspendedUserIds(tenant);
  const resistant = phishingResistantIds(tenant);
  const sudoUsers = new Set(
    expectedDeviceUsers(tenant)
      .filter((p) => p.sudo && !suspended.has(p.userId))
      .map((p) => p.userId),
  );
  const links = expectedAdminUserLinks(tenant);
  const linked = (adminId: string) =>
    links.filter((l) => l.adminId === adminId).map((l) => l.userId);
  const activeAdmins = tenant.admins.filter((a) => !a.suspended);
  const adminsLacking = activeAdmins.filter(
    (a) =>
      linked(a.id).length > 0 && !linked(a.id).some((u) => resistant.has(u)),
  );
  const adminsUnknown = activeAdmins.filter((a) => linked(a.id).length === 0);
  const usersLacking = [...sudoUsers].filter((u) => !resistant.has(u));
  const people = new Set([
    ...usersLacking,
    ...adminsLacking.flatMap((a) => linked(a.id)),
  ]);
  return {
    sudoUsers: sudoUsers.size,
    usersLacking,
    activeAdmins: activeAdmins.length,
    adminsLacking,
    adminsUnknown,
    /** User keys of the rows of people lacking a phishing-resistant factor. */
    people: [...people].map(userKey),
    linked,
  };
}

/** Configured applications no enforcing MFA policy covers, by id. */
function expectedUncoveredApps(tenant: Tenant): string[] {
  return [...expectedMfaRequiredByPolicy(tenant)]
    .filter(([, required]) => !required)
    .map(([id]) => id);
}

/** The time the ground truth of SaaS Management is told at: now (the test's). */
const saasNow = () => Date.now();

function expectedShadowIt(tenant: Tenant) {
  return expectedSaasApplications(tenant, saasNow()).filter((a) => a.shadowIt);
}

function expectedOrphanedAccounts(tenant: Tenant) {
  return expectedSaasAccounts(tenant, saasNow()).filter((a) => !a.owned);
}

/** Discovered applications with a counted number of licenses, with the cost of the unused ones. */
function expectedLicenses(tenant: Tenant) {
  return expectedSaasApplications(tenant, saasNow())
    .filter((a) => a.unusedLicenses !== undefined)
    .map((a) => ({
      ...a,
      currency: tenant.saas.licenses
        .get(a.id)
        ?.contract?.currency?.toUpperCase(),
      unusedLicenseCost:
        a.costPerLicense === undefined
          ? undefined
          : cents(a.unusedLicenses! * a.costPerLicense),
    }));
}

/** "USD 1,234.50 and EUR 20.00" from per-currency sums, most first. */
function expectedCostText(tenant: Tenant): string {
  const cost = new Map<string, number>();
  for (const a of expectedLicenses(tenant))
    if (a.unusedLicenses! > 0 && a.unusedLicenseCost !== undefined)
      cost.set(
        a.currency ?? '',
        cents((cost.get(a.currency ?? '') ?? 0) + a.unusedLicenseCost),
      );
  const parts = [...cost]
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(
      ([currency, amount]) =>
        `${currency} ${amount.toLocaleString('en-US', {
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        })}`,
    );
  return parts.length < 2
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

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

  test('devices of suspended or locked users carry the sudo rights of the access, rolled up per user', () => {
    const flagged = flaggedUserIds(tenant);
    const suspended = suspendedUserIds(tenant);
    const expected = expectedDeviceUsers(tenant).filter((p) =>
      flagged.has(p.userId),
    );
    expect(expected.some((p) => p.sudo)).toBe(true);
    expect(expected.some((p) => p.sudoWithoutPassword)).toBe(true);
    const finding = report.data.flaggedUserDevices;
    for (const p of expected) {
      const row = finding.table.rows.find(
        (r) =>
          r.user.key === userKey(p.userId) &&
          r.device.key === deviceKey(p.systemId),
      )!;
      expect(row.access).toEqual({
        sudo: p.sudo,
        sudoWithoutPassword: p.sudoWithoutPassword,
        direct: p.direct,
        pathCount: p.pathCount,
      });
    }
    const users = new Set(expected.map((p) => p.userId));
    expect(finding.suspendedUsers).toBe(
      [...users].filter((u) => suspended.has(u)).length,
    );
    expect(finding.suspendedUsers).toBeGreaterThan(0);
    expect(finding.sudoUsers).toBe(
      new Set(expected.filter((p) => p.sudo).map((p) => p.userId)).size,
    );
    expect(finding.sudoDevices).toBe(
      new Set(expected.filter((p) => p.sudo).map((p) => p.systemId)).size,
    );
    expect(finding.passwordlessDevices).toBe(
      new Set(
        expected.filter((p) => p.sudoWithoutPassword).map((p) => p.systemId),
      ).size,
    );
    expect(finding.byUser.total).toBe(users.size);
    for (const row of finding.byUser.rows) {
      const mine = expected.filter((p) => userKey(p.userId) === row.user.key);
      expect({
        devices: row.devices,
        sudo: row.sudoDevices,
        passwordless: row.passwordlessDevices,
      }).toEqual({
        devices: mine.length,
        sudo: mine.filter((p) => p.sudo).length,
        passwordless: mine.filter((p) => p.sudoWithoutPassword).length,
      });
    }
  });

  test('passwordless sudo is every user–device pair whose access grants sudo without a password, per user', () => {
    const expected = expectedPasswordlessPairs(tenant);
    expect(expected.length).toBeGreaterThan(FOLD_ROWS);
    const finding = report.data.passwordlessSudo;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.caveats).toEqual([]);
    expect(finding.table.total).toBe(expected.length);
    expect(
      finding.table.rows.map((r) => `${r.user.key}|${r.device.key}`).sort(),
    ).toEqual(
      expected
        .map((p) => `${userKey(p.userId)}|${deviceKey(p.systemId)}`)
        .sort(),
    );
    for (const p of expected) {
      const row = finding.table.rows.find(
        (r) =>
          r.user.key === userKey(p.userId) &&
          r.device.key === deviceKey(p.systemId),
      )!;
      expect({
        direct: row.access.direct,
        paths: row.access.pathCount,
      }).toEqual({ direct: p.direct, paths: p.pathCount });
    }
    const perUser = expectedPasswordlessPerUser(tenant);
    expect(finding.users).toBe(perUser.size);
    expect(finding.byUser.total).toBe(perUser.size);
    for (const row of finding.byUser.rows) {
      expect({
        devices: row.devices,
        activeDevices: row.activeDevices,
        direct: row.direct,
      }).toEqual(perUser.get(row.user.key));
      expect(row.deviceNames).toHaveLength(Math.min(row.devices, 6));
    }
    const counts = finding.byUser.rows.map((r) => r.devices);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(finding.devices).toBe(new Set(expected.map((p) => p.systemId)).size);
    const active = new Set(
      tenant.systems.filter((s) => s.active).map((s) => s.id),
    );
    expect(finding.activeDevices).toBe(
      new Set(expected.map((p) => p.systemId).filter((id) => active.has(id)))
        .size,
    );
    const flagged = flaggedUserIds(tenant);
    expect(finding.flaggedUsers).toBe(
      new Set(expected.map((p) => p.userId).filter((u) => flagged.has(u))).size,
    );
    expect(finding.sudoUsers).toBe(
      new Set(
        expectedDeviceUsers(tenant)
          .filter((p) => p.sudo)
          .map((p) => p.userId),
      ).size,
    );
  });

  test('root and console access without a phishing-resistant factor: users with sudo, administrators through their user, unlinked ones not known', () => {
    const expected = expectedPhishable(tenant);
    // The tenant has each case: lacking users and administrators, and
    // administrators linked to no user.
    expect(expected.usersLacking.length).toBeGreaterThan(3);
    expect(expected.adminsLacking.length).toBeGreaterThan(0);
    expect(expected.adminsUnknown.length).toBeGreaterThan(0);
    const finding = report.data.phishable;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.caveats).toEqual([]);
    expect(finding.sudo).toEqual(
      expect.objectContaining({
        users: expected.sudoUsers,
        lacking: expected.usersLacking.length,
      }),
    );
    expect(finding.admins).toEqual(
      expect.objectContaining({
        active: expected.activeAdmins,
        lacking: expected.adminsLacking.length,
        unknown: expected.adminsUnknown.length,
      }),
    );
    const lacking = finding.table.rows.filter(
      (r) => r.phishingResistant === 'lacking',
    );
    expect(lacking.map((r) => r.user!.key).sort()).toEqual(
      [...expected.people].sort(),
    );
    // An administrator not linked to a user is not known, never lacking.
    const unknown = finding.table.rows.filter(
      (r) => r.phishingResistant === 'unknown',
    );
    expect(unknown.map((r) => r.admins[0].key).sort()).toEqual(
      expected.adminsUnknown.map((a) => adminKey(a.id)).sort(),
    );
    for (const row of unknown) expect(row.user).toBeUndefined();
    // Administrators are on the rows of the users they are.
    for (const admin of expected.adminsLacking)
      for (const user of expected.linked(admin.id))
        expect(
          lacking
            .find((r) => r.user!.key === userKey(user))!
            .admins.map((a) => a.key),
        ).toContain(adminKey(admin.id));
    // Factors as the tenant has them; the rows and counts add up.
    const byId = new Map(tenant.users.map((u) => [userKey(u.id), u]));
    const devicesOf = (user: string) =>
      expectedDeviceUsers(tenant).filter((p) => userKey(p.userId) === user);
    for (const row of lacking) {
      const user = byId.get(row.user!.key)!;
      expect(row.factors).toEqual({
        totp: user.mfaEnrollment?.totpStatus ?? undefined,
        push: user.mfaEnrollment?.pushStatus ?? undefined,
        webAuthn: user.mfaEnrollment?.webAuthnStatus ?? undefined,
      });
      expect(row.sudoDevices).toBe(
        devicesOf(row.user!.key).filter((p) => p.sudo).length,
      );
      expect(row.passwordlessDevices).toBe(
        devicesOf(row.user!.key).filter((p) => p.sudoWithoutPassword).length,
      );
    }
    const entities = new Map(
      collection.entities
        .filter((e) => e._type === Entities.USER._type)
        .map((e) => [e._key, e]),
    );
    const withMfa = lacking.filter(
      (r) => entities.get(r.user!.key)!.mfaEnabled === true,
    ).length;
    expect(finding.phishableMfa).toBe(withMfa);
    expect(finding.noMfa).toBe(lacking.length - withMfa);
    // The users' factors, as collected, are the tenant's.
    const factors = expectedFactorStatuses(tenant);
    expect(
      [...entities.values()].filter((u) => u.phishingResistantMfa === true)
        .length,
    ).toBe(factors.phishingResistant);
  });

  test('applications no enforcing MFA policy covers are the ones the policies leave out', () => {
    const uncovered = expectedUncoveredApps(tenant);
    expect(uncovered.length).toBeGreaterThan(0);
    const finding = report.data.applicationPolicies;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.unknown).toBe(0);
    expect(finding.configured).toBe(expectedMfaRequiredByPolicy(tenant).size);
    expect(finding.covered).toBe(finding.configured - uncovered.length);
    expect(finding.table.rows.map((r) => r.application.key).sort()).toEqual(
      uncovered.map(appKey).sort(),
    );
    const seats = expectedSeatsPerApplication(tenant);
    for (const row of finding.table.rows)
      expect(row.assignedSeats).toBe(
        seats.get(row.application.key)?.assigned ?? 0,
      );
    expect(finding.assignedSeats).toBe(
      uncovered.reduce(
        (n, id) => n + (seats.get(appKey(id))?.assigned ?? 0),
        0,
      ),
    );
    expect(finding.policies).toBe(expectedAuthPolicies(tenant).length);
    expect(finding.enforcingMfaPolicies).toBe(
      expectedAuthPolicies(tenant).filter(
        (p) => !p.disabled && !p.monitorOnly && p.mfaRequired,
      ).length,
    );
  });

  test('shadow IT is the discovered applications no SSO application has the name of, with their accounts and last use', () => {
    const expected = expectedShadowIt(tenant);
    expect(expected.length).toBeGreaterThan(3);
    const finding = report.data.shadowIt;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.discovered).toBe(
      expectedSaasTotals(tenant, saasNow()).applications,
    );
    expect(finding.table.total).toBe(
      expectedSaasTotals(tenant, saasNow()).shadowIt,
    );
    expect(
      finding.table.rows
        .map((r) => ({
          key: r.application.key,
          name: r.application.name,
          accounts: r.accounts,
          activeAccounts: r.activeAccounts,
          lastUsedOn: r.lastUsedOn,
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(
      expected
        .map((a) => ({
          key: saasAppKey(a.id),
          name: a.name,
          accounts: a.accounts,
          activeAccounts: a.activeAccounts,
          lastUsedOn: a.lastUsedOn,
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    );
    expect(finding.accounts).toBe(expected.reduce((n, a) => n + a.accounts, 0));
    expect(finding.activeAccounts).toBe(
      expected.reduce((n, a) => n + a.activeAccounts, 0),
    );
    const active = finding.table.rows.map((r) => r.activeAccounts ?? 0);
    expect(active).toEqual([...active].sort((a, b) => b - a));
  });

  test('orphaned accounts are those of no existing user, per application, with last use and status', () => {
    const expected = expectedOrphanedAccounts(tenant);
    expect(expected.length).toBeGreaterThan(3);
    // Of a deleted user, and of nobody.
    expect(expected.some((a) => a.userId)).toBe(true);
    expect(expected.some((a) => !a.userId)).toBe(true);
    const finding = report.data.orphanedAccounts;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.table.total).toBe(
      expectedSaasTotals(tenant, saasNow()).orphanedAccounts,
    );
    expect(finding.saasAccounts).toBe(
      expectedSaasTotals(tenant, saasNow()).accounts,
    );
    expect(
      finding.table.rows
        .map((r) => ({
          key: r.account.key,
          application: r.application?.key,
          status: r.status,
          lastUsedOn: r.lastUsedOn,
          userId: r.account.userId,
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(
      expected
        .map((a) => ({
          key: saasAccountKey(a.applicationId, a.accountId),
          application: saasAppKey(a.applicationId),
          status: a.status,
          lastUsedOn: a.lastUsedOn,
          userId: a.userId,
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    );
    const perApp = new Map<string, typeof expected>();
    for (const a of expected)
      perApp.set(saasAppKey(a.applicationId), [
        ...(perApp.get(saasAppKey(a.applicationId)) ?? []),
        a,
      ]);
    expect(finding.applications).toBe(perApp.size);
    expect(finding.byApplication.total).toBe(perApp.size);
    for (const row of finding.byApplication.rows) {
      const mine = perApp.get(row.application!.key)!;
      expect({
        accounts: row.accounts,
        active: row.active,
        inactive: row.inactive,
        unused: row.unused,
      }).toEqual({
        accounts: mine.length,
        active: mine.filter((a) => a.status === 'active').length,
        inactive: mine.filter((a) => a.status === 'inactive').length,
        unused: mine.filter((a) => a.status === 'unused').length,
      });
    }
    expect(finding.active).toBe(
      expected.filter((a) => a.status === 'active').length,
    );
  });

  test('the true-up is one list per application: SSO seats and SaaS licenses, a discovered application that is an SSO application on its row', () => {
    const { trueUp } = report.data;
    const rows = trueUp.applications.rows;
    expect(trueUp.applications.total).toBe(rows.length);
    const licensed = expectedLicenses(tenant);
    expect(licensed.length).toBeGreaterThan(2);
    // Some licensed applications are SSO applications, some are not.
    expect(licensed.some((a) => a.ssoApplicationIds.length > 0)).toBe(true);
    expect(licensed.some((a) => a.ssoApplicationIds.length === 0)).toBe(true);
    const perApp = expectedSeatsPerApplication(tenant);
    const ssoRows = (key: string) =>
      rows.filter((r) => r.ssoApplications.some((a) => a.key === key));
    // Every SSO application with seats is on one row, with its seats.
    for (const [key, seats] of perApp) {
      expect(`${key}: ${ssoRows(key).length}`).toBe(`${key}: 1`);
      const row = ssoRows(key)[0];
      if (row.ssoApplications.length === 1)
        expect({
          assigned: row.seats!.assigned,
          used: row.seats!.signedIn,
          unused: row.seats!.unused,
        }).toEqual({
          assigned: seats.assigned,
          used: seats.used,
          unused: seats.unused,
        });
    }
    // Every licensed application is on one row, with its licenses; one that
    // is an SSO application shares that application's row.
    for (const a of licensed) {
      const mine = rows.filter((r) =>
        r.licenses?.saasApplications.some((s) => s.key === saasAppKey(a.id)),
      );
      expect(`${a.name}: ${mine.length}`).toBe(`${a.name}: 1`);
      const row = mine[0];
      expect(row.ssoApplications.map((s) => s.key).sort()).toEqual(
        expect.arrayContaining(a.ssoApplicationIds.map(appKey)),
      );
      if (a.ssoApplicationIds.length === 0)
        expect(row.ssoApplications).toEqual([]);
      if (row.licenses!.saasApplications.length === 1)
        expect({
          licenses: row.licenses!.licenses,
          active: row.licenses!.activeAccounts,
          unused: row.licenses!.unusedLicenses,
          cost:
            row.licenses!.unusedLicenses === 0
              ? 0
              : row.licenses!.unusedLicenseCost,
          currency: row.licenses!.currency,
        }).toEqual({
          licenses: a.licenses,
          active: a.activeAccounts,
          unused: a.unusedLicenses,
          cost: a.unusedLicenses === 0 ? 0 : a.unusedLicenseCost,
          currency: a.currency,
        });
    }
    // Nothing else: every row has seats or licenses.
    for (const row of rows) expect(!!row.seats || !!row.licenses).toBe(true);
    // Most unused (seats or licenses) first.
    const unused = rows.map((r) =>
      Math.max(r.seats?.unused ?? 0, r.licenses?.unusedLicenses ?? 0),
    );
    expect(unused).toEqual([...unused].sort((a, b) => b - a));

    const { licenses } = trueUp;
    expect(licenses.unavailable).toBeUndefined();
    expect(licenses.applications).toBe(licensed.length);
    expect(licenses.unusedLicenses).toBe(
      expectedSaasTotals(tenant, saasNow()).unusedLicenses,
    );
    expect(licenses.licenses).toBe(
      licensed.reduce((n, a) => n + a.licenses!, 0),
    );
    expect(licenses.unlimited).toBe(
      expectedSaasApplications(tenant, saasNow()).filter(
        (a) => a.licensesUnlimited,
      ).length,
    );
    expect(licenses.unpriced).toBe(
      licensed.filter(
        (a) => a.unusedLicenses! > 0 && a.unusedLicenseCost === undefined,
      ).length,
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
      /^License true-up: ([\d,]+) of ([\d,]+) assigned seats unused in the last 30 days; most in (.+) \((\d+)\) and (.+) \((\d+)\)\. (.*)$/.exec(
        trueUp,
      );
    const licensed = expectedLicenses(tenant);
    const unpriced = licensed.filter(
      (a) => a.unusedLicenses! > 0 && a.unusedLicenseCost === undefined,
    ).length;
    expect(parsed![7]).toBe(
      `${formatted(
        expectedSaasTotals(tenant, saasNow()).unusedLicenses,
      )} of ${count(
        licensed.reduce((n, a) => n + a.licenses!, 0),
        'paid license',
      )} unused in ${count(
        licensed.length,
        'discovered application',
      )} (${expectedCostText(tenant)} a month${
        unpriced > 0 ? `; ${unpriced} not priced` : ''
      }).`,
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
    const flaggedAccess = expectedDeviceUsers(tenant).filter((p) =>
      flaggedUserIds(tenant).has(p.userId),
    );
    const flaggedUsers = new Set(flaggedAccess.map((p) => p.userId));
    const sudoUsers = new Set(
      flaggedAccess.filter((p) => p.sudo).map((p) => p.userId),
    );
    expect(lines).toContain(
      `Devices of suspended or locked users: ${count(
        new Set(flaggedDevices.map((k) => k.split('|')[1])).size,
        'device',
      )} still bound to ${count(
        flaggedUsers.size,
        'suspended or locked user',
      )} (${
        [...flaggedUsers].filter((u) => suspendedUserIds(tenant).has(u)).length
      } of them suspended); ${count(
        sudoUsers.size,
        'has',
        'have',
      )} sudo on ${count(
        new Set(flaggedAccess.filter((p) => p.sudo).map((p) => p.systemId))
          .size,
        'device',
      )}, ${
        new Set(
          flaggedAccess
            .filter((p) => p.sudoWithoutPassword)
            .map((p) => p.systemId),
        ).size
      } of them without a password.`,
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

    const phishable = expectedPhishable(tenant);
    expect(lines).toContain(
      `Root and console access without phishing-resistant MFA: ${
        phishable.usersLacking.length
      } of ${count(phishable.sudoUsers, 'user')} with sudo on a device and ${
        phishable.adminsLacking.length
      } of ${count(
        phishable.activeAdmins,
        'active administrator',
      )} have no phishing-resistant factor (a WebAuthn key); ${count(
        phishable.adminsUnknown.length,
        'administrator is',
        'administrators are',
      )} linked to no user, so not known.`,
    );
    const uncovered = expectedUncoveredApps(tenant);
    const seats = expectedSeatsPerApplication(tenant);
    expect(lines).toContain(
      `Applications without an MFA policy: ${uncovered.length} of ${count(
        expectedMfaRequiredByPolicy(tenant).size,
        'configured application',
      )} ${
        uncovered.length === 1 ? 'is' : 'are'
      } covered by no enforcing policy that requires MFA (${count(
        uncovered.reduce(
          (n, id) => n + (seats.get(appKey(id))?.assigned ?? 0),
          0,
        ),
        'assigned seat',
      )}).`,
    );
    const passwordless = expectedPasswordlessPairs(tenant);
    expect(lines).toContain(
      `Passwordless sudo: ${count(
        new Set(passwordless.map((p) => p.userId)).size,
        'user',
      )} can become root without a password on ${count(
        new Set(passwordless.map((p) => p.systemId)).size,
        'device',
      )} (${count(passwordless.length, 'user–device pair')}).`,
    );
    const shadow = expectedShadowIt(tenant);
    const totals = expectedSaasTotals(tenant, saasNow());
    expect(lines).toContain(
      `Shadow IT: ${shadow.length} of ${count(
        totals.applications,
        'discovered application',
      )} have no SSO application in JumpCloud, with ${count(
        shadow.reduce((n, a) => n + a.accounts, 0),
        'account',
      )} (${shadow.reduce(
        (n, a) => n + a.activeAccounts,
        0,
      )} used in the last 30 days).`,
    );
    const orphaned = expectedOrphanedAccounts(tenant);
    expect(lines).toContain(
      `Orphaned accounts: ${count(orphaned.length, 'account')} in ${count(
        new Set(orphaned.map((a) => a.applicationId)).size,
        'discovered application',
      )} belong to no JumpCloud user (${
        orphaned.filter((a) => a.status === 'active').length
      } used in the last 30 days).`,
    );
    expect(lines).toHaveLength(13);
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
          'phishing-resistant',
          'application-policies',
          'unencrypted-devices',
          'passwordless-sudo',
          'device-offboarding',
          'shadow-it',
          'orphaned-accounts',
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
        // So do the new cards: the roll-up table, then every row.
        for (const [rollup, detail] of [
          ['passwordless-sudo-users', 'passwordless-sudo-table'],
          ['device-offboarding-users', 'device-offboarding-table'],
          ['phishing-resistant-counts', 'phishing-resistant-table'],
          ['orphaned-accounts-by-application', 'orphaned-accounts-table'],
        ])
          expect(initial.order.indexOf(rollup)).toBeLessThan(
            initial.order.indexOf(detail),
          );
        // The first screen holds the whole headline.
        expect(initial.headlineBottom).toBeLessThan(800);
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
        expect(keys('passwordless-sudo-table', 'user', 'device')).toEqual(
          expectedPasswordlessPairs(tenant)
            .map((p) => `${userKey(p.userId)}|${deviceKey(p.systemId)}`)
            .sort(),
        );
        expect(keys('passwordless-sudo-users', 'user')).toEqual(
          [...expectedPasswordlessPerUser(tenant).keys()].sort(),
        );
        // Every binding of a suspended or locked user, its sudo marked.
        expect(
          keys('device-offboarding-table', 'user', 'device', 'sudo'),
        ).toEqual(
          expectedDeviceUsers(tenant)
            .filter((p) => flaggedUserIds(tenant).has(p.userId))
            .map(
              (p) =>
                `${userKey(p.userId)}|${deviceKey(p.systemId)}|${
                  p.sudoWithoutPassword
                    ? 'without password'
                    : p.sudo
                    ? 'with password'
                    : 'no'
                }`,
            )
            .sort(),
        );
        const phishable = expectedPhishable(tenant);
        expect(
          opened.tables
            .find((t) => t.id === 'phishing-resistant-table')!
            .rows.map((r) => r.data.user ?? r.data.admin)
            .sort(),
        ).toEqual(
          [
            ...phishable.people,
            ...phishable.adminsUnknown.map((a) => adminKey(a.id)),
          ].sort(),
        );
        expect(keys('application-policies-table', 'application')).toEqual(
          expectedUncoveredApps(tenant).map(appKey).sort(),
        );
        expect(keys('shadow-it-table', 'application')).toEqual(
          expectedShadowIt(tenant)
            .map((a) => saasAppKey(a.id))
            .sort(),
        );
        expect(keys('orphaned-accounts-table', 'account', 'status')).toEqual(
          expectedOrphanedAccounts(tenant)
            .map(
              (a) =>
                `${saasAccountKey(a.applicationId, a.accountId)}|${a.status}`,
            )
            .sort(),
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
        // The bars are the table's first rows with seats, in its order.
        expect(bars.map((b) => b.application)).toEqual(
          seats.rows
            .filter((r) => r.data.assigned !== undefined)
            .slice(0, bars.length)
            .map((r) => r.data.application),
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
        const [unused, assigned, first, unusedLicenses, licenses, licensed] =
          numbers(
            line('License true-up'),
            /^License true-up: ([\d,]+) of ([\d,]+) assigned seats unused in the last 30 days; most in .+ \((\d+)\) and .+ \(\d+\)\. ([\d,]+) of ([\d,]+) paid licenses unused in (\d+) discovered applications \(.+ a month\)\.$/,
          );
        expect(unused).toBe(table('true-up-table').total);
        expect(unused).toBe(sum('true-up-seats', 'Unused'));
        expect(assigned).toBe(sum('true-up-seats', 'Assigned seats'));
        expect(first).toBe(
          Math.max(
            ...table('true-up-seats').rows.map((r) =>
              Number(r.cells[3].replace(/,/g, '')),
            ),
          ),
        );
        // Licenses: the table's columns, one row per application.
        expect(unusedLicenses).toBe(sum('true-up-seats', 'Unused licenses'));
        expect(licenses).toBe(sum('true-up-seats', 'Licenses'));
        expect(licensed).toBe(
          table('true-up-seats')
            .rows.map((r) => r.data.saas?.split(' ').length ?? 0)
            .reduce((n, k) => n + k, 0),
        );
        const currencies = new Map<string, number>();
        for (const r of table('true-up-seats').rows)
          if (r.data.unusedCost && Number(r.data.unusedLicenses) > 0)
            currencies.set(
              r.data.currency,
              (currencies.get(r.data.currency) ?? 0) +
                Number(r.data.unusedCost),
            );
        expect(currencies.size).toBeGreaterThan(0);
        for (const [currency, amount] of currencies)
          expect(line('License true-up')).toContain(
            `${currency} ${amount.toLocaleString('en-US', {
              minimumFractionDigits: 2,
              maximumFractionDigits: 2,
            })}`,
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
          /(\d+) devices? still bound to (\d+) suspended or locked users? \(/,
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

        // Devices of suspended or locked users: the per-user table's sums.
        const [, , , sudoHolders] = numbers(
          line('Devices of suspended or locked users'),
          /(\d+) devices? still bound to (\d+) suspended or locked users? \((\d+) of them suspended\); (\d+) ha(?:s|ve) sudo on (\d+) devices?, (\d+) of them without a password\.$/,
        );
        expect(sudoHolders).toBe(
          table('device-offboarding-users').rows.filter(
            (r) => r.cells[5] !== '0',
          ).length,
        );

        // Passwordless sudo: the per-user table and every pair.
        const [sudoUsers, sudoDevices, sudoPairs] = numbers(
          line('Passwordless sudo'),
          /: (\d+) users? can become root without a password on (\d+) devices? \((\d+) user–device pairs?\)\.$/,
        );
        expect(sudoUsers).toBe(table('passwordless-sudo-users').total);
        expect(sudoPairs).toBe(sum('passwordless-sudo-users', 'Devices'));
        expect(sudoPairs).toBe(table('passwordless-sudo-table').total);
        expect(sudoDevices).toBe(distinct('passwordless-sudo-table', 'device'));

        // Phishing-resistant MFA: the counts table and the list.
        const [usersLacking, withSudo, adminsLacking, activeAdmins, unknown] =
          numbers(
            line('Root and console access without phishing-resistant MFA'),
            /: (\d+) of (\d+) users? with sudo on a device and (\d+) of (\d+) active administrators? have no phishing-resistant factor \(a WebAuthn key\); (\d+) administrators? (?:is|are) linked to no user, so not known\.$/,
          );
        expect(withSudo).toBe(
          cell('phishing-resistant-counts', 'kind', 'sudo', 'People'),
        );
        expect(usersLacking).toBe(
          withSudo -
            cell(
              'phishing-resistant-counts',
              'kind',
              'sudo',
              'Phishing-resistant',
            ),
        );
        expect(activeAdmins).toBe(
          cell('phishing-resistant-counts', 'kind', 'admins', 'People'),
        );
        expect(unknown).toBe(
          cell('phishing-resistant-counts', 'kind', 'admins', 'Not known'),
        );
        expect(adminsLacking).toBe(
          cell(
            'phishing-resistant-counts',
            'kind',
            'admins',
            'Only TOTP or push',
          ) + cell('phishing-resistant-counts', 'kind', 'admins', 'No MFA'),
        );
        expect(
          table('phishing-resistant-table').rows.filter(
            (r) => r.data.phishingResistant === 'unknown',
          ).length,
        ).toBe(unknown);

        // MFA policies, shadow IT, orphaned accounts: their tables.
        const [uncovered, configured, uncoveredSeats] = numbers(
          line('Applications without an MFA policy'),
          /: (\d+) of (\d+) configured applications? (?:is|are) covered by no enforcing policy that requires MFA \((\d+) assigned seats?\)\.$/,
        );
        expect(uncovered).toBe(table('application-policies-table').total);
        expect(uncoveredSeats).toBe(
          sum('application-policies-table', 'Assigned seats'),
        );
        expect(configured).toBe(expectedMfaRequiredByPolicy(tenant).size);
        const [shadow, discovered, shadowAccounts, shadowActive] = numbers(
          line('Shadow IT'),
          /: (\d+) of (\d+) discovered applications? ha(?:s|ve) no SSO application in JumpCloud, with (\d+) accounts? \((\d+) used in the last 30 days\)\.$/,
        );
        expect(shadow).toBe(table('shadow-it-table').total);
        expect(shadowAccounts).toBe(sum('shadow-it-table', 'Accounts'));
        expect(shadowActive).toBe(sum('shadow-it-table', 'Used (30 days)'));
        expect(discovered).toBe(
          cell(
            'entity-counts',
            'type',
            Entities.SAAS_APPLICATION._type,
            'Count',
          ),
        );
        const [orphaned, orphanedApps, orphanedActive] = numbers(
          line('Orphaned accounts'),
          /: (\d+) accounts? in (\d+) discovered applications? belongs? to no JumpCloud user \((\d+) used in the last 30 days\)\.$/,
        );
        expect(orphaned).toBe(table('orphaned-accounts-table').total);
        expect(orphaned).toBe(
          sum('orphaned-accounts-by-application', 'Orphaned accounts'),
        );
        expect(orphanedApps).toBe(
          table('orphaned-accounts-by-application').total,
        );
        expect(orphanedActive).toBe(
          sum('orphaned-accounts-by-application', 'Active (30 days)'),
        );
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
  /** Where the headline (and the links under it) ends, from the top of the page. */
  headlineBottom: number;
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
    headlineBottom: document.querySelector('header nav').getBoundingClientRect().bottom + window.scrollY,
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
      // Seats are not known; SaaS licenses need no sign-ins.
      const licensed = expectedLicenses(tenant);
      expect(licensed.length).toBeGreaterThan(0);
      expect(report.headline).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^License true-up: SSO seats not known \\(sign-ins or assignments were not collected completely\\)\\. ${
              expectedSaasTotals(tenant, saasNow()).unusedLicenses
            } of ${licensed.reduce(
              (n, a) => n + a.licenses!,
              0,
            )} paid licenses? unused in ${
              licensed.length
            } discovered applications?`,
          ),
        ),
      );
      expect(report.data.trueUp.licenses.unavailable).toBeUndefined();
      expect(report.data.trueUp.applications.rows.every((r) => !r.seats)).toBe(
        true,
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
      // Users with sudo are still told; administrators are not known, and
      // the finding says why rather than counting none.
      const phishable = expectedPhishable(tenant);
      expect(report.headline).toContain(
        `Root and console access without phishing-resistant MFA: ${phishable.usersLacking.length} of ${phishable.sudoUsers} users with sudo on a device have no phishing-resistant factor (a WebAuthn key); administrators not known.`,
      );
      expect(report.data.phishable.admins).toBeUndefined();
      expect(report.data.phishable.caveats.join(' ')).toMatch(
        /^Administrators are not counted: administrators were not collected completely/,
      );
      expect(
        report.data.phishable.table.rows.filter(
          (r) => r.phishingResistant === 'unknown' || r.admins.length > 0,
        ),
      ).toEqual([]);
      // Policies were read: the MFA policy finding stands, with a caveat
      // that applications (partial: sign-ins failed) may be incomplete.
      expect(report.data.applicationPolicies.unavailable).toBeUndefined();
      expect(
        report.data.applicationPolicies.table.rows.map(
          (r) => r.application.key,
        ),
      ).toEqual(expectedUncoveredApps(tenant).map(appKey));
      expect(report.data.applicationPolicies.caveats.join(' ')).toMatch(
        /Applications may be incomplete/,
      );
      expect(report.headline).toContain(
        `Unencrypted devices: ${expectedUnencryptedSystems(tenant).length} of ${
          tenant.systems.filter((s) => s.active).length
        } active devices have no full-disk encryption.`,
      );
      // Seats not known: no chart, no seat tables; the roll-up tells only
      // the licenses.
      expect(html).not.toContain('id="true-up-chart"');
      expect(html).not.toContain('id="true-up-users"');
      const rollup = /<p class="rollup" id="true-up-rollup">(.*?)<\/p>/.exec(
        html,
      )?.[1];
      expect(rollup).toMatch(/^In SaaS Management, /);
      expect(rollup).not.toContain('seats');
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

  /** The collection of this tenant, for tests that read it. */
  const collected33 = () => collected.output;

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
      licenses: data.trueUp.licenses,
      mfa: data.mfa,
      admins: data.admins,
      phishable: data.phishable,
      applicationPolicies: data.applicationPolicies,
      unencryptedDevices: data.unencryptedDevices,
      passwordlessSudo: data.passwordlessSudo,
      flaggedUserDevices: data.flaggedUserDevices,
      shadowIt: data.shadowIt,
      orphanedAccounts: data.orphanedAccounts,
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
      data.passwordlessSudo.caveats,
      data.phishable.caveats,
    ])
      expect(caveats.join(' ')).toMatch(/^Users.* may be incomplete/);
    // An account whose user was not collected would count as orphaned.
    expect(data.orphanedAccounts.caveats.join(' ')).toMatch(
      /^Users may be incomplete .* some accounts may count as orphaned only because their user was not collected\./,
    );
  }, 60_000);

  test('without SaaS Management (its steps did not run), shadow IT, orphaned accounts and licenses are not known, and seats still are', async () => {
    const steps = [
      stepOf(summary, Entities.SAAS_APPLICATION._type),
      stepOf(summary, Relationships.SAAS_APPLICATION_IS_APPLICATION._type),
    ];
    const types = steps.flatMap((step) => step.declaredTypes);
    const directory = await copy({
      keep: (o) => !types.includes(o._type),
      summary: () => {
        const changed = summaryCopy();
        for (const step of steps) failStep(changed, step.id, 'disabled');
        return changed;
      },
    });
    const { firstLine, html, data } = await reportOf(directory);
    expect(firstLine).toContain(steps[0].name);
    for (const finding of [data.shadowIt, data.orphanedAccounts])
      expect(finding.unavailable).toMatch(
        new RegExp(
          `were not part of this collection \\(step "${escapeRegExp(
            steps[0].name,
          )}" was disabled\\)`,
        ),
      );
    expect(data.trueUp.licenses.unavailable).toMatch(
      /not part of this collection/,
    );
    // Not a list of none: no table, no "every application has one".
    for (const id of ['shadow-it', 'orphaned-accounts'])
      expect(html).not.toContain(`id="${id}-table"`);
    expect(html).not.toContain('Every discovered application has an SSO');
    const lines = (
      await writeReport({
        collectionDirectory: directory,
        output: path.join(directory, 'lines.html'),
      })
    ).headline;
    expect(lines).toContain('Shadow IT: not known from this collection.');
    expect(lines).toContain(
      'Orphaned accounts: not known from this collection.',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^License true-up: [\d,]+ of [\d,]+ assigned seats unused .* SaaS licenses not known\.$/,
      ),
    );
    // The true-up's seats stand, with a caveat for the licenses.
    expect(data.trueUp.unavailable).toBeUndefined();
    expect(data.trueUp.applications.rows.every((r) => !r.licenses)).toBe(true);
    expect(html).toContain(
      'SaaS licenses are not counted: discovered applications',
    );
  }, 60_000);

  test('with authentication policies that could not be read, no application is said to lack a policy', async () => {
    const step = stepOf(summary, Entities.AUTH_POLICY._type);
    // What the integration writes then: no mfaRequiredByPolicy.
    const directory = await copy({
      keep: (o) => {
        delete o.mfaRequiredByPolicy;
        return !step.declaredTypes.includes(o._type);
      },
      summary: () => failStep(summaryCopy(), step.id),
    });
    const { html, data } = await reportOf(directory);
    expect(data.applicationPolicies.unavailable).toMatch(
      /^Authentication policies were not collected completely/,
    );
    expect(html).not.toContain('id="application-policies-table"');
    expect(
      (
        await writeReport({
          collectionDirectory: directory,
          output: path.join(directory, 'lines.html'),
        })
      ).headline,
    ).toContain(
      'Applications without an MFA policy: not known from this collection.',
    );
  }, 60_000);

  test('an application that does not record whether a policy covers it is not known: a caveat, not a finding', async () => {
    const collected = await readCollection(collected33());
    const configured = collected.entities.filter(
      (e) =>
        e._type === Entities.APPLICATION._type && e.source === 'configuration',
    );
    const uncovered = configured.filter((e) => e.mfaRequiredByPolicy === false);
    const covered = configured.filter((e) => e.mfaRequiredByPolicy === true);
    expect(uncovered.length).toBeGreaterThan(0);
    expect(covered.length).toBeGreaterThan(0);
    const unknown = new Set([uncovered[0]._key, covered[0]._key]);
    const directory = await copy({
      keep: (o) => {
        if (unknown.has(o._key)) delete o.mfaRequiredByPolicy;
        return true;
      },
    });
    const { data } = await reportOf(directory);
    const finding = data.applicationPolicies;
    expect(finding.unavailable).toBeUndefined();
    expect(finding.unknown).toBe(2);
    expect(finding.configured).toBe(configured.length - 2);
    expect(finding.table.total).toBe(uncovered.length - 1);
    expect(finding.table.rows.map((r) => r.application.key)).not.toContain(
      uncovered[0]._key,
    );
    expect(finding.caveats[0]).toBe(
      '2 configured applications do not record whether a policy requires MFA for it, so they are not counted.',
    );
  }, 60_000);

  test('a collection of an earlier version (no sudo, factors or policy coverage recorded, no SaaS step) says what it cannot tell', async () => {
    const dropped = [
      Entities.SAAS_APPLICATION._type,
      Relationships.SAAS_APPLICATION_IS_APPLICATION._type,
      Entities.AUTH_POLICY._type,
    ].map((type) => stepOf(summary, type));
    const types = dropped.flatMap((step) => step.declaredTypes);
    const directory = await copy({
      keep: (o) => {
        for (const field of [
          'sudo',
          'sudoWithoutPassword',
          'direct',
          'pathCount',
          'phishingResistantMfa',
          'mfaTotpStatus',
          'mfaPushStatus',
          'mfaWebAuthnStatus',
          'mfaRequiredByPolicy',
        ])
          delete o[field];
        return !types.includes(o._type);
      },
      summary: () => {
        const changed = summaryCopy();
        changed.integrationStepResults = changed.integrationStepResults.filter(
          (step) => !dropped.some((d) => d.id === step.id),
        );
        return changed;
      },
    });
    const { html, data } = await reportOf(directory);
    expect(data.passwordlessSudo.unavailable).toMatch(
      /records no sudo rights on device access \(it was made by an earlier version/,
    );
    expect(data.phishable.unavailable).toMatch(
      /records no MFA factor enrollment of users/,
    );
    expect(data.applicationPolicies.unavailable).toMatch(
      /^Authentication policies were not part of this collection \(no step of the collection reads jumpcloud_auth_policy\)/,
    );
    expect(data.shadowIt.unavailable).toMatch(
      /not part of this collection \(no step of the collection reads jumpcloud_saas_application\)/,
    );
    // Bindings of suspended users are still listed; their sudo is not recorded.
    expect(data.flaggedUserDevices.unavailable).toBeUndefined();
    expect(data.flaggedUserDevices.table.total).toBeGreaterThan(0);
    expect(html).toMatch(
      /<tr data-user="[^"]*" data-device="[^"]*" data-sudo="not recorded">/,
    );
    for (const id of ['passwordless-sudo', 'phishing-resistant'])
      expect(html).not.toContain(`id="${id}-table"`);
  }, 60_000);

  test('when device access cannot be told, users with sudo are left out of the phishing-resistant finding, and said to be', async () => {
    const step = stepOf(summary, Relationships.USER_USES_DEVICE._type);
    const directory = await copy({
      summary: () =>
        markPartial(summaryCopy(), [Relationships.USER_USES_DEVICE._type]),
    });
    const { data } = await reportOf(directory);
    expect(step.declaredTypes).toContain(Relationships.USER_USES_DEVICE._type);
    expect(data.passwordlessSudo.unavailable).toMatch(
      /not collected completely/,
    );
    expect(data.phishable.unavailable).toBeUndefined();
    expect(data.phishable.sudo).toBeUndefined();
    expect(data.phishable.admins).toBeDefined();
    expect(data.phishable.caveats[0]).toMatch(
      /^Users with sudo on a device are not counted: which users are bound to devices was not collected completely/,
    );
    for (const row of data.phishable.table.rows) {
      expect(row.admins.length).toBeGreaterThan(0);
      expect(row.sudoDevices).toBeUndefined();
    }
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
    expect(data.passwordlessSudo.unavailable).toContain(step.name);
    expect(html).not.toContain('id="passwordless-sudo-table"');
    // Administrators are still told; users with sudo are not, and it says so.
    expect(data.phishable.sudo).toBeUndefined();
    expect(data.phishable.admins).toBeDefined();
    expect(data.phishable.caveats[0]).toContain(step.name);
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
