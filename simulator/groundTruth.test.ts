import {
  expectedAssignments,
  expectedGroupMemberships,
  expectedMemberCount,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  expectedUserIds,
} from './groundTruth';
import { generateTenant } from './tenant';

const NOW = new Date('2026-11-01T10:00:00Z');

describe('ground truth', () => {
  const tenant = generateTenant({
    seed: 12,
    users: 150,
    groups: 15,
    ssoEvents: 1500,
    now: NOW,
  });
  const userIds = new Set(tenant.users.map((u) => u.id));
  const groupIds = new Set(tenant.groups.map((g) => g.id));

  test('users are all tenant users', () => {
    expect(expectedUserIds(tenant)).toEqual(tenant.users.map((u) => u.id));
  });

  test('memberships skip deleted users and non-user rows; member counts include deleted users', () => {
    const memberships = expectedGroupMemberships(tenant);
    expect(
      memberships.every(
        (m) => userIds.has(m.userId) && groupIds.has(m.groupId),
      ),
    ).toBe(true);
    const keys = memberships.map((m) => `${m.groupId}|${m.userId}`);
    expect(new Set(keys).size).toBe(keys.length);

    let withDeleted = 0;
    for (const group of tenant.groups) {
      const rows = tenant.groupMembers.get(group.id)!;
      const userRows = rows.filter((r) => r.to.type === 'user');
      expect(expectedMemberCount(tenant, group.id)).toBe(userRows.length);
      const live = memberships.filter((m) => m.groupId === group.id).length;
      if (live < userRows.length) withDeleted++;
    }
    expect(withDeleted).toBeGreaterThan(0);
    const allRows = [...tenant.groupMembers.values()].flat();
    expect(allRows.some((r) => r.to.type !== 'user')).toBe(true);
  });

  test('assignments keep only existing users and groups', () => {
    const { userAssignments, groupAssignments } = expectedAssignments(tenant);
    expect(userAssignments.length).toBeGreaterThan(0);
    expect(groupAssignments.length).toBeGreaterThan(0);
    expect(userAssignments.every((a) => userIds.has(a.userId))).toBe(true);
    expect(groupAssignments.every((a) => groupIds.has(a.groupId))).toBe(true);
    const rows = [...tenant.applicationAssociations.values()].flat();
    const dangling = rows.filter(
      (r) => !userIds.has(r.to.id) && !groupIds.has(r.to.id),
    );
    expect(dangling.length).toBeGreaterThan(0);
    expect(userAssignments.length + groupAssignments.length).toBe(
      rows.length - dangling.length,
    );
  });

  test('sso usage: pairs of existing users with at least one success', () => {
    const usage = expectedSsoUsage(tenant, { now: NOW, days: 30 });
    expect(usage.length).toBeGreaterThan(0);
    for (const u of usage) {
      expect(userIds.has(u.userId)).toBe(true);
      expect(u.appId).not.toBe('');
      expect(u.ssoEventCount).toBeGreaterThanOrEqual(1);
      expect(u.firstSsoOn).toBeLessThanOrEqual(u.lastSsoOn);
      expect(u.firstSsoOn).toBeGreaterThanOrEqual(
        NOW.getTime() - 30 * 86_400_000,
      );
    }
    expect(usage.some((u) => u.ssoEventCount >= 10)).toBe(true);
    expect(usage.some((u) => u.userId === tenant.users[0].id)).toBe(true);
    const shorter = expectedSsoUsage(tenant, { now: NOW, days: 7 });
    expect(shorter.length).toBeLessThan(usage.length);
    expect(expectedSsoUsage(tenant)).toEqual(usage);
  });

  test('unconfigured apps are removed connectors seen in successful sign-ins', () => {
    const apps = expectedUnconfiguredApps(tenant, { now: NOW, days: 30 });
    const configured = new Set(tenant.applications.map((a) => a.id));
    const removed = new Map(tenant.removedApplications.map((a) => [a.id, a]));
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      expect(configured.has(app.appId)).toBe(false);
      expect(app).toEqual({
        appId: app.appId,
        name: removed.get(app.appId)!.name,
        displayLabel: removed.get(app.appId)!.displayLabel,
      });
    }
  });
});
