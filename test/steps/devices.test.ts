import { expectedDevices, expectedDeviceUsers } from '../../simulator';
import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';
import { Relationships, Steps } from '../../src/steps/constants';
import { userKey } from '../../src/steps/users/converter';
import { deviceKey } from '../../src/steps/devices/converter';

async function collectDevices(t: TestTenant) {
  const before = t.simulator.requests.length;
  const result = await runStep(Steps.DEVICES, t.config);
  return { result, requests: t.simulator.requests.slice(before) };
}

function usesPairs(result: Awaited<ReturnType<typeof runStep>>) {
  return result.collectedRelationships
    .filter((r) => r._type === Relationships.USER_USES_DEVICE._type)
    .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
    .sort();
}

describe('fewer devices than users: bindings read per device', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 120, groups: 8, systems: 40 });
  });
  afterAll(() => t.simulator.close());

  test('every device with the properties the data model requires, and exactly its users', async () => {
    const { result, requests } = await collectDevices(t);
    expect(result).toMatchStepMetadata({
      stepId: Steps.DEVICES,
      invocationConfig,
      instanceConfig: t.config,
    });

    const devices = result.collectedEntities.filter(
      (e) => e._type === 'jumpcloud_device',
    );
    expect(devices.map((d) => d.id).sort()).toEqual(
      expectedDevices(t.tenant).sort(),
    );
    for (const device of devices) {
      for (const property of [
        'category',
        'make',
        'model',
        'serial',
        'deviceId',
      ]) {
        expect(device).toHaveProperty(property);
      }
    }
    const raw = t.tenant.systems[0];
    expect(devices.find((d) => d.id === raw.id)).toMatchObject({
      hostname: raw.hostname,
      serial: raw.serialNumber ?? null,
      agentVersion: raw.agentVersion,
      active: raw.active,
      fdeActive: raw.fde?.active,
      webLink: `https://console.jumpcloud.com/#/systems/${raw.id}/details`,
    });
    expect(devices.some((d) => d.fdeActive === false)).toBe(true);

    const expected = expectedDeviceUsers(t.tenant).map(
      (p) => `${userKey(p.userId)}|${deviceKey(p.systemId)}`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(usesPairs(result)).toEqual(expected.sort());

    const perDevice = requests.filter((r) =>
      /^\/api\/v2\/systems\/[0-9a-f]+\/users$/.test(r.path),
    );
    const perUser = requests.filter((r) =>
      /^\/api\/v2\/users\/[0-9a-f]+\/systems$/.test(r.path),
    );
    expect(perDevice).toHaveLength(t.tenant.systems.length);
    expect(perUser).toHaveLength(0);
  });
});

describe('more devices than users: bindings read per user', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 12, groups: 3, systems: 30 });
  });
  afterAll(() => t.simulator.close());

  test('the same bindings, with one request per user', async () => {
    const { result, requests } = await collectDevices(t);
    const expected = expectedDeviceUsers(t.tenant).map(
      (p) => `${userKey(p.userId)}|${deviceKey(p.systemId)}`,
    );
    expect(usesPairs(result)).toEqual(expected.sort());
    const perUser = requests.filter((r) =>
      /^\/api\/v2\/users\/[0-9a-f]+\/systems$/.test(r.path),
    );
    expect(perUser).toHaveLength(t.tenant.users.length);
  });
});
