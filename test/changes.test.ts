/**
 * `npm run changes` between two real collections of one tenant: collected,
 * then changed the way an administrator would change it (users suspended,
 * reactivated, locked, removed and added; memberships and assignments added
 * and removed), and collected again. What the change report finds must be
 * exactly the difference of the tenant's ground truth before and after.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ChangeReport,
  changeHeadline,
  computeChanges,
  formatChanges,
} from '../report/changes';
import { GraphObject, readCollection, Summary } from '../report/collections';
import { keepPreviousCollection } from '../runner/previous';
import {
  expectedAssignments,
  expectedGroupMemberships,
  expectedSaasAccounts,
  expectedSaasApplications,
  expectedUserIds,
  generateTenant,
  GraphConnection,
  SystemUser,
  Tenant,
} from '../simulator';
import { collectTenant, CollectedTenant } from './collectTenant';
import {
  copyCollection,
  CopyOptions,
  failStep,
  folderState,
  isOneSentence,
  markPartial,
  runTool,
  stepOf,
} from './offlineTools';
import { Entities, Relationships } from '../src/steps/constants';

const userKey = (id: string) => `jumpcloud_user:${id}`;
const groupKey = (id: string) => `jumpcloud_group:${id}`;
const appKey = (id: string) => `jumpcloud_application:${id}`;
const saasAppKey = (id: string) => `${Entities.SAAS_APPLICATION._type}:${id}`;
const saasAccountKey = (appId: string, accountId: string) =>
  `${Entities.SAAS_ACCOUNT._type}:${appId}:${accountId}`;

interface Truth {
  users: string[];
  memberships: string[];
  assignments: string[];
  /** Discovered applications no SSO application has the name of. */
  shadowIt: string[];
  /** Accounts in discovered applications of no existing user. */
  orphaned: string[];
}

function truthOf(tenant: Tenant): Truth {
  const { userAssignments, groupAssignments } = expectedAssignments(tenant);
  const now = Date.now();
  return {
    shadowIt: expectedSaasApplications(tenant, now)
      .filter((a) => a.shadowIt)
      .map((a) => saasAppKey(a.id)),
    orphaned: expectedSaasAccounts(tenant, now)
      .filter((a) => !a.owned)
      .map((a) => saasAccountKey(a.applicationId, a.accountId)),
    users: expectedUserIds(tenant).map(userKey),
    memberships: expectedGroupMemberships(tenant).map(
      (m) => `${groupKey(m.groupId)}|${userKey(m.userId)}`,
    ),
    assignments: [
      ...userAssignments.map((a) => `${userKey(a.userId)}|${appKey(a.appId)}`),
      ...groupAssignments.map(
        (a) => `${groupKey(a.groupId)}|${appKey(a.appId)}`,
      ),
    ],
  };
}

const keysOf = (list: { key: string }[]) => list.map((x) => x.key).sort();

const minus = (a: string[], b: string[]) => {
  const drop = new Set(b);
  return a.filter((x) => !drop.has(x)).sort();
};

const userRow = (id: string): GraphConnection => ({
  attributes: null,
  to: { attributes: null, id, type: 'user' },
});

