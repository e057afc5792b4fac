import {
  accountStatus,
  createSaasAccountEntity,
  createSaasApplicationEntity,
  foldUsage,
  licenseFigures,
  saasAccountKey,
  ssoApplicationsByName,
  unusedLicenses,
} from './converter';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('shadow IT matching', () => {
  test('matches names trimmed and case-insensitively, by display name and by label', () => {
    const byName = ssoApplicationsByName([
      { _id: 'a1', displayName: 'Slack', displayLabel: 'Slack (Ventes)' },
      { _id: 'a2', displayName: '  slack ', displayLabel: 'Chat' },
      { _id: 'a3', displayName: 'Zoom', displayLabel: 'zoom' },
      { displayName: 'No id' },
    ] as any);
    expect(byName.get('slack')).toEqual(['a1', 'a2']);
    expect(byName.get('slack (ventes)')).toEqual(['a1']);
    expect(byName.get('chat')).toEqual(['a2']);
    // One application under two equal names is listed once.
    expect(byName.get('zoom')).toEqual(['a3']);
    expect(byName.has('no id')).toBe(false);
  });
});

describe('usage', () => {
  test('keeps the latest use per account and counts unreadable rows', () => {
    const use = foldUsage([
      { account_id: 'x', latest_used_at: '2026-11-01T00:00:00Z' },
      { account_id: 'x', latest_used_at: '2026-11-20T00:00:00Z' },
      { account_id: 'y', latest_used_at: null },
      { latest_used_at: '2026-11-20T00:00:00Z' },
      null as any,
    ]);
    expect([...use.lastUsedOn]).toEqual([
      ['x', Date.parse('2026-11-20T00:00:00Z')],
    ]);
    expect(use.unreadable).toBe(3);
  });

  test('an account is active within 30 days, inactive before, unused without use', () => {
    expect(accountStatus(NOW - 29 * DAY, NOW)).toBe('active');
    expect(accountStatus(NOW - 31 * DAY, NOW)).toBe('inactive');
    expect(accountStatus(undefined, NOW)).toBe('unused');
  });
});

describe('licenses', () => {
  test('sums the tiers and averages their price', () => {
    const figures = licenseFigures({
      results: [
        { count: 10, cost_per_license: 8 },
        { count: 30, cost_per_license: 12 },
      ],
      contract: {
        cost: 5280,
        currency: 'usd',
        term: 'YEARLY_TERM',
        renewal_date: '2027-03-01',
      },
    });
    expect(figures).toEqual({
      licenses: 40,
      licensesUnlimited: false,
      costPerLicense: 11,
      monthlyLicenseCost: 440,
      currency: 'USD',
      contractCost: 5280,
      contractTerm: 'yearly_term',
      renewalOn: Date.parse('2027-03-01'),
    });
    expect(unusedLicenses(figures, 35)).toBe(5);
    expect(unusedLicenses(figures, 50)).toBe(0);
  });

  test('an unlimited plan has no license count and no unused licenses', () => {
    const figures = licenseFigures({
      results: [{ count: 0, is_unlimited: true }],
    });
    expect(figures).toEqual({ licensesUnlimited: true });
    expect(unusedLicenses(figures, 3)).toBeUndefined();
  });

  test('no contract (404, or an empty answer) leaves every figure out', () => {
    expect(licenseFigures(undefined)).toEqual({});
    expect(licenseFigures({ results: [], totalCount: 0 })).toEqual({});
  });

  test('a tier without a price leaves the cost out but keeps the count', () => {
    const figures = licenseFigures({
      results: [{ count: 5, cost_per_license: 3 }, { count: -2 }, { count: 4 }],
    });
    expect(figures.licenses).toBe(9);
    expect(figures.costPerLicense).toBeUndefined();
    expect(figures.monthlyLicenseCost).toBeUndefined();
  });
});

describe('entities', () => {
  test('a discovered application with a contract', () => {
    const entity = createSaasApplicationEntity(
      {
        id: 'app1',
        name: ' Figma ',
        status: 'UNAPPROVED',
        discovered_at: '2026-06-01T10:00:00Z',
      },
      {
        ssoApplicationIds: [],
        accounts: 12,
        activeAccounts: 7,
        lastUsedOn: NOW - DAY,
        licenses: licenseFigures({
          results: [{ count: 10, cost_per_license: 15 }],
        }),
      },
    )!;
    expect(entity).toMatchObject({
      _key: 'jumpcloud_saas_application:app1',
      _type: 'jumpcloud_saas_application',
      _class: ['Application'],
      name: 'Figma',
      status: 'unapproved',
      approved: false,
      discoveredOn: Date.parse('2026-06-01T10:00:00Z'),
      lastUsedOn: NOW - DAY,
      shadowIt: true,
      accounts: 12,
      activeAccounts: 7,
      licenses: 10,
      costPerLicense: 15,
      unusedLicenses: 3,
      unusedLicenseCost: 45,
    });
  });

  test('an application without a name is named by its id; one matching SSO is not shadow IT', () => {
    const entity = createSaasApplicationEntity(
      { id: 'app2' },
      {
        ssoApplicationIds: ['sso1'],
        accounts: 0,
        activeAccounts: 0,
        lastUsedOn: undefined,
        licenses: {},
      },
    )!;
    expect(entity.name).toBe('app2');
    expect(entity.shadowIt).toBe(false);
    expect(entity).not.toHaveProperty('unusedLicenses');
    expect(entity).not.toHaveProperty('lastUsedOn');
    expect(createSaasApplicationEntity({ id: '' }, {} as any)).toBeUndefined();
  });

  test('an account: e-mail cleaned, status from last use, orphaned without a collected owner', () => {
    const entity = createSaasAccountEntity(
      'app1',
      { id: 'acc1', email: 'Ana@Example.COM', user_id: 'u1' },
      { lastUsedOn: NOW - 40 * DAY, ownerCollected: false, nowMs: NOW },
    )!;
    expect(entity).toMatchObject({
      _key: saasAccountKey('app1', 'acc1'),
      _class: ['User'],
      name: 'ana@example.com',
      email: 'ana@example.com',
      username: 'ana@example.com',
      userId: 'u1',
      status: 'inactive',
      active: false,
      orphaned: true,
    });
    const login = createSaasAccountEntity(
      'app1',
      { id: 'acc2', username: 'deploy-bot', email: 'not an e-mail' },
      { lastUsedOn: NOW, ownerCollected: true, nowMs: NOW },
    )!;
    expect(login).toMatchObject({
      name: 'deploy-bot',
      username: 'deploy-bot',
      status: 'active',
      active: true,
      orphaned: false,
    });
    expect(login).not.toHaveProperty('email');
  });
});
