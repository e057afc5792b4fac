/**
 * The one comparison of a collection (what `j1-integration collect` wrote)
 * with the simulator's ground truth. "Complete and exact": every step
 * succeeded, nothing is partial, no `_key` twice, and users, groups,
 * memberships, applications (configured and known only from sign-ins),
 * assignments, sign-in usage, administrators, devices (with who may log in
 * to them, and with which rights), device groups, device bindings,
 * authentication policies, MFA factors and SaaS Management (discovered
 * applications, their accounts and licenses) are the tenant's, no more and no
 * less.
 */
import { Collection, GraphObject } from '../report/collections';
import {
  expectedAdmins,
  expectedAdminUserLinks,
  expectedAuthPolicies,
  expectedDeviceBindings,
  expectedDeviceGroupMembers,
  expectedDeviceGroups,
  expectedDevices,
  expectedDeviceUsers,
  expectedFactorStatuses,
  expectedMfaRequiredByPolicy,
  expectedSaasAccounts,
  expectedSaasApplications,
  expectedManagerEdges,
  expectedAssignments,
  expectedGroupMemberships,
  expectedMemberCount,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  expectedUserIds,
  SsoUsage,
  Tenant,
} from '../simulator';
import { invocationConfig } from '../src';
import { Entities, Relationships } from '../src/steps/constants';

export interface ExactOptions {
  /**
   * Users created while the run was reading (paging drift): they may or may
   * not be collected, but nothing else may be.
   */
  lateUserIds?: string[];
}

export function expectCompleteAndExact(
  collection: Collection,
  tenant: Tenant,
  options: ExactOptions = {},
): void {
  expectEveryStepSucceeded(collection);
  expectTenantExact(collection, tenant, options);
}

/**
 * Everything of the tenant is in the collection, exactly; for a portal, pass
 * one organization's part (see restrictToTenant). Step statuses are checked
 * apart (expectEveryStepSucceeded), since another organization may have made
 * a step fail.
 */
export function expectTenantExact(
  collection: Collection,
  tenant: Tenant,
  options: ExactOptions = {},
): void {
  expectNoDuplicateKeys(collection);
  expectAccountExact(collection, tenant);
  expectUsersExact(collection, tenant, options);
  expectGroupsExact(collection, tenant, { memberCounts: true });
  expectMembershipsExact(collection, tenant);
  expectApplicationsExact(collection, tenant, { usageKnown: true });
  expectAssignmentsExact(collection, tenant);
  expectSsoUsageExact(collection, tenant);
  expectManagersExact(collection, tenant);
  expectAdminsExact(collection, tenant);
  expectDevicesExact(collection, tenant);
  expectDeviceGroupsExact(collection, tenant, { memberCounts: true });
  expectDeviceBindingsExact(collection, tenant);
  expectAuthPoliciesExact(collection, tenant);
  expectFactorStatusesExact(collection, tenant);
  expectSaasExact(collection, tenant);
}

/**
 * The part of a collection that belongs to one tenant of a portal: its
 * account and the entities with its ids, and the relationships between them.
 * A portal's own administrators (on every account) are left out.
 */
export function restrictToTenant(
  collection: Collection,
  tenant: Tenant,
): Collection {
  const ids = new Set<string>([
    tenant.organization._id,
    ...tenant.users.map((u) => u.id),
    ...tenant.groups.map((g) => g.id),
    ...tenant.applications.map((a) => a.id),
    ...expectedUnconfiguredApps(tenant).map((a) => a.appId),
    ...tenant.systems.map((s) => s.id),
    ...expectedDeviceGroups(tenant).map((g) => g.id),
    ...expectedAuthPolicies(tenant).map((p) => p.id),
    ...expectedSaasApplications(tenant, Date.now()).map((a) => a.id),
    ...expectedSaasAccounts(tenant, Date.now()).map((a) => a.accountId),
    ...tenant.admins.map((a) => a.id),
  ]);
  const entities = collection.entities.filter((e) => ids.has(String(e.id)));
  const keys = new Set(entities.map((e) => e._key));
  const relationships = collection.relationships.filter(
    (r) =>
      keys.has(String(r._fromEntityKey)) && keys.has(String(r._toEntityKey)),
  );
  return { ...collection, entities, relationships };
}