describe('the change report between two collections of a tenant', () => {
  let before: Truth;
  let after: Truth;
  let changed: Record<string, string[]>;
  /** What was done to SaaS Management in between, by graph key. */
  let saasChanges: Record<string, string>;
  let shadowApplication: GraphObject;
  let changes: ChangeReport;
  const work: CollectedTenant[] = [];
  let previousDirectory: string;
  /** Copies made incomplete by hand, removed at the end. */
  const copies: string[] = [];

  beforeAll(async () => {
    const tenant = generateTenant({
      seed: 51,
      users: 80,
      groups: 6,
      applications: 6,
      ssoEvents: 1500,
    });
    before = truthOf(tenant);
    work.push(await collectTenant(tenant));

    // What an administrator did in between. (Rows are replaced, not edited
    // in place: the simulator caches filtered association rows per array.)
    const reactivate = tenant.users.find(
      (u) => u.suspended && u.state === 'SUSPENDED' && !u.account_locked,
    )!;
    reactivate.suspended = false;
    reactivate.state = 'ACTIVATED';
    const plain = tenant.users.filter(
      (u) =>
        u !== reactivate &&
        u.state === 'ACTIVATED' &&
        !u.suspended &&
        !u.account_locked,
    );
    const suspend = plain.slice(1, 3);
    for (const u of suspend) {
      u.suspended = true;
      u.state = 'SUSPENDED';
    }
    const lock = plain[3];
    lock.account_locked = true;
    // A user with an account in a discovered application: removed, that
    // account is orphaned.
    const saas = tenant.saas;
    const holds = (u: SystemUser) =>
      [...saas.accounts.values()].some((list) =>
        list.some((a) => a.user_id === u.id),
      );
    const remove = plain.slice(4).find(holds)!;
    tenant.users.splice(tenant.users.indexOf(remove), 1);
    const hire: SystemUser = {
      ...plain[5],
      _id: 'fffffffff57d3673000000ff',
      id: 'fffffffff57d3673000000ff',
      username: 'new.hire',
      email: `new.hire@${tenant.emailDomain}`,
      displayname: 'New Hire',
    };
    tenant.users.push(hire);

    const [firstGroup, secondGroup] = tenant.groups;
    const members = tenant.groupMembers;
    members.set(firstGroup.id, [
      ...members.get(firstGroup.id)!,
      userRow(hire.id),
    ]);
    const secondRows = members.get(secondGroup.id)!;
    const dropped = secondRows.find(
      (r) => r.to.type === 'user' && r.to.id !== remove.id,
    );
    members.set(
      secondGroup.id,
      secondRows.filter((r) => r !== dropped),
    );
    const [firstApp, secondApp] = tenant.applications;
    const bindings = tenant.applicationAssociations;
    bindings.set(firstApp.id, [
      ...bindings.get(firstApp.id)!,
      userRow(hire.id),
    ]);
    const secondAppRows = bindings.get(secondApp.id)!;
    const unbound = secondAppRows.find((r) => r.to.type === 'user_group');
    bindings.set(
      secondApp.id,
      secondAppRows.filter((r) => r !== unbound),
    );
    // SaaS Management: a shadow-IT application discovered with an account
    // in use, one no longer discovered, a new account of nobody, and an
    // account of nobody given to a user. (Arrays are replaced, not edited:
    // the simulator indexes them.)
    const shadowBefore = expectedSaasApplications(tenant, Date.now()).filter(
      (a) => a.shadowIt,
    );
    const droppedApp = shadowBefore[0].id;
    const newApp = {
      ...saas.applications.find((a) => a.id === droppedApp)!,
      id: 'fffffffff57d3673000000a1',
      name: 'Shadowy Notes',
      status: 'NEWLY_DISCOVERED' as const,
      discovered_at: new Date(Date.now() - 3_600_000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
    };
    saas.applications = [
      ...saas.applications.filter((a) => a.id !== droppedApp),
      newApp,
    ];
    saas.accounts.delete(droppedApp);
    const newAccount = {
      id: 'fffffffff57d3673000000b1',
      user_id: plain[6].id,
      parent_app_id: newApp.id,
      email: plain[6].email,
    };
    saas.accounts.set(newApp.id, [newAccount]);
    saas.lastUsedMs.set(newAccount.id, Date.now() - 3_600_000);
    saas.ssoApplicationIds.set(newApp.id, []);
    saas.discoverySources.set(newApp.id, ['BROWSER_EXTENSION']);
    // In an application still discovered: one account of nobody is given
    // to a user, and a new one of nobody appears.
    const [kept, keptAccounts] = [...saas.accounts].find(
      ([id, list]) => id !== newApp.id && list.some((a) => a.user_id === null),
    )!;
    const given = keptAccounts.find((a) => a.user_id === null)!;
    saas.accounts.set(kept, [
      ...keptAccounts.map((a) =>
        a === given ? { ...a, user_id: plain[7].id } : a,
      ),
      {
        id: 'fffffffff57d3673000000b2',
        user_id: null,
        parent_app_id: kept,
        email: `ghost@${tenant.emailDomain}`,
      },
    ]);
    saasChanges = {
      newApp: saasAppKey(newApp.id),
      droppedApp: saasAppKey(droppedApp),
      newAccount: saasAccountKey(kept, 'fffffffff57d3673000000b2'),
      given: saasAccountKey(kept, given.id),
      removedUser: remove.id,
    };

    changed = {
      suspended: suspend.map((u) => userKey(u.id)).sort(),
      reactivated: [userKey(reactivate.id)],
      locked: [userKey(lock.id)],
    };
    after = truthOf(tenant);
    work.push(await collectTenant(tenant));

    // The first collection as if an application known only from sign-ins
    // had not been signed in to yet: its entity and edges taken out by hand.
    const latest = await readCollection(work[1].output);
    shadowApplication = latest.entities.find(
      (e) => e._type === 'jumpcloud_application' && e.source === 'sso_events',
    )!;
    previousDirectory = await copyCollection(work[0].output, {
      keep: (o) => !touches(o, new Set([shadowApplication._key])),
    });
    changes = await computeChanges(previousDirectory, work[1].output);
  }, 180_000);

  afterAll(async () => {
    for (const w of work)
      await fs.rm(w.workDirectory, { recursive: true, force: true });
    for (const directory of [previousDirectory, ...copies])
      if (directory) await fs.rm(directory, { recursive: true, force: true });
  });

  test('users added and removed are the difference of the tenant before and after', () => {
    expect(keysOf(changes.users.added)).toEqual(
      minus(after.users, before.users),
    );
    expect(keysOf(changes.users.removed)).toEqual(
      minus(before.users, after.users),
    );
    expect(changes.users.added).toHaveLength(1);
    expect(changes.users.removed).toHaveLength(1);
    expect(changes.users.added[0]).toMatchObject({ name: 'New Hire' });
  });

  test('suspended, reactivated and locked users are exactly the ones changed', () => {
    expect(keysOf(changes.users.suspended)).toEqual(changed.suspended);
    expect(keysOf(changes.users.reactivated)).toEqual(changed.reactivated);
    expect(keysOf(changes.users.locked)).toEqual(changed.locked);
    expect(changes.users.unlocked).toEqual([]);
  });

  test('membership changes are the difference of the tenant before and after', () => {
    const edge = (m: { group: { key: string }; user: { key: string } }) =>
      `${m.group.key}|${m.user.key}`;
    const added = minus(after.memberships, before.memberships);
    const removed = minus(before.memberships, after.memberships);
    // The new hire's one membership; the row taken out, and the removed
    // user's memberships with them.
    expect(added).toHaveLength(1);
    expect(removed.length).toBeGreaterThanOrEqual(1);
    expect(changes.memberships.added.map(edge).sort()).toEqual(added);
    expect(changes.memberships.removed.map(edge).sort()).toEqual(removed);
  });

  test('assignment changes are the difference of the tenant before and after', () => {
    const edge = (a: {
      assignee: { key: string };
      application: { key: string };
    }) => `${a.assignee.key}|${a.application.key}`;
    const added = minus(after.assignments, before.assignments);
    const removed = minus(before.assignments, after.assignments);
    expect(added.length).toBeGreaterThanOrEqual(1);
    expect(removed.length).toBeGreaterThanOrEqual(1);
    expect(changes.assignments.added.map(edge).sort()).toEqual(added);
    expect(changes.assignments.removed.map(edge).sort()).toEqual(removed);
    for (const a of changes.assignments.added)
      expect(a.assigneeType).toBe(
        a.assignee.key.startsWith('jumpcloud_user:') ? 'user' : 'group',
      );
  });

  test('the application first seen in sign-ins is reported, and only it', () => {
    expect(changes.applicationsNewInSignIns).toEqual([
      expect.objectContaining({
        key: shadowApplication._key,
        source: 'sso_events',
        new: true,
        ssoEventCount: shadowApplication.ssoEventCount,
      }),
    ]);
    expect(changes.sameOrganization).toBe(true);
    expect(changes.caveats).toEqual([]);
    expect(changes.incomplete).toEqual([]);
  });

  test('first sign-ins are the user → application pairs that signed in now and not in the previous window', async () => {
    const uses = (collection: { relationships: GraphObject[] }) =>
      collection.relationships
        .filter((r) => r._type === 'jumpcloud_user_uses_application')
        .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`);
    const [then, now] = await Promise.all(
      [previousDirectory, work[1].output].map((d) => readCollection(d)),
    );
    const expected = minus(uses(now), uses(then));
    expect(expected.length).toBeGreaterThan(0);
    expect(
      changes.firstSignIns
        .map((f) => `${f.user.key}|${f.application.key}`)
        .sort(),
    ).toEqual(expected);
  });

  test('shadow-IT applications new and gone are the difference of the tenant before and after', () => {
    const added = minus(after.shadowIt, before.shadowIt);
    const gone = minus(before.shadowIt, after.shadowIt);
    expect(added).toEqual([saasChanges.newApp]);
    expect(gone).toEqual([saasChanges.droppedApp]);
    expect(keysOf(changes.shadowIt.new)).toEqual(added);
    expect(keysOf(changes.shadowIt.gone)).toEqual(gone);
    expect(changes.shadowIt.new[0]).toMatchObject({
      name: 'Shadowy Notes',
      why: 'discovered',
      accounts: 1,
      activeAccounts: 1,
    });
    expect(changes.shadowIt.gone[0].why).toBe('not discovered any more');
  });

  test('orphaned accounts new and gone are the difference of the tenant before and after, with why', () => {
    const added = minus(after.orphaned, before.orphaned);
    const gone = minus(before.orphaned, after.orphaned);
    expect(keysOf(changes.orphanedAccounts.new)).toEqual(added);
    expect(keysOf(changes.orphanedAccounts.gone)).toEqual(gone);
    const why = (list: { key: string; why: string }[], key: string) =>
      list.find((a) => a.key === key)?.why;
    // A new account of nobody; the accounts of the removed user.
    expect(why(changes.orphanedAccounts.new, saasChanges.newAccount)).toBe(
      'new account',
    );
    const ofRemoved = changes.orphanedAccounts.new.filter(
      (a) => a.userId === saasChanges.removedUser,
    );
    expect(ofRemoved.length).toBeGreaterThan(0);
    for (const a of ofRemoved) expect(a.why).toBe('its user is gone');
    // One given a user; the orphaned ones of the application no longer
    // discovered, gone with it.
    expect(why(changes.orphanedAccounts.gone, saasChanges.given)).toBe(
      'now owned',
    );
    const withApp = changes.orphanedAccounts.gone.filter(
      (a) => a.application.key === saasChanges.droppedApp,
    );
    for (const a of withApp) expect(a.why).toBe('account gone');
    expect(
      changes.orphanedAccounts.gone.filter((a) => a.why === 'account gone'),
    ).toEqual(withApp);
    for (const a of [
      ...changes.orphanedAccounts.new,
      ...changes.orphanedAccounts.gone,
    ])
      expect(a.application.name).not.toMatch(/^jumpcloud_|^not known$/);
  });

  test('the text for the terminal states the counts and names the people', () => {
    expect(changeHeadline(changes)).toEqual([
      `Users: 1 added, 1 removed, 2 suspended, 1 reactivated, 1 locked, 0 unlocked.`,
      `Group memberships: ${changes.memberships.added.length} added, ${changes.memberships.removed.length} removed.`,
      `Application assignments: ${changes.assignments.added.length} added, ${changes.assignments.removed.length} removed.`,
      `First sign-ins (a user signing in to an application for the first time in the window): ${changes.firstSignIns.length}.`,
      'Applications newly seen in sign-ins: 1.',
      'Shadow-IT applications (SaaS Management): 1 new, 1 gone.',
      `Orphaned accounts (SaaS Management): ${changes.orphanedAccounts.new.length} new, ${changes.orphanedAccounts.gone.length} gone.`,
    ]);
    const text = formatChanges(changes, 1);
    expect(text).toContain('Users added (1):\n  New Hire <new.hire@');
    expect(text).toContain('Users suspended (2):');
    expect(text).toContain('  … and 1 more (--all lists them)');
    expect(text).toContain('(known only from sign-ins), new in the graph');
    expect(text).toMatch(
      /\nNew shadow-IT applications \(1\):\n {2}Shadowy Notes \(discovered\): 1 accounts, 1 used in the last 30 days, last used \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/,
    );
    expect(text).toContain(
      `Shadow-IT applications gone (1):\n  ${changes.shadowIt.gone[0].name} (not discovered any more)`,
    );
    expect(text).toContain(
      `New orphaned accounts (${changes.orphanedAccounts.new.length}):\n  `,
    );
    expect(text).toContain(
      `Orphaned accounts gone (${changes.orphanedAccounts.gone.length}):\n  `,
    );
  });

  describe('when a collection is incomplete', () => {
    const copy = async (root: string, options: CopyOptions) => {
      const directory = await copyCollection(root, options);
      copies.push(directory);
      return directory;
    };
    const summaryOf = async (root: string) =>
      JSON.parse(
        await fs.readFile(path.join(root, 'summary.json'), 'utf8'),
      ) as Summary;
    /**
     * Users in both collections that no change touched: a collection cut
     * short lacks them, which is not their removal.
     */
    const untouchedUsers = () => {
      const touched = [
        ...minus(before.memberships, after.memberships),
        ...minus(after.memberships, before.memberships),
        ...minus(before.assignments, after.assignments),
        ...minus(after.assignments, before.assignments),
      ].join(' ');
      return after.users
        .filter((key) => before.users.includes(key))
        .filter((key) => !Object.values(changed).flat().includes(key))
        .filter((key) => !touched.includes(key))
        .slice(0, 3);
    };
    const changesJson = async (previous: string, latest: string) => {
      const run = await runTool('changes', [previous, latest, '--json']);
      expect(run.exitCode).toBe(0);
      return JSON.parse(run.stdout) as ChangeReport;
    };
    const namesOf = async (root: string, keys: string[]) =>
      (await readCollection(root)).entities
        .filter((e) => keys.includes(e._key))
        .map((e) => String(e.displayName));

    test('a latest collection without summary.json lists no removals, says why, and still lists additions', async () => {
      const lost = untouchedUsers();
      expect(lost.length).toBeGreaterThan(0);
      const names = await namesOf(work[1].output, lost);
      const latest = await copy(work[1].output, {
        keep: (o) => !touches(o, new Set(lost)),
        summary: () => undefined,
      });

      const text = await runTool('changes', [previousDirectory, latest]);
      expect(text.exitCode).toBe(0);
      for (const list of [
        'Users removed',
        'Users suspended',
        'Users reactivated',
        'Users locked',
        'Group memberships removed',
        'Application assignments removed',
      ])
        expect(text.stdout).not.toContain(`${list} (`);
      for (const name of names) expect(text.stdout).not.toContain(name);
      const notes = text.stdout.split('May be incomplete:\n')[1] ?? '';
      for (const about of [
        'Users',
        'Group memberships',
        'Application assignments',
      ])
        expect(notes).toMatch(
          new RegExp(
            `^  - ${about} removed.* not listed, because .*in the latest collection, .*summary\\.json`,
            'm',
          ),
        );
      expect(text.stdout).toContain(
        `Users added (${minus(after.users, before.users).length}):`,
      );

      const json = await changesJson(previousDirectory, latest);
      expect(json.users.removed).toEqual([]);
      expect(json.users.suspended).toEqual([]);
      expect(json.memberships.removed).toEqual([]);
      expect(json.assignments.removed).toEqual([]);
      // What went away in SaaS Management is not told either; what is new is.
      expect(json.shadowIt.gone).toEqual([]);
      expect(json.orphanedAccounts.gone).toEqual([]);
      expect(keysOf(json.shadowIt.new)).toEqual(
        minus(after.shadowIt, before.shadowIt),
      );
      expect(text.stdout).toMatch(
        /^ {2}- Shadow-IT applications gone are not listed, because discovered applications may be incomplete: in the latest collection, .*summary\.json/m,
      );
      expect(json.latest.finished).toBe(false);
      const withheld = json.incomplete.flatMap((i) => i.withheld);
      expect(withheld).toEqual(
        expect.arrayContaining([
          'users.removed',
          'users.suspended',
          'users.reactivated',
          'memberships.removed',
          'assignments.removed',
        ]),
      );
      for (const entry of json.incomplete)
        for (const reason of entry.reasons) {
          expect(reason.collection).toBe('latest');
          expect(reason.reason).toContain('summary.json');
        }
      expect(keysOf(json.users.added)).toEqual(
        minus(after.users, before.users),
      );
    }, 60_000);

    test('a failed step withholds the removals of its types only, and names the step', async () => {
      const summary = await summaryOf(work[1].output);
      const type = Relationships.GROUP_HAS_USER._type;
      const step = stepOf(summary, type);
      // Memberships the failed step did not get to.
      const kept = minus(
        after.memberships,
        minus(after.memberships, before.memberships),
      );
      const lostEdges = new Set(kept.slice(0, 3));
      const latest = await copy(work[1].output, {
        keep: (o) =>
          o._type !== type ||
          !lostEdges.has(`${o._fromEntityKey}|${o._toEntityKey}`),
        summary: (s) => failStep(s, step.id),
      });

      const json = await changesJson(previousDirectory, latest);
      expect(json.memberships.removed).toEqual([]);
      const entry = json.incomplete.find((i) => i.types.includes(type));
      expect(entry?.withheld).toEqual(['memberships.removed']);
      expect(entry?.reasons).toEqual([
        expect.objectContaining({ collection: 'latest', type }),
      ]);
      expect(entry?.reasons[0].reason).toContain(step.name);
      // Users and assignments were read completely: their removals are real.
      expect(keysOf(json.users.removed)).toEqual(
        minus(before.users, after.users),
      );
      expect(json.incomplete.flatMap((i) => i.types)).not.toContain(
        'jumpcloud_user',
      );

      const text = await runTool('changes', [previousDirectory, latest]);
      expect(text.stdout).not.toContain('Group memberships removed (');
      expect(text.stdout).toMatch(
        /^ {2}Group memberships: \d+ added \(removed not listed: group memberships may be incomplete\)\.$/m,
      );
      expect(text.stdout).toMatch(
        new RegExp(
          `^  - Group memberships removed .*${escapeRegExp(step.name)}`,
          'm',
        ),
      );
      expect(text.stdout).toContain(
        `Users removed (${minus(before.users, after.users).length}):`,
      );
    }, 60_000);

    test('a previous collection with partial users withholds user removals and state changes, and says additions may be ones it missed', async () => {
      const lost = untouchedUsers();
      const userType = 'jumpcloud_user';
      // Users not read; their memberships and assignments were.
      const previous = await copy(previousDirectory, {
        keep: (o) => !lost.includes(o._key),
        summary: (s) => markPartial(s, [userType]),
      });

      const report = await computeChanges(previous, work[1].output);
      for (const list of Object.keys(report.users))
        if (list !== 'added')
          expect(report.users[list as keyof ChangeReport['users']]).toEqual([]);
      // Additions are still told: the new hire, and the users the previous
      // collection missed, which the note warns of.
      expect(keysOf(report.users.added)).toEqual(
        [...minus(after.users, before.users), ...lost].sort(),
      );
      const users = report.incomplete.find((i) => i.types.includes(userType));
      expect(users?.reasons).toEqual([
        expect.objectContaining({ collection: 'previous', type: userType }),
      ]);
      expect(users?.note).toMatch(/previous collection missed/);
      // Memberships were complete in both: their removals are real.
      expect(
        report.memberships.removed
          .map((m) => `${m.group.key}|${m.user.key}`)
          .sort(),
      ).toEqual(minus(before.memberships, after.memberships));
      expect(changeHeadline(report)[0]).toMatch(
        /^Users: \d+ added \(removed, suspended, reactivated, locked and unlocked not listed: users may be incomplete\)\.$/,
      );
    }, 60_000);
  });

  describe('a folder that holds no collection', () => {
    let scratch: string;
    beforeAll(async () => {
      scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-nothing-'));
      const visualized = path.join(scratch, 'visualized');
      await fs.mkdir(visualized, { recursive: true });
      await fs.writeFile(path.join(visualized, 'index.html'), '<html></html>');
      await fs.mkdir(path.join(scratch, 'empty', 'graph'), { recursive: true });
    });
    afterAll(async () => {
      if (scratch) await fs.rm(scratch, { recursive: true, force: true });
    });

    const cases: [string, string, () => [string, string]][] = [
      [
        'previous',
        'does not exist',
        () => [path.join(scratch, 'missing'), work[1].output],
      ],
      [
        'latest',
        'holds only index.html',
        () => [work[0].output, path.join(scratch, 'visualized')],
      ],
      [
        'previous',
        'has an empty graph/',
        () => [path.join(scratch, 'empty'), work[1].output],
      ],
    ];

    test.each(cases)(
      'npm run changes refuses a %s folder that %s in one sentence, and lists nothing',
      async (which, _, folders) => {
        const [previous, latest] = folders();
        const refused = which === 'previous' ? previous : latest;
        const before = await folderState(scratch);
        const run = await runTool('changes', [previous, latest]);
        expect(run.exitCode).not.toBe(0);
        expect(isOneSentence(run.stderr)).toBe(true);
        expect(run.stderr.trim()).toMatch(
          new RegExp(
            `^No ${which} collection at ${escapeRegExp(refused)}: .*npm start`,
          ),
        );
        expect(run.stdout).toBe('');
        expect(await folderState(scratch)).toEqual(before);
      },
      30_000,
    );

    test('through npm, too', async () => {
      const missing = path.join(scratch, 'missing');
      const run = await runTool(
        'changes',
        [missing, work[1].output, '--json'],
        {
          npm: true,
        },
      );
      expect(run.exitCode).not.toBe(0);
      expect(run.stderr).toContain(`No previous collection at ${missing}: `);
      expect(run.stdout).not.toContain('"removed"');
    }, 30_000);
  });
});

describe('two revisions of a tenant: SaaS Management moves', () => {
  // Revision 1 is revision 0 with one more change of each kind, among them
  // a shadow-IT application discovered and an orphaned account (see
  // reviseSaasManagement in simulator/saas.ts). One clock for both.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const tenants = [0, 1].map((revision) =>
    generateTenant({
      seed: 55,
      users: 60,
      groups: 6,
      applications: 6,
      ssoEvents: 600,
      now,
      revision,
    }),
  );
  const change = tenants[1].revisionChanges[0];
  const work: CollectedTenant[] = [];
  const copies: string[] = [];
  let changes: ChangeReport;

  beforeAll(async () => {
    work.push(...(await Promise.all(tenants.map((t) => collectTenant(t)))));
    changes = await computeChanges(work[0].output, work[1].output);
  }, 120_000);
  afterAll(async () => {
    for (const w of work)
      await fs.rm(w.workDirectory, { recursive: true, force: true });
    for (const directory of copies)
      await fs.rm(directory, { recursive: true, force: true });
  });

  test('the new shadow-IT application and the new orphaned account are listed, and nothing else', () => {
    expect(work.map((w) => w.result.exitCode)).toEqual([0, 0]);
    const app = change.newShadowApplication!;
    const account = change.orphanedAccount!;
    expect(changes.shadowIt).toEqual({
      new: [
        expect.objectContaining({
          key: saasAppKey(app.appId),
          name: app.name,
          why: 'discovered',
          accounts: app.accountIds.length,
        }),
      ],
      gone: [],
    });
    expect(changes.orphanedAccounts.new).toEqual([
      expect.objectContaining({
        key: saasAccountKey(account.appId, account.accountId),
        why: 'new account',
        status: 'unused',
        ...(account.userId ? { userId: account.userId } : {}),
      }),
    ]);
    expect(changes.orphanedAccounts.gone).toEqual([]);
    // As the ground truth of the two revisions says.
    const [before, after] = tenants.map(truthOf);
    expect(keysOf(changes.shadowIt.new)).toEqual(
      minus(after.shadowIt, before.shadowIt),
    );
    expect(keysOf(changes.orphanedAccounts.new)).toEqual(
      minus(after.orphaned, before.orphaned),
    );
    expect(changes.incomplete).toEqual([]);
  });

  test('a previous collection that did not read SaaS Management lists no new ones (everything would look new), and says why', async () => {
    const summary = JSON.parse(
      await fs.readFile(path.join(work[0].output, 'summary.json'), 'utf8'),
    ) as Summary;
    const steps = [
      stepOf(summary, Entities.SAAS_APPLICATION._type),
      stepOf(summary, Relationships.SAAS_APPLICATION_IS_APPLICATION._type),
    ];
    const types = steps.flatMap((step) => step.declaredTypes);
    const previous = await copyCollection(work[0].output, {
      keep: (o) => !types.includes(o._type),
      summary: (s) => {
        for (const step of steps) failStep(s, step.id, 'disabled');
        return s;
      },
    });
    copies.push(previous);
    const report = await computeChanges(previous, work[1].output);
    expect(report.shadowIt).toEqual({ new: [], gone: [] });
    expect(report.orphanedAccounts).toEqual({ new: [], gone: [] });
    const entry = report.incomplete.find((i) =>
      i.types.includes(Entities.SAAS_APPLICATION._type),
    );
    expect(entry?.withheld).toEqual(['shadowIt.gone', 'shadowIt.new']);
    expect(entry?.note).toBe(
      `New shadow-IT applications and shadow-IT applications gone are not listed, because the previous collection did not read discovered applications (step "${steps[0].name}" was disabled): every one would look new.`,
    );
    const headline = changeHeadline(report);
    expect(headline).toContain(
      'Shadow-IT applications (SaaS Management): not listed (discovered applications may be incomplete).',
    );
    expect(headline).toContain(
      'Orphaned accounts (SaaS Management): not listed (accounts in discovered applications or users may be incomplete).',
    );
  });
});

describe('two collections of different organizations', () => {
  test('are said to share no organization rather than compared', async () => {
    const first = await collectTenant(
      generateTenant({ seed: 53, users: 20, groups: 2, applications: 2 }),
    );
    const second = await collectTenant(
      generateTenant({ seed: 54, users: 20, groups: 2, applications: 2 }),
    );
    try {
      const changes = await computeChanges(first.output, second.output);
      expect(changes.sameOrganization).toBe(false);
      expect(changes.caveats[0]).toMatch(
        /^The two collections share no organization \(.+; .+\): everything shows as changed\.$/,
      );
      expect(changes.previous.accounts).toHaveLength(1);
      expect(changes.latest.accounts).toHaveLength(1);
    } finally {
      for (const w of [first, second])
        await fs.rm(w.workDirectory, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('keeping the previous collection', () => {
  test('npm start moves the finished collection aside, replacing an older one', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-keep-'));
    try {
      const current = path.join(root, '.j1-integration');
      await fs.mkdir(path.join(current, 'graph', 'fetch-users', 'entities'), {
        recursive: true,
      });
      await fs.writeFile(
        path.join(current, 'graph', 'fetch-users', 'entities', 'a.json'),
        '{}',
      );
      await fs.writeFile(path.join(current, 'summary.json'), '{"new":true}');
      await fs.mkdir(
        path.join(root, '.j1-integration-previous', 'graph', 'old'),
        {
          recursive: true,
        },
      );

      const kept = await keepPreviousCollection(root);

      expect(kept).toBe(path.join(root, '.j1-integration-previous'));
      expect(await fs.readFile(path.join(kept!, 'summary.json'), 'utf8')).toBe(
        '{"new":true}',
      );
      expect(await fs.readdir(path.join(kept!, 'graph'))).toEqual([
        'fetch-users',
      ]);
      await expect(fs.access(path.join(current, 'graph'))).rejects.toThrow();
      // A run that did not finish (no summary.json) leaves the kept one alone.
      expect(await keepPreviousCollection(root)).toBeUndefined();
      expect(await fs.readdir(path.join(kept!, 'graph'))).toEqual([
        'fetch-users',
      ]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

/** Whether an object is one of these entities or a relationship of one. */
function touches(o: GraphObject, keys: Set<string>): boolean {
  return (
    keys.has(o._key) ||
    keys.has(String(o._fromEntityKey)) ||
    keys.has(String(o._toEntityKey))
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
