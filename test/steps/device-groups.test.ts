import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import {
  expectedDeviceBindings,
  expectedDeviceGroupMembers,
  expectedDeviceGroups,
} from '../../simulator';
import { Entities, Relationships, Steps } from '../../src/steps/constants';
import {
  deviceGroupKey,
  deviceKey,
  edgesWith,
  groupKey,
  userKey,
} from '../groundTruth';
import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';

describe('device groups and who is bound to them', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 150, groups: 10, systems: 60 });
  });
  afterAll(() => t.simulator.close());

  test('fetch-device-groups: every device group with its member count, HAS exactly its collected devices', async () => {
    const result = await runStep(Steps.DEVICE_GROUPS, t.config);
    expect(result).toMatchStepMetadata({
      stepId: Steps.DEVICE_GROUPS,
      invocationConfig,
      instanceConfig: t.config,
    });
    const groups = expectedDeviceGroups(t.tenant);
    expect(groups.length).toBeGreaterThan(1);
    expect(
      result.collectedEntities
        .filter((e) => e._type === Entities.DEVICE_GROUP._type)
        .map((e) => [e._key, e.memberCount])
        .sort(),
    ).toEqual(groups.map((g) => [deviceGroupKey(g.id), g.memberCount]).sort());
    const members = result.collectedRelationships
      .filter((r) => r._type === Relationships.DEVICE_GROUP_HAS_DEVICE._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort();
    expect(members).toEqual(
      expectedDeviceGroupMembers(t.tenant)
        .map((m) => `${deviceGroupKey(m.groupId)}|${deviceKey(m.systemId)}`)
        .sort(),
    );
    expect(members.length).toBeGreaterThan(0);
  });

  test('build-device-binding-relationships: every direct binding, each with its sudo rights', async () => {
    const result = await runStep(Steps.DEVICE_BINDINGS, t.config);
    expect(result).toMatchStepMetadata({
      stepId: Steps.DEVICE_BINDINGS,
      invocationConfig,
      instanceConfig: t.config,
    });
    const collection = {
      relationships: result.collectedRelationships,
    } as never;
    const rights = ['sudo', 'sudoWithoutPassword'];
    const bindings = expectedDeviceBindings(t.tenant);
    const expected = (
      list: typeof bindings.userToDeviceGroup,
      from: (id: string) => string,
      to: (id: string) => string,
    ) =>
      list
        .map((b) => [
          `${from(b.fromId)}|${to(b.toId)}`,
          b.sudo,
          b.sudoWithoutPassword,
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const cases = [
      [
        Relationships.GROUP_ASSIGNED_DEVICE_GROUP._type,
        bindings.userGroupToDeviceGroup,
        groupKey,
        deviceGroupKey,
      ],
      [
        Relationships.USER_ASSIGNED_DEVICE_GROUP._type,
        bindings.userToDeviceGroup,
        userKey,
        deviceGroupKey,
      ],
      [
        Relationships.GROUP_ASSIGNED_DEVICE._type,
        bindings.userGroupToDevice,
        groupKey,
        deviceKey,
      ],
    ] as const;
    for (const [type, list, from, to] of cases) {
      expect(list.length).toBeGreaterThan(0);
      expect([type, edgesWith(collection, type, rights)]).toEqual([
        type,
        expected(list, from, to),
      ]);
    }
    // Every sudo variant is there, so each is checked.
    const all = cases.flatMap(([, list]) => list);
    expect(all.some((b) => !b.sudo)).toBe(true);
    expect(all.some((b) => b.sudo && !b.sudoWithoutPassword)).toBe(true);
    expect(all.some((b) => b.sudoWithoutPassword)).toBe(true);
  });
});

describe.each([403, 404] as const)('when device groups answer %i', (status) => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({
      users: 40,
      systems: 20,
      faults: {
        statusFaults: [{ pathPattern: '^/api/v2/systemgroups$', status }],
      },
    });
  });
  afterAll(() => t.simulator.close());

  test('fetch-device-groups fails alone, with one error saying what is missing', async () => {
    const error = await runStep(Steps.DEVICE_GROUPS, t.config).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.message).toContain('device groups (system groups)');
    expect(error.message).toContain(
      'so device groups, their members and their bindings were not collected',
    );
  });
});
