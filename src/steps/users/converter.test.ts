import { consoleLinks, JumpCloudUser } from '../../client';
import { MAX_STRING_LENGTH } from '../clean';
import { createUserEntity, userKey } from './converter';

const links = consoleLinks('us');
const ID = '6026bec6b8207255280d5981';

function base(overrides: Partial<JumpCloudUser> = {}): JumpCloudUser {
  return {
    _id: ID,
    id: ID,
    username: 'austin',
    email: 'Austin.Kelleher@example.com',
    firstname: 'Austin',
    lastname: 'Kelleher',
    displayname: 'Austin K',
    state: 'ACTIVATED',
    activated: true,
    suspended: false,
    account_locked: false,
    mfa: { configured: true, exclusion: false },
    mfaEnrollment: { overallStatus: 'ENROLLED', totpStatus: 'ENROLLED' },
    totp_enabled: true,
    created: '2021-02-12T17:45:42.369Z',
    ...overrides,
  };
}

test('maps a complete user', () => {
  const entity = createUserEntity(
    base({
      department: 'Engineering',
      jobTitle: 'SRE',
      employeeType: 'full-time',
      employeeIdentifier: 'E-42',
      company: 'Acme',
      costCenter: 'CC-1',
      location: 'Boston',
      manager: '6026bec6b8207255280d5982',
      password_expired: false,
      password_expiration_date: '2027-01-01T00:00:00.000Z',
      externally_managed: false,
      sudo: true,
    }),
    links,
  )!;
  expect(entity).toMatchObject({
    _key: userKey(ID),
    _type: 'jumpcloud_user',
    _class: ['User'],
    id: ID,
    username: 'austin',
    email: 'austin.kelleher@example.com',
    emailDomain: ['example.com'],
    name: 'Austin K',
    displayName: 'Austin K',
    firstName: 'Austin',
    lastName: 'Kelleher',
    state: 'activated',
    active: true,
    suspended: false,
    locked: false,
    department: 'Engineering',
    jobTitle: 'SRE',
    employeeType: 'full-time',
    employeeId: 'E-42',
    company: 'Acme',
    costCenter: 'CC-1',
    location: 'Boston',
    managerId: '6026bec6b8207255280d5982',
    mfaEnabled: true,
    mfaConfigured: true,
    mfaExclusion: false,
    mfaEnrollmentStatus: 'ENROLLED',
    totpEnabled: true,
    passwordExpired: false,
    passwordExpirationOn: Date.parse('2027-01-01T00:00:00.000Z'),
    createdOn: Date.parse('2021-02-12T17:45:42.369Z'),
    externallyManaged: false,
    sudo: true,
    webLink: `https://console.jumpcloud.com/#/users/${ID}/details`,
  });
  expect(entity._rawData).toEqual([
    { name: 'default', rawData: expect.objectContaining({ _id: ID }) },
  ]);
});

test('active means activated, unsuspended and unlocked', () => {
  expect(createUserEntity(base(), links)!.active).toBe(true);
  expect(createUserEntity(base({ state: 'STAGED' }), links)!).toMatchObject({
    state: 'staged',
    active: false,
  });
  expect(
    createUserEntity(base({ state: 'SUSPENDED', suspended: true }), links)!,
  ).toMatchObject({
    state: 'suspended',
    suspended: true,
    active: false,
  });
  expect(
    createUserEntity(base({ account_locked: true }), links)!,
  ).toMatchObject({ locked: true, active: false });
  // Real records say ACTIVATED with activated:false; state wins.
  expect(createUserEntity(base({ activated: false }), links)!.active).toBe(
    true,
  );
});

test('a record from before `state` existed is live unless suspended', () => {
  expect(createUserEntity(base({ state: undefined }), links)!.state).toBe(
    'activated',
  );
  expect(
    createUserEntity(base({ state: null, suspended: true }), links)!,
  ).toMatchObject({
    state: 'suspended',
    active: false,
  });
});

test('a user without mfa objects has MFA off, not an error', () => {
  const entity = createUserEntity(
    base({ mfa: undefined, mfaEnrollment: null, totp_enabled: null }),
    links,
  )!;
  expect(entity).toMatchObject({
    mfaEnabled: false,
    mfaConfigured: false,
    mfaExclusion: false,
    totpEnabled: false,
  });
  expect(entity).not.toHaveProperty('mfaEnrollmentStatus');
  expect(entity).not.toHaveProperty('mfaExclusionUntil');
});

