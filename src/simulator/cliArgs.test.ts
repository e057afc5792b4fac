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
        '--port 0 --key K --users 1000 --groups 50 --members 20 --apps 20 --events 10000 --days 30 ' +
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
