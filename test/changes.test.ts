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
import { Relationships } from '../src/steps/constants';

const userKey = (id: string) => `jumpcloud_user:${id}`;
const groupKey = (id: string) => `jumpcloud_group:${id}`;
const appKey = (id: string) => `jumpcloud_application:${id}`;

interface Truth {
  users: string[];
  memberships: string[];
  assignments: string[];
}

function truthOf(tenant: Tenant): Truth {
  const { userAssignments, groupAssignments } = expectedAssignments(tenant);
  return {
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
    const remove = plain[4];
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

  const keysOf = (list: { key: string }[]) => list.map((x) => x.key).sort();

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

  test('the text for the terminal states the counts and names the people', () => {
    expect(changeHeadline(changes)).toEqual([
      `Users: 1 added, 1 removed, 2 suspended, 1 reactivated, 1 locked, 0 unlocked.`,
      `Group memberships: ${changes.memberships.added.length} added, ${changes.memberships.removed.length} removed.`,
      `Application assignments: ${changes.assignments.added.length} added, ${changes.assignments.removed.length} removed.`,
      `First sign-ins (a user signing in to an application for the first time in the window): ${changes.firstSignIns.length}.`,
      'Applications newly seen in sign-ins: 1.',
    ]);
    const text = formatChanges(changes, 1);
    expect(text).toContain('Users added (1):\n  New Hire <new.hire@');
    expect(text).toContain('Users suspended (2):');
    expect(text).toContain('  … and 1 more (--all lists them)');
    expect(text).toContain('(known only from sign-ins), new in the graph');
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
