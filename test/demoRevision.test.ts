/**
 * The demo tenant a little later: revision N of a tenant is revision N - 1
 * with one more change of each kind (a user suspended, a member added to a
 * group, an application assigned, a first sign-in). Two revisions of the
 * demo tenant collected with `j1-integration collect` must show each once,
 * naming the right user, group and application; the ground truth must
 * describe each revision exactly.
 */
import { promises as fs } from 'fs';
import { ChangeReport, computeChanges } from '../report/changes';
import { Collection, readCollection } from '../report/collections';
import { demoTenant } from '../runner/demo';
import {
  expectedAssignments,
  expectedGroupMemberships,
  expectedSsoUsage,
  generateTenant,
  Tenant,
  TenantOptions,
} from '../simulator';
import { Relationships } from '../src/steps/constants';
import { collectTenant, CollectedTenant } from './collectTenant';
import {
  applicationKey,
  edgesOf,
  expectCompleteAndExact,
  groupKey,
  userKey,
} from './groundTruth';

/** What can change between revisions, as sets of strings. */
function stateOf(t: Tenant) {
  const { userAssignments, groupAssignments } = expectedAssignments(t);
  return {
    suspended: t.users.filter((u) => u.suspended).map((u) => u.id),
    memberships: expectedGroupMemberships(t).map(
      (m) => `${m.groupId}|${m.userId}`,
    ),
    assignments: [
      ...userAssignments.map((a) => `${a.appId}|user:${a.userId}`),
      ...groupAssignments.map((a) => `${a.appId}|group:${a.groupId}`),
    ],
    usage: expectedSsoUsage(t).map((u) => `${u.userId}|${u.appId}`),
  };
}

const minus = (a: string[], b: string[]) => {
  const drop = new Set(b);
  return a.filter((x) => !drop.has(x)).sort();
};

describe('revisions of a tenant (no collection)', () => {
  const options: TenantOptions = {
    seed: 31,
    users: 60,
    groups: 6,
    applications: 6,
    ssoEvents: 800,
    // Ids and times follow the clock: tenants generated a second apart differ.
    now: new Date('2026-06-01T12:00:00Z'),
  };

  test('revision 0 is the tenant as generated, and a revision is the same each time', () => {
    const plain = generateTenant(options);
    const zero = generateTenant({ ...options, revision: 0 });
    expect(zero.revision).toBe(0);
    expect(zero.revisionChanges).toEqual([]);
    expect(JSON.stringify(zero.users)).toBe(JSON.stringify(plain.users));
    expect([...zero.groupMembers]).toEqual([...plain.groupMembers]);
    expect([...zero.applicationAssociations]).toEqual([
      ...plain.applicationAssociations,
    ]);
    expect(zero.events.columns).toEqual(plain.events.columns);

    const a = generateTenant({ ...options, revision: 3 });
    const b = generateTenant({ ...options, revision: 3 });
    expect(a.revisionChanges).toEqual(b.revisionChanges);
    expect(stateOf(a)).toEqual(stateOf(b));
    expect(a.events.columns).toEqual(b.events.columns);
  });

  test('each revision adds exactly one change of each kind on top of the one before', () => {
    let previous = generateTenant(options);
    for (let revision = 1; revision <= 6; revision++) {
      const tenant = generateTenant({ ...options, revision });
      const change = tenant.revisionChanges[revision - 1];
      // The earlier revisions' changes are the same ones.
      expect(tenant.revisionChanges.slice(0, -1)).toEqual(
        previous.revisionChanges,
      );
      const before = stateOf(previous);
      const after = stateOf(tenant);
      expect(minus(after.suspended, before.suspended)).toEqual([
        change.suspendedUserId,
      ]);
      expect(minus(after.memberships, before.memberships)).toEqual([
        `${change.membership!.groupId}|${change.membership!.userId}`,
      ]);
      expect(minus(after.assignments, before.assignments)).toEqual([
        `${change.assignment!.appId}|user:${change.assignment!.userId}`,
      ]);
      expect(minus(after.usage, before.usage)).toEqual([
        `${change.firstSignIn!.userId}|${change.firstSignIn!.appId}`,
      ]);
      for (const list of ['suspended', 'memberships', 'assignments', 'usage'])
        expect(
          minus(
            before[list as keyof typeof before],
            after[list as keyof typeof after],
          ),
        ).toEqual([]);
      // The suspended user was an ordinary active one, and is no other
      // change's user; the first sign-in is by the user just assigned.
      const suspended = previous.users.find(
        (u) => u.id === change.suspendedUserId,
      )!;
      expect(suspended).toMatchObject({
        state: 'ACTIVATED',
        suspended: false,
        account_locked: false,
      });
      expect(change.firstSignIn).toMatchObject(change.assignment!);
      expect(
        new Set([
          change.suspendedUserId,
          change.membership!.userId,
          change.assignment!.userId,
        ]).size,
      ).toBe(3);
      const usage = expectedSsoUsage(tenant).find(
        (u) =>
          u.userId === change.firstSignIn!.userId &&
          u.appId === change.firstSignIn!.appId,
      );
      expect(usage).toMatchObject({
        ssoEventCount: 1,
        failedSsoCount: 0,
        firstSsoOn: change.firstSignIn!.timestampMs,
      });
      previous = tenant;
    }
  });
});

