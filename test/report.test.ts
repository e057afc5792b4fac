/**
 * The offline report end to end: a small simulator tenant collected with
 * `j1-integration collect`, the report written from the files, its findings
 * compared with the tenant's ground truth, and the page opened in headless
 * Chromium to see that the tables and pictures were really laid out.
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
import {
  dumpDom,
  findChromium,
  rowKeys,
  startTagAttributes,
  tableHtml,
} from './chromium';
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

/**
 * True-up: every user → application seat, direct or through a group the
 * user is a member of, that has no successful sign-in in the window.
 */
function expectedUnusedSeats(tenant: Tenant): Map<string, { direct: boolean }> {
  const { userAssignments, groupAssignments } = expectedAssignments(tenant);
  const seats = new Map<string, { direct: boolean }>();
  for (const a of userAssignments)
    seats.set(pair(a.userId, a.appId), { direct: true });
  const memberships = expectedGroupMemberships(tenant);
  for (const a of groupAssignments) {
    for (const m of memberships.filter((m) => m.groupId === a.groupId)) {
      const key = pair(m.userId, a.appId);
      seats.set(key, seats.get(key) ?? { direct: false });
    }
  }
  for (const used of expectedSsoUsage(tenant))
    seats.delete(pair(used.userId, used.appId));
  return seats;
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
    const sum = (pick: (s: { unused: number }) => number) =>
      report.data.trueUp.seats.reduce((n, s) => n + pick(s), 0);
    expect(sum((s) => s.unused)).toBe(expected.size);
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

  test('the headline states the findings', () => {
    const flaggedDevices = expectedFlaggedUserDevices(tenant);
    const devices = new Set(flaggedDevices.map((k) => k.split('|')[1])).size;
    const flaggedUsers = new Set(flaggedDevices.map((k) => k.split('|')[0]))
      .size;
    expect(report.headline).toContain(
      `Administrators and devices: ${
        expectedAdminsWithoutMfa(tenant).length
      } of ${
        tenant.admins.filter((a) => !a.suspended).length
      } active administrators without MFA; ${
        expectedUnencryptedSystems(tenant).length
      } of ${
        tenant.systems.filter((s) => s.active).length
      } active devices unencrypted; ${devices} devices bound to ${flaggedUsers} suspended or locked users.`,
    );
    expect(report.headline).toContain(
      `License true-up: ${expectedUnusedSeats(tenant).size} of ${
        report.data.trueUp.assignedSeats
      } assigned application seats had no sign-in in the last 30 days.`,
    );
    expect(report.headline.join('\n')).toContain(
      `(${expectedOffboarding(tenant).length} user–application pairs)`,
    );
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

  inBrowser(
    'in a browser, the tables have their rows and the pictures their nodes and edges',
    async () => {
      const dom = await dumpDom(chromium!, report.file);
      // The page's script ran to its end, and the injected name did not run.
      const body = startTagAttributes(dom, /<body\b/);
      expect(body).toMatchObject({ 'data-ready': 'true' });
      expect(body).not.toHaveProperty('data-injected');
      expect(dom).toContain('&lt;img src=x onerror=');

      const rendered = (id: string) =>
        Number(
          startTagAttributes(dom, new RegExp(`<table id="${id}"`))?.[
            'data-rendered-rows'
          ],
        );
      const offboarding = expectedOffboarding(tenant);
      expect(rendered('offboarding-table')).toBe(offboarding.length);
      expect(
        rowKeys(
          tableHtml(dom, 'offboarding-table'),
          'user',
          'application',
        ).sort(),
      ).toEqual(offboarding.map((p) => pair(p.userId, p.appId)).sort());
      const unused = expectedUnusedSeats(tenant);
      expect(rendered('true-up-table')).toBe(unused.size);
      expect(
        rowKeys(tableHtml(dom, 'true-up-table'), 'user', 'application').sort(),
      ).toEqual([...unused.keys()].sort());
      expect(rendered('observed-table')).toBe(
        expectedUnconfiguredApps(tenant).length,
      );
      expect(rendered('mfa-by-state')).toBe(report.data.mfa.byState.length + 1);
      expect(rendered('mfa-gaps')).toBe(report.data.mfa.activeWithoutMfa.total);

      // Administrators, unencrypted devices, devices of flagged users.
      expect(rendered('admin-mfa')).toBe(1);
      const admins = expectedAdminsWithoutMfa(tenant);
      expect(rendered('admin-mfa-gaps')).toBe(admins.length);
      expect(rowKeys(tableHtml(dom, 'admin-mfa-gaps'), 'admin').sort()).toEqual(
        admins.map((a) => adminKey(a.id)).sort(),
      );
      const unencrypted = expectedUnencryptedSystems(tenant);
      expect(rendered('unencrypted-devices-table')).toBe(unencrypted.length);
      const deviceTable = tableHtml(dom, 'unencrypted-devices-table');
      expect(rowKeys(deviceTable, 'device').sort()).toEqual(
        unencrypted.map((s) => deviceKey(s.id)).sort(),
      );
      const crowded = unencrypted
        .map((s) => deviceUsersBySystem(tenant).get(s.id)?.length ?? 0)
        .filter((n) => n > USERS_PER_DEVICE);
      for (const n of crowded)
        expect(deviceTable).toContain(` and ${n - USERS_PER_DEVICE} more`);
      const flaggedDevices = expectedFlaggedUserDevices(tenant);
      expect(rendered('device-offboarding-table')).toBe(flaggedDevices.length);
      expect(
        rowKeys(
          tableHtml(dom, 'device-offboarding-table'),
          'user',
          'device',
        ).sort(),
      ).toEqual([...flaggedDevices].sort());

      const direct = collection.relationships.filter((r) => !r._mapping);
      const nodeGraph = startTagAttributes(
        dom,
        /<svg class="graph node-graph"/,
      );
      expect(Number(nodeGraph?.['data-rendered-nodes'])).toBe(
        collection.entities.length,
      );
      expect(Number(nodeGraph?.['data-rendered-edges'])).toBe(direct.length);

      const typeGraph = startTagAttributes(
        dom,
        /<svg class="graph type-graph"/,
      );
      expect(Number(typeGraph?.['data-rendered-nodes'])).toBe(
        typeCount(collection),
      );
      expect(Number(typeGraph?.['data-rendered-edges'])).toBe(
        relationshipShapes(collection),
      );
    },
    60_000,
  );
});

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
      expect(
        report.headline.find((l) =>
          l.startsWith('Administrators and devices:'),
        ),
      ).toMatch(
        /^Administrators and devices: administrators not known; \d+ of /,
      );
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
      const dom = await dumpDom(
        chromiumBinary!,
        path.join(directory, 'report.html'),
      );
      expect(startTagAttributes(dom, /<body\b/)).toMatchObject({
        'data-ready': 'true',
      });
      const banner = startTagAttributes(dom, /<div class="banner"/);
      expect(banner?.['data-rendered-top']).toBe('0');
      expect(Number(banner?.['data-rendered-height'])).toBeGreaterThan(0);
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
