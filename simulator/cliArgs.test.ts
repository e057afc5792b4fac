import { DEMO_API_KEY, parseSimulatorArgs } from './cliArgs';

describe('parseSimulatorArgs', () => {
  test('defaults', () => {
    expect(parseSimulatorArgs([])).toEqual({
      port: 0,
      apiKey: DEMO_API_KEY,
      orgs: 1,
      tenant: { seed: 1 },
      faults: {},
      faultSeed: 1,
      help: false,
    });
  });

  test('sizes, tenants and faults', () => {
    const args = parseSimulatorArgs(
      (
        '--port 0 --key K --users 1000 --groups 50 --members 20 --apps 20 --events 10000 --sign-in-pairs 5000 --days 30 ' +
        '--seed 4 --orgs 3 --latency 50 --error-rate 0.05 --retry-after 1 --rate-limit-every 10 ' +
        '--forbidden-members --insights-status 402 --paging-drift'
      ).split(' '),
    );
    expect(args).toMatchObject({
      port: 0,
      apiKey: 'K',
      orgs: 3,
      tenant: {
        seed: 4,
        users: 1000,
        groups: 50,
        membersPerGroup: 20,
        applications: 20,
        ssoEvents: 10000,
        signInPairs: 5000,
        ssoEventsDays: 30,
      },
      faults: {
        latencyMs: 50,
        serverErrorRate: 0.05,
        rateLimit: { everyNth: 10, retryAfterSeconds: 1 },
        forbiddenMembers: true,
        insightsStatus: 402,
        pagingDrift: true,
      },
    });
  });

  test('rejects unknown flags and bad values', () => {
    expect(() => parseSimulatorArgs(['--nope'])).toThrow(/unknown option/);
    expect(() => parseSimulatorArgs(['--users', 'many'])).toThrow(/--users/);
    expect(() => parseSimulatorArgs(['--error-rate', '2'])).toThrow(
      /between 0 and 1/,
    );
    expect(() => parseSimulatorArgs(['--insights-status', '500'])).toThrow(
      /402 or 403/,
    );
    expect(() => parseSimulatorArgs(['--retry-after', '1'])).toThrow(
      /--rate-limit-every/,
    );
    expect(() => parseSimulatorArgs(['--port'])).toThrow(/needs a value/);
  });
});

describe('parseSimulatorArgs: administrators and systems', () => {
  test('--admins, --systems and --admins-status', () => {
    const args = parseSimulatorArgs(
      '--admins 12 --systems 40 --admins-status 404'.split(' '),
    );
    expect(args.tenant).toMatchObject({ admins: 12, systems: 40 });
    expect(args.faults).toEqual({ adminsStatus: 404 });
    expect(
      parseSimulatorArgs(['--admins-status', '403']).faults.adminsStatus,
    ).toBe(403);
    expect(() => parseSimulatorArgs(['--admins-status', '500'])).toThrow(
      /403 or 404/,
    );
    expect(() => parseSimulatorArgs(['--systems', '-1'])).toThrow(/--systems/);
  });
});

describe('parseSimulatorArgs: device groups and policies', () => {
  test('--system-groups and --policies', () => {
    const args = parseSimulatorArgs(
      '--systems 30 --system-groups 7 --policies 0'.split(' '),
    );
    expect(args.tenant).toMatchObject({
      systems: 30,
      systemGroups: 7,
      authnPolicies: 0,
    });
    expect(() => parseSimulatorArgs(['--system-groups', '-2'])).toThrow(
      /--system-groups/,
    );
    expect(() => parseSimulatorArgs(['--policies', 'many'])).toThrow(
      /--policies/,
    );
  });
});

describe('parseSimulatorArgs: SaaS Management', () => {
  test('--saas-applications and --no-saas-management', () => {
    expect(
      parseSimulatorArgs('--saas-applications 40'.split(' ')).tenant,
    ).toEqual({ seed: 1, saasApplications: 40 });
    expect(
      parseSimulatorArgs(
        '--saas-applications 0 --no-saas-management'.split(' '),
      ).tenant,
    ).toEqual({ seed: 1, saasApplications: 0, saasManagement: false });
    expect(() => parseSimulatorArgs(['--saas-applications', '-1'])).toThrow(
      /--saas-applications/,
    );
    expect(() => parseSimulatorArgs(['--saas-applications'])).toThrow(
      /needs a value/,
    );
  });
});

describe('parseSimulatorArgs: targeted and paging faults', () => {
  test('simple flags', () => {
    const args = parseSimulatorArgs(
      '--delete-during-walk --events-page-cap 50 --require-org-header --admins-org-header required'.split(
        ' ',
      ),
    );
    expect(args.faults).toEqual({
      deleteDuringWalk: true,
      eventsPageCap: 50,
      requireOrgHeader: true,
      adminsOrgHeader: 'required',
    });
    expect(() => parseSimulatorArgs(['--admins-org-header', 'maybe'])).toThrow(
      /refused or required/,
    );
    expect(() => parseSimulatorArgs(['--events-page-cap', '0'])).toThrow(
      /at least 1/,
    );
  });

  test('--faults merges a JSON Faults object over the flags, in order', () => {
    const listLie = {
      pathPattern: '^/api/systemusers$',
      kind: 'empty-page',
      times: 1,
    };
    const args = parseSimulatorArgs([
      '--faults',
      JSON.stringify({ eventsPageCap: 9, listLie }),
      '--events-page-cap',
      '5',
      '--latency',
      '10',
      '--faults',
      '{"statusFaults":[{"pathPattern":"^/api/systems$","status":403}]}',
    ]);
    expect(args.faults).toEqual({
      latencyMs: 10,
      eventsPageCap: 9,
      listLie,
      statusFaults: [{ pathPattern: '^/api/systems$', status: 403 }],
    });
  });

  test('--faults refuses bad JSON, unknown keys and malformed faults', () => {
    expect(() => parseSimulatorArgs(['--faults', '{nope'])).toThrow(
      /--faults is not JSON/,
    );
    expect(() => parseSimulatorArgs(['--faults', '[]'])).toThrow(
      /--faults: faults must be an object/,
    );
    expect(() =>
      parseSimulatorArgs(['--faults', '{"stallBodies":{}}']),
    ).toThrow(
      /--faults: unknown key "stallBodies" in faults; known: .*stallBody/,
    );
    expect(() =>
      parseSimulatorArgs([
        '--faults',
        '{"statusFaults":[{"pathPattern":"x","status":418}]}',
      ]),
    ).toThrow(/statusFaults\[0\]\.status must be one of 402, 403, 404, 500/);
    expect(() =>
      parseSimulatorArgs(['--faults', '{"neverAnswer":{"times":1}}']),
    ).toThrow(/neverAnswer\.pathPattern/);
    expect(() =>
      parseSimulatorArgs(['--faults', '{"insightsPaging":{"kind":"loop"}}']),
    ).toThrow(/insightsPaging\.kind/);
  });
});
