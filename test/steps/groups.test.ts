import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import { invocationConfig, runStep } from '../runStep';
import { expectedGroupMemberships, expectedMemberCount } from '../../simulator';
import { startTestTenant, TestTenant } from '../tenant';
import { Steps } from '../../src/steps/constants';
import { userKey } from '../../src/steps/users/converter';
import { groupKey } from '../../src/steps/groups/converter';

describe('with full access', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 150, groups: 14, membersPerGroup: 30 });
  });
  afterAll(() => t.simulator.close());

  test('fetch-groups collects every group with its member count', async () => {
    const result = await runStep(Steps.GROUPS, t.config);
    expect(result).toMatchStepMetadata({
      stepId: Steps.GROUPS,
      invocationConfig,
      instanceConfig: t.config,
    });

    const groups = result.collectedEntities;
    expect(groups.map((g) => g.id).sort()).toEqual(
      t.tenant.groups.map((g) => g.id).sort(),
    );
    for (const group of groups) {
      expect(group.memberCount).toBe(
        expectedMemberCount(t.tenant, group.id as string),
      );
    }
    expect(groups.some((g) => g.memberCount === 0)).toBe(true);
  });

  test('build-group-user-relationships links each group to exactly its collected members', async () => {
    const result = await runStep(Steps.GROUP_USER_RELATIONSHIPS, t.config);
    expect(result).toMatchStepMetadata({
      stepId: Steps.GROUP_USER_RELATIONSHIPS,
      invocationConfig,
      instanceConfig: t.config,
    });

    const edges = result.collectedRelationships.map(
      (r) => `${r._fromEntityKey} -> ${r._toEntityKey}`,
    );
    const expected = expectedGroupMemberships(t.tenant).map(
      (m) => `${groupKey(m.groupId)} -> ${userKey(m.userId)}`,
    );
    expect(edges.sort()).toEqual(expected.sort());
    expect(new Set(edges).size).toBe(edges.length);

    // Rows pointing at deleted users exist in the tenant and were skipped.
    expect(t.tenant.deletedUserIds.size).toBeGreaterThan(0);
    for (const id of t.tenant.deletedUserIds) {
      expect(edges.some((e) => e.endsWith(userKey(id)))).toBe(false);
    }
  });

  test('the member lists are read once: no second round for the edges', async () => {
    const before = t.simulator.requests.length;
    await runStep(Steps.GROUP_USER_RELATIONSHIPS, t.config);
    const memberReads = t.simulator.requests
      .slice(before)
      .filter((r) => /\/members$/.test(r.path));
    // One page per 100 members, at least one per group; no page twice.
    const pages = t.tenant.groups.reduce(
      (sum, g) =>
        sum +
        Math.max(
          1,
          Math.ceil((t.tenant.groupMembers.get(g.id)?.length ?? 0) / 100),
        ),
      0,
    );
    expect(memberReads).toHaveLength(pages);
    expect(new Set(memberReads.map((r) => `${r.path}?${r.query}`)).size).toBe(
      pages,
    );
  });
});

describe('when the key cannot read member lists', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ faults: { forbiddenMembers: true } });
  });
  afterAll(() => t.simulator.close());

  test('groups are still collected, without member counts', async () => {
    const { collectedEntities } = await runStep(Steps.GROUPS, t.config);
    expect(collectedEntities).toHaveLength(t.tenant.groups.length);
    expect(collectedEntities.every((g) => g.memberCount === undefined)).toBe(
      true,
    );
  });

  test('the membership step fails alone with an authorization error naming the permission', async () => {
    const before = t.simulator.requests.length;
    const error = await runStep(Steps.GROUP_USER_RELATIONSHIPS, t.config).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.message).toContain('cannot read user group members');
    expect(error.message).toContain('read access to User Groups');
    expect(error.fatal).toBeFalsy();
    // One 403 is enough to know: no request per group.
    const forbidden = t.simulator.requests
      .slice(before)
      .filter((r) => r.status === 403);
    expect(forbidden.length).toBeLessThanOrEqual(10);
  });
});