export function expectManagersExact(
  collection: Collection,
  tenant: Tenant,
): void {
  expect(edgesOf(collection, Relationships.USER_MANAGES_USER._type)).toEqual(
    expectedManagerEdges(tenant)
      .map((e) => `${userKey(e.managerId)}|${userKey(e.userId)}`)
      .sort(),
  );
}

/** The tenant's administrators on its account, each linked to the users with its e-mail. */
export function expectAdminsExact(
  collection: Collection,
  tenant: Tenant,
): void {
  const admins = expectedAdmins(tenant).map(adminKey);
  expect(keysOf(collection.entities, Entities.ADMIN._type).sort()).toEqual(
    admins.sort(),
  );
  expect(edgesOf(collection, Relationships.ACCOUNT_HAS_ADMIN._type)).toEqual(
    admins.map((key) => `${accountKey(tenant)}|${key}`).sort(),
  );
  expect(edgesOf(collection, Relationships.ADMIN_IS_USER._type)).toEqual(
    expectedAdminUserLinks(tenant)
      .map((l) => `${adminKey(l.adminId)}|${userKey(l.userId)}`)
      .sort(),
  );
}

/** The tenant's devices on its account, each used by exactly the users bound to it. */
export function expectDevicesExact(
  collection: Collection,
  tenant: Tenant,
): void {
  const devices = expectedDevices(tenant).map(deviceKey);
  expect(keysOf(collection.entities, Entities.DEVICE._type).sort()).toEqual(
    devices.sort(),
  );
  expect(edgesOf(collection, Relationships.ACCOUNT_HAS_DEVICE._type)).toEqual(
    devices.map((key) => `${accountKey(tenant)}|${key}`).sort(),
  );
  // Who may log in where, with the rights every path compiles to.
  expect(
    edgesWith(collection, Relationships.USER_USES_DEVICE._type, [
      'sudo',
      'sudoWithoutPassword',
      'direct',
      'pathCount',
    ]),
  ).toEqual(
    expectedDeviceUsers(tenant)
      .map((b) => [
        `${userKey(b.userId)}|${deviceKey(b.systemId)}`,
        b.sudo,
        b.sudoWithoutPassword,
        b.direct,
        b.pathCount,
      ])
      .sort(byFirst),
  );
}

/** The device groups on the account, each HAS exactly its collected member devices. */
export function expectDeviceGroupsExact(
  collection: Collection,
  tenant: Tenant,
  { memberCounts }: { memberCounts: boolean },
): void {
  const groups = expectedDeviceGroups(tenant);
  expect(
    collection.entities
      .filter((e) => e._type === Entities.DEVICE_GROUP._type)
      .map((e) => [e._key, e.memberCount])
      .sort(byFirst),
  ).toEqual(
    groups
      .map((g) => [
        deviceGroupKey(g.id),
        memberCounts ? g.memberCount : undefined,
      ])
      .sort(byFirst),
  );
  expect(
    edgesOf(collection, Relationships.ACCOUNT_HAS_DEVICE_GROUP._type),
  ).toEqual(
    groups.map((g) => `${accountKey(tenant)}|${deviceGroupKey(g.id)}`).sort(),
  );
  if (memberCounts) {
    expect(
      edgesOf(collection, Relationships.DEVICE_GROUP_HAS_DEVICE._type),
    ).toEqual(
      expectedDeviceGroupMembers(tenant)
        .map((m) => `${deviceGroupKey(m.groupId)}|${deviceKey(m.systemId)}`)
        .sort(),
    );
  }
}

