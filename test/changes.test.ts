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
} from '../scripts/changes';
import { GraphObject, readCollection } from '../scripts/collection';
import { keepPreviousCollection } from '../scripts/previous';
import {
  expectedAssignments,
  expectedGroupMemberships,
  expectedUserIds,
  generateTenant,
  GraphConnection,
  SystemUser,
  Tenant,
} from '../src/simulator';
import { collectTenant, CollectedTenant } from './collectTenant';

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
    previousDirectory = await withoutObject(
      work[0].output,
      shadowApplication._key,
    );
    changes = await computeChanges(previousDirectory, work[1].output);
  }, 180_000);

  afterAll(async () => {
    for (const w of work)
      await fs.rm(w.workDirectory, { recursive: true, force: true });
    if (previousDirectory)
      await fs.rm(previousDirectory, { recursive: true, force: true });
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
  });

  test('the text for the terminal states the counts and names the people', () => {
    expect(changeHeadline(changes)).toEqual([
      `Users: 1 added, 1 removed, 2 suspended, 1 reactivated, 1 locked, 0 unlocked.`,
      `Group memberships: ${changes.memberships.added.length} added, ${changes.memberships.removed.length} removed.`,
      `Application assignments: ${changes.assignments.added.length} added, ${changes.assignments.removed.length} removed.`,
      'Applications newly seen in sign-ins: 1.',
    ]);
    const text = formatChanges(changes, 1);
    expect(text).toContain('Users added (1):\n  New Hire <new.hire@');
    expect(text).toContain('Users suspended (2):');
    expect(text).toContain('  … and 1 more (--all lists them)');
    expect(text).toContain('(known only from sign-ins), new in the graph');
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

/**
 * A copy of a collection (graph files and summary) without one entity and
 * the relationships that touch it.
 */
async function withoutObject(root: string, key: string): Promise<string> {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-previous-'));
  const keep = (o: GraphObject) =>
    o._key !== key && o._fromEntityKey !== key && o._toEntityKey !== key;
  const walk = async (from: string, to: string): Promise<void> => {
    await fs.mkdir(to, { recursive: true });
    for (const entry of await fs.readdir(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) await walk(source, target);
      else if (entry.name.endsWith('.json')) {
        const content = JSON.parse(await fs.readFile(source, 'utf8'));
        for (const kind of ['entities', 'relationships'])
          if (content[kind]) content[kind] = content[kind].filter(keep);
        await fs.writeFile(target, JSON.stringify(content));
      }
    }
  };
  await walk(path.join(root, 'graph'), path.join(copy, 'graph'));
  await fs.copyFile(
    path.join(root, 'summary.json'),
    path.join(copy, 'summary.json'),
  );
  return copy;
}
