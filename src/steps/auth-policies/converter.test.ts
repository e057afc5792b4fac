import { JumpCloudAuthnPolicy } from '../../client';
import {
  createAuthPolicyEntity,
  describeConditions,
  mfaRequiredByPolicy,
} from './converter';

const APP = '5f0000000000000000000a01';
const OTHER = '5f0000000000000000000a02';

function policy(
  overrides: Partial<JumpCloudAuthnPolicy> = {},
): JumpCloudAuthnPolicy {
  return {
    id: '5f0000000000000000000p01',
    name: 'Apps need MFA',
    type: 'application',
    disabled: false,
    effect: { action: 'allow', obligations: { mfa: { required: true } } },
    targets: {
      resources: [{ type: 'application', id: APP }],
      userGroups: { inclusions: ['g1', 'g2'], exclusions: ['g3'] },
    },
    ...overrides,
  };
}

describe('mfaRequiredByPolicy', () => {
  test('an enforcing allow-with-MFA policy naming the application covers it, and only it', () => {
    expect(mfaRequiredByPolicy(APP, [policy()])).toBe(true);
    expect(mfaRequiredByPolicy(OTHER, [policy()])).toBe(false);
  });

  test('a policy for all applications covers every one it does not exclude', () => {
    const all = policy({
      targets: {
        resources: [{ type: 'application' }],
        excludedApplications: [OTHER],
      },
    });
    expect(mfaRequiredByPolicy(APP, [all])).toBe(true);
    expect(mfaRequiredByPolicy(OTHER, [all])).toBe(false);
  });

  test.each([
    ['disabled', { disabled: true }],
    ['monitor-only', { monitorOnly: true }],
    ['allow without MFA', { effect: { action: 'allow' as const } }],
    [
      'deny',
      {
        effect: {
          action: 'deny' as const,
          obligations: { mfa: { required: true } },
        },
      },
    ],
    [
      'for the user portal',
      { targets: { resources: [{ type: 'user_portal' as const }] } },
    ],
  ])('a %s policy covers nothing', (_, overrides) => {
    expect(mfaRequiredByPolicy(APP, [policy(overrides)])).toBe(false);
  });

  test('odd records do not throw', () => {
    expect(
      mfaRequiredByPolicy(APP, [
        { id: 'x' },
        { id: 'y', targets: null, effect: null },
        { id: 'z', targets: { resources: [null as never] } },
      ]),
    ).toBe(false);
  });
});

describe('describeConditions', () => {
  test('reads the conditional language in words', () => {
    expect(
      describeConditions({
        all: [
          { deviceEncrypted: true },
          { not: { ipAddressIn: ['ip1', 'ip2'] } },
          { locationIn: { countries: ['US', 'CA'] } },
          { any: [{ deviceManaged: false }, { mystery: 1 }] },
        ],
      }),
    ).toBe(
      'all of (device encrypted; not (IP address in list ip1, ip2); location in US, CA; any of (device not managed; mystery 1))',
    );
  });

  test('none, for no conditions', () => {
    expect(describeConditions(undefined)).toBeUndefined();
    expect(describeConditions({})).toBeUndefined();
  });
});

test('the entity says what the policy does, to whom and to what, and whether it takes effect', () => {
  const entity = createAuthPolicyEntity(
    policy({ monitorOnly: true, conditions: { deviceManaged: true } }),
  );
  expect(entity).toMatchObject({
    _key: 'jumpcloud_auth_policy:5f0000000000000000000p01',
    _type: 'jumpcloud_auth_policy',
    _class: ['AccessPolicy'],
    name: 'Apps need MFA',
    policyType: 'application',
    disabled: false,
    monitorOnly: true,
    enforced: false,
    effect: 'allow',
    mfaRequired: true,
    conditions: 'device managed',
    includedGroupIds: ['g1', 'g2'],
    excludedGroupIds: ['g3'],
    applicationIds: [APP],
    allApplications: false,
  });
  expect(createAuthPolicyEntity({ id: '' })).toBeUndefined();
});