/** Every direct binding to a device or device group, each with its sudo rights. */
export function expectDeviceBindingsExact(
  collection: Collection,
  tenant: Tenant,
): void {
  const bindings = expectedDeviceBindings(tenant);
  const rights = ['sudo', 'sudoWithoutPassword'];
  const expected = (
    list: typeof bindings.userToDeviceGroup,
    fromKey: (id: string) => string,
    toKey: (id: string) => string,
  ) =>
    list
      .map((b) => [
        `${fromKey(b.fromId)}|${toKey(b.toId)}`,
        b.sudo,
        b.sudoWithoutPassword,
      ])
      .sort(byFirst);
  expect(
    edgesWith(
      collection,
      Relationships.GROUP_ASSIGNED_DEVICE_GROUP._type,
      rights,
    ),
  ).toEqual(
    expected(bindings.userGroupToDeviceGroup, groupKey, deviceGroupKey),
  );
  expect(
    edgesWith(
      collection,
      Relationships.USER_ASSIGNED_DEVICE_GROUP._type,
      rights,
    ),
  ).toEqual(expected(bindings.userToDeviceGroup, userKey, deviceGroupKey));
  expect(
    edgesWith(collection, Relationships.GROUP_ASSIGNED_DEVICE._type, rights),
  ).toEqual(expected(bindings.userGroupToDevice, groupKey, deviceKey));
}

/**
 * The authentication policies on the account, ASSIGNED their included groups
 * and named applications, overridden by their excluded groups; and each
 * configured application marked when an enforcing MFA policy covers it.
 */
export function expectAuthPoliciesExact(
  collection: Collection,
  tenant: Tenant,
  { mfaByPolicyKnown = true }: { mfaByPolicyKnown?: boolean } = {},
): void {
  const policies = expectedAuthPolicies(tenant);
  expect(
    collection.entities
      .filter((e) => e._type === Entities.AUTH_POLICY._type)
      .map((e) => [
        e._key,
        e.policyType,
        e.disabled,
        e.monitorOnly,
        e.effect,
        e.mfaRequired,
        e.allApplications,
      ])
      .sort(byFirst),
  ).toEqual(
    policies
      .map((p) => [
        authPolicyKey(p.id),
        p.type,
        p.disabled,
        p.monitorOnly,
        p.effect,
        p.mfaRequired,
        p.allApplications,
      ])
      .sort(byFirst),
  );
  expect(
    edgesOf(collection, Relationships.ACCOUNT_HAS_AUTH_POLICY._type),
  ).toEqual(
    policies.map((p) => `${accountKey(tenant)}|${authPolicyKey(p.id)}`).sort(),
  );
  const pairs = (
    list: (p: (typeof policies)[number]) => string[],
    pair: (policy: string, id: string) => string,
  ) => policies.flatMap((p) => list(p).map((id) => pair(p.id, id))).sort();
  expect(
    edgesOf(collection, Relationships.AUTH_POLICY_ASSIGNED_GROUP._type),
  ).toEqual(
    pairs(
      (p) => p.includedGroupIds,
      (policy, id) => `${authPolicyKey(policy)}|${groupKey(id)}`,
    ),
  );
  expect(
    edgesOf(collection, Relationships.GROUP_OVERRIDES_AUTH_POLICY._type),
  ).toEqual(
    pairs(
      (p) => p.excludedGroupIds,
      (policy, id) => `${groupKey(id)}|${authPolicyKey(policy)}`,
    ),
  );
  expect(
    edgesOf(collection, Relationships.AUTH_POLICY_ASSIGNED_APPLICATION._type),
  ).toEqual(
    pairs(
      (p) => p.applicationIds,
      (policy, id) => `${authPolicyKey(policy)}|${applicationKey(id)}`,
    ),
  );
  const byPolicy = expectedMfaRequiredByPolicy(tenant);
  expect(
    collection.entities
      .filter(
        (e) =>
          e._type === Entities.APPLICATION._type &&
          e.source === 'configuration',
      )
      .map((e) => [e._key, e.mfaRequiredByPolicy])
      .sort(byFirst),
  ).toEqual(
    tenant.applications
      .map((a) => [
        applicationKey(a.id),
        mfaByPolicyKnown ? byPolicy.get(a.id) : undefined,
      ])
      .sort(byFirst),
  );
}