test('an MFA exclusion carries its end date', () => {
  const entity = createUserEntity(
    base({
      mfa: {
        configured: false,
        exclusion: true,
        exclusionUntil: '2026-12-01T00:00:00Z',
      },
    }),
    links,
  )!;
  expect(entity).toMatchObject({
    mfaExclusion: true,
    mfaExclusionUntil: Date.parse('2026-12-01T00:00:00Z'),
  });
});

test('odd values are cleaned, never passed through', () => {
  const entity = createUserEntity(
    base({
      email: 'not-an-email',
      displayname: null,
      firstname: 'Zoë\u0000\u0007',
      lastname: '李雷 🚀',
      department: 'x'.repeat(10_000),
      jobTitle: '  \n ',
      company: null,
      created: 'yesterday-ish',
      manager: null,
    }),
    links,
  )!;
  expect(entity).not.toHaveProperty('email');
  expect(entity).not.toHaveProperty('emailDomain');
  expect(entity.firstName).toBe('Zoë');
  expect(entity.lastName).toBe('李雷 🚀');
  expect(entity.name).toBe('Zoë 李雷 🚀');
  expect((entity.department as string).length).toBe(MAX_STRING_LENGTH);
  expect(entity).not.toHaveProperty('jobTitle');
  expect(entity).not.toHaveProperty('company');
  expect(entity.createdOn).toBeUndefined();
  expect(entity).not.toHaveProperty('managerId');
});

test('the name falls back to username, then e-mail, then id', () => {
  const nameless = { displayname: null, firstname: null, lastname: null };
  expect(createUserEntity(base(nameless), links)!.name).toBe('austin');
  expect(
    createUserEntity(base({ ...nameless, username: null }), links)!.name,
  ).toBe('austin.kelleher@example.com');
  expect(createUserEntity({ _id: ID }, links)!.name).toBe(ID);
});

test('a record without an id is not converted', () => {
  expect(
    createUserEntity({ username: 'ghost' } as unknown as JumpCloudUser, links),
  ).toBeUndefined();
});

test('links follow the region', () => {
  expect(createUserEntity(base(), consoleLinks('eu'))!.webLink).toBe(
    `https://console.eu.jumpcloud.com/#/users/${ID}/details`,
  );
});

test('externally managed users are flagged from either field', () => {
  expect(
    createUserEntity(base({ externally_managed: true }), links)!
      .externallyManaged,
  ).toBe(true);
  expect(
    createUserEntity(
      base({ restrictedFields: [{ field: 'email', type: 'scim' }] }),
      links,
    )!.externallyManaged,
  ).toBe(true);
});

describe('MFA factors', () => {
  test('each factor’s status as JumpCloud reports it; WebAuthn enrolled is phishing-resistant', () => {
    const entity = createUserEntity(
      base({
        mfaEnrollment: {
          overallStatus: 'ENROLLED',
          totpStatus: 'ENROLLED',
          pushStatus: 'PENDING_ACTIVATION',
          webAuthnStatus: 'ENROLLED',
        },
      }),
      links,
    )!;
    expect(entity).toMatchObject({
      mfaTotpStatus: 'ENROLLED',
      mfaPushStatus: 'PENDING_ACTIVATION',
      mfaWebAuthnStatus: 'ENROLLED',
      phishingResistantMfa: true,
    });
  });

  test.each([
    'IN_ENROLLMENT',
    'ENROLLMENT_EXPIRED',
    'DISABLED',
    'NOT_ENROLLED',
  ] as const)('WebAuthn %s is not phishing-resistant', (webAuthnStatus) => {
    expect(
      createUserEntity(
        base({ mfaEnrollment: { totpStatus: 'ENROLLED', webAuthnStatus } }),
        links,
      ),
    ).toMatchObject({ phishingResistantMfa: false });
  });

  test('absent or partial enrollment leaves the unknown factors out', () => {
    const absent = createUserEntity(base({ mfaEnrollment: undefined }), links)!;
    expect(absent).toMatchObject({ phishingResistantMfa: false });
    for (const property of [
      'mfaTotpStatus',
      'mfaPushStatus',
      'mfaWebAuthnStatus',
    ]) {
      expect(absent).not.toHaveProperty(property);
    }
    const partial = createUserEntity(
      base({ mfaEnrollment: { pushStatus: 'ENROLLED' } }),
      links,
    )!;
    expect(partial).toMatchObject({ mfaPushStatus: 'ENROLLED' });
    expect(partial).not.toHaveProperty('mfaWebAuthnStatus');
  });
});