describe('two revisions of the demo tenant, collected', () => {
  // The demo tenant, on a clock of now (the demo's is the start of the day;
  // the collector reads sign-ins up to its own now, which ground truth
  // computed at the tenant's clock must equal).
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const tenants = [demoTenant(now, 0), demoTenant(now, 1)];
  const change = tenants[1].revisionChanges[0];
  let work: CollectedTenant[] = [];
  let collections: Collection[];
  let changes: ChangeReport;

  beforeAll(async () => {
    work = await Promise.all(tenants.map((t) => collectTenant(t)));
    collections = await Promise.all(work.map((w) => readCollection(w.output)));
    changes = await computeChanges(work[0].output, work[1].output);
  }, 120_000);
  afterAll(async () => {
    for (const w of work)
      await fs.rm(w.workDirectory, { recursive: true, force: true });
  });

  test('each collection is exactly its revision of the tenant', () => {
    expect(work.map((w) => w.result.exitCode)).toEqual([0, 0]);
    expectCompleteAndExact(collections[0], tenants[0]);
    expectCompleteAndExact(collections[1], tenants[1]);
  });

  test('the change report lists one suspended user, one membership added and one assignment added, and nothing else', () => {
    const keys = (list: { key: string }[]) => list.map((x) => x.key);
    expect(keys(changes.users.suspended)).toEqual([
      userKey(change.suspendedUserId!),
    ]);
    for (const list of [
      'added',
      'removed',
      'reactivated',
      'locked',
      'unlocked',
    ] as const)
      expect([list, changes.users[list]]).toEqual([list, []]);
    expect(changes.memberships.added).toEqual([
      expect.objectContaining({
        group: expect.objectContaining({
          key: groupKey(change.membership!.groupId),
        }),
        user: expect.objectContaining({
          key: userKey(change.membership!.userId),
        }),
      }),
    ]);
    expect(changes.memberships.removed).toEqual([]);
    expect(changes.assignments.added).toEqual([
      expect.objectContaining({
        application: expect.objectContaining({
          key: applicationKey(change.assignment!.appId),
        }),
        assignee: expect.objectContaining({
          key: userKey(change.assignment!.userId),
        }),
        assigneeType: 'user',
      }),
    ]);
    expect(changes.assignments.removed).toEqual([]);
    expect(changes.sameOrganization).toBe(true);
    expect(changes.caveats).toEqual([]);
    expect(changes.incomplete).toEqual([]);
  });

  test('the first sign-in is the one new user→application usage, by the user just assigned', () => {
    const uses = Relationships.USER_USES_APPLICATION._type;
    const [before, after] = collections.map((c) => edgesOf(c, uses));
    expect(minus(after, before)).toEqual([
      `${userKey(change.firstSignIn!.userId)}|${applicationKey(
        change.firstSignIn!.appId,
      )}`,
    ]);
    expect(minus(before, after)).toEqual([]);
    // The change report lists it, once, as a first sign-in.
    expect(changes.firstSignIns).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({
          key: userKey(change.firstSignIn!.userId),
        }),
        application: expect.objectContaining({
          key: applicationKey(change.firstSignIn!.appId),
        }),
        lastSsoOn: change.firstSignIn!.timestampMs,
      }),
    ]);
    // The application had sign-ins before: it is not new in sign-ins.
    expect(changes.applicationsNewInSignIns).toEqual([]);
  });
});