/** How many users stand where with each factor, and how many have a phishing-resistant one. */
export function expectFactorStatusesExact(
  collection: Collection,
  tenant: Tenant,
): void {
  const users = collection.entities.filter(
    (e) => e._type === Entities.USER._type,
  );
  const count = (property: string) => {
    const counts: Record<string, number> = {};
    for (const user of users) {
      const status = user[property];
      if (typeof status === 'string')
        counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  };
  const expected = expectedFactorStatuses(tenant);
  expect({
    totp: count('mfaTotpStatus'),
    push: count('mfaPushStatus'),
    webAuthn: count('mfaWebAuthnStatus'),
    phishingResistant: users.filter((u) => u.phishingResistantMfa === true)
      .length,
  }).toEqual(expected);
}

export function stepStatuses(collection: Collection): Record<string, string> {
  return Object.fromEntries(
    collection.summary.integrationStepResults.map((s) => [s.id, s.status]),
  );
}

export function expectEveryStepSucceeded(collection: Collection): void {
  const success = Object.fromEntries(
    invocationConfig.integrationSteps.map(({ id }) => [id, 'success']),
  );
  expect(stepStatuses(collection)).toEqual(success);
  expect(collection.summary.metadata.partialDatasets.types).toEqual([]);
}

export function expectNoDuplicateKeys(collection: Collection): void {
  const keys = [...collection.entities, ...collection.relationships].map(
    (o) => o._key,
  );
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const key of keys) {
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  expect(duplicates).toEqual([]);
}

export function expectAccountExact(
  collection: Collection,
  tenant: Tenant,
): void {
  expect(keysOf(collection.entities, Entities.ACCOUNT._type)).toEqual([
    accountKey(tenant),
  ]);
}

export function expectUsersExact(
  collection: Collection,
  tenant: Tenant,
  { lateUserIds = [] }: ExactOptions = {},
): void {
  const expected = expectedUserIds(tenant).map(userKey);
  const late = new Set(lateUserIds.map(userKey));
  const collected = keysOf(collection.entities, Entities.USER._type);
  expect(collected.filter((key) => !late.has(key)).sort()).toEqual(
    expected.sort(),
  );
  const accountHas = edgesOf(collection, Relationships.ACCOUNT_HAS_USER._type);
  expect(accountHas.sort()).toEqual(
    collected.map((key) => `${accountKey(tenant)}|${key}`).sort(),
  );
}

export function expectGroupsExact(
  collection: Collection,
  tenant: Tenant,
  { memberCounts }: { memberCounts: boolean },
): void {
  const groups = collection.entities.filter(
    (e) => e._type === Entities.GROUP._type,
  );
  expect(groups.map((g) => g._key).sort()).toEqual(
    tenant.groups.map((g) => groupKey(g.id)).sort(),
  );
  for (const group of groups) {
    expect([group._key, group.memberCount]).toEqual([
      group._key,
      memberCounts ? expectedMemberCount(tenant, String(group.id)) : undefined,
    ]);
  }
  expect(
    edgesOf(collection, Relationships.ACCOUNT_HAS_GROUP._type).sort(),
  ).toEqual(
    tenant.groups.map((g) => `${accountKey(tenant)}|${groupKey(g.id)}`).sort(),
  );
}

export function expectMembershipsExact(
  collection: Collection,
  tenant: Tenant,
): void {
  expect(edgesOf(collection, Relationships.GROUP_HAS_USER._type)).toEqual(
    expectedGroupMemberships(tenant)
      .map((m) => `${groupKey(m.groupId)}|${userKey(m.userId)}`)
      .sort(),
  );
}

/**
 * The configured applications, plus (when sign-ins were read) those known
 * only from sign-ins; each once, each owned by the account.
 */
export function expectApplicationsExact(
  collection: Collection,
  tenant: Tenant,
  { usageKnown }: { usageKnown: boolean },
): void {
  const expected = [
    ...tenant.applications.map((a) => a.id),
    ...(usageKnown ? expectedUnconfiguredApps(tenant).map((a) => a.appId) : []),
  ].map(applicationKey);
  expect(
    keysOf(collection.entities, Entities.APPLICATION._type).sort(),
  ).toEqual(expected.sort());
  expect(
    edgesOf(collection, Relationships.ACCOUNT_HAS_APPLICATION._type),
  ).toEqual(expected.map((key) => `${accountKey(tenant)}|${key}`).sort());
}

export function expectAssignmentsExact(
  collection: Collection,
  tenant: Tenant,
): void {
  const assignments = expectedAssignments(tenant);
  expect(
    edgesOf(collection, Relationships.USER_ASSIGNED_APPLICATION._type),
  ).toEqual(
    assignments.userAssignments
      .map((a) => `${userKey(a.userId)}|${applicationKey(a.appId)}`)
      .sort(),
  );
  expect(
    edgesOf(collection, Relationships.GROUP_ASSIGNED_APPLICATION._type),
  ).toEqual(
    assignments.groupAssignments
      .map((a) => `${groupKey(a.groupId)}|${applicationKey(a.appId)}`)
      .sort(),
  );
}

/** One USES edge per pair that signed in, with its exact figures. */
export function expectSsoUsageExact(
  collection: Collection,
  tenant: Tenant,
): void {
  const figures = (edge: object) =>
    (
      ['firstSsoOn', 'lastSsoOn', 'ssoEventCount', 'failedSsoCount'] as const
    ).map((name) => (edge as Partial<Record<keyof SsoUsage, unknown>>)[name]);
  const collected = collection.relationships
    .filter((r) => r._type === Relationships.USER_USES_APPLICATION._type)
    .map((r) => [`${r._fromEntityKey}|${r._toEntityKey}`, ...figures(r)])
    .sort(byFirst);
  const expected = expectedSsoUsage(tenant)
    .map((u) => [
      `${userKey(u.userId)}|${applicationKey(u.appId)}`,
      ...figures(u),
    ])
    .sort(byFirst);
  expect(expected.length).toBeGreaterThan(0);
  expect(collected).toEqual(expected);
}

/**
 * SaaS Management: every discovered application with its shadow-IT verdict,
 * accounts, use and licenses; every account with its owner and status; the
 * edges between them, to the owners and to the same-named SSO applications.
 * Last-use times in the simulator keep a day away from the 30- and 90-day
 * limits, so the time of this check classifies as the run did.
 */
export function expectSaasExact(
  collection: Collection,
  tenant: Tenant,
  /** An application known not to be collected (a fault row), left out. */
  { except }: { except?: string } = {},
): void {
  const now = Date.now();
  const applications = expectedSaasApplications(tenant, now).filter(
    (a) => a.id !== except,
  );
  const accounts = expectedSaasAccounts(tenant, now).filter(
    (a) => a.applicationId !== except,
  );
  const figures = [
    'name',
    'shadowIt',
    'accounts',
    'activeAccounts',
    'lastUsedOn',
    'licenses',
    'licensesUnlimited',
    'costPerLicense',
    'unusedLicenses',
  ] as const;
  expect(
    collection.entities
      .filter((e) => e._type === Entities.SAAS_APPLICATION._type)
      .map((e) => [e._key, ...figures.map((f) => e[f])])
      .sort(byFirst),
  ).toEqual(
    applications
      .map((a) => [saasApplicationKey(a.id), ...figures.map((f) => a[f])])
      .sort(byFirst),
  );
  expect(
    collection.entities
      .filter((e) => e._type === Entities.SAAS_ACCOUNT._type)
      .map((e) => [e._key, e.userId, e.lastUsedOn, e.status, e.orphaned])
      .sort(byFirst),
  ).toEqual(
    accounts
      .map((a) => [
        saasAccountKey(a.applicationId, a.accountId),
        a.userId,
        a.lastUsedOn,
        a.status,
        !a.owned,
      ])
      .sort(byFirst),
  );
  expect(
    edgesOf(collection, Relationships.ACCOUNT_HAS_SAAS_APPLICATION._type),
  ).toEqual(
    applications
      .map((a) => `${accountKey(tenant)}|${saasApplicationKey(a.id)}`)
      .sort(),
  );
  expect(
    edgesOf(collection, Relationships.SAAS_APPLICATION_HAS_ACCOUNT._type),
  ).toEqual(
    accounts
      .map(
        (a) =>
          `${saasApplicationKey(a.applicationId)}|${saasAccountKey(
            a.applicationId,
            a.accountId,
          )}`,
      )
      .sort(),
  );
  expect(
    edgesOf(collection, Relationships.USER_OWNS_SAAS_ACCOUNT._type),
  ).toEqual(
    accounts
      .filter((a) => a.owned)
      .map(
        (a) =>
          `${userKey(a.userId!)}|${saasAccountKey(
            a.applicationId,
            a.accountId,
          )}`,
      )
      .sort(),
  );
  expect(
    edgesOf(collection, Relationships.SAAS_APPLICATION_IS_APPLICATION._type),
  ).toEqual(
    applications
      .flatMap((a) =>
        a.ssoApplicationIds.map(
          (id) => `${saasApplicationKey(a.id)}|${applicationKey(id)}`,
        ),
      )
      .sort(),
  );
}

export function keysOf(objects: GraphObject[], type: string): string[] {
  return objects.filter((o) => o._type === type).map((o) => o._key);
}

/** `[from|to, ...properties]` of every relationship of a type, sorted. */
export function edgesWith(
  collection: Collection,
  type: string,
  properties: string[],
): unknown[][] {
  return collection.relationships
    .filter((r) => r._type === type)
    .map((r) => [
      `${r._fromEntityKey}|${r._toEntityKey}`,
      ...properties.map((p) => r[p]),
    ])
    .sort(byFirst);
}

/** `from|to` of every relationship of a type, sorted. */
export function edgesOf(collection: Collection, type: string): string[] {
  return collection.relationships
    .filter((r) => r._type === type)
    .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
    .sort();
}

export const accountKey = (tenant: Tenant) =>
  `${Entities.ACCOUNT._type}:${tenant.organization._id}`;
export const userKey = (id: string) => `${Entities.USER._type}:${id}`;
export const groupKey = (id: string) => `${Entities.GROUP._type}:${id}`;
export const applicationKey = (id: string) =>
  `${Entities.APPLICATION._type}:${id}`;
export const adminKey = (id: string) => `${Entities.ADMIN._type}:${id}`;
export const deviceKey = (id: string) => `${Entities.DEVICE._type}:${id}`;
export const deviceGroupKey = (id: string) =>
  `${Entities.DEVICE_GROUP._type}:${id}`;
export const authPolicyKey = (id: string) =>
  `${Entities.AUTH_POLICY._type}:${id}`;

export const saasApplicationKey = (id: string) =>
  `${Entities.SAAS_APPLICATION._type}:${id}`;
export const saasAccountKey = (applicationId: string, accountId: string) =>
  `${Entities.SAAS_ACCOUNT._type}:${applicationId}:${accountId}`;

function byFirst(a: unknown[], b: unknown[]): number {
  return String(a[0]).localeCompare(String(b[0]));
}
