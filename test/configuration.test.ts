/**
 * One check of the configuration, whoever asks: `npm start` (with or without
 * a key) and the integration itself (readSettings) refuse the same values
 * with the same sentence.
 */
import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import {
  checkConfiguration,
  CONFIG_ENVIRONMENT_VARIABLES,
  configFromEnvironment,
  instanceConfigFields,
  IntegrationConfig,
  readSettings,
} from '../src/config';

/** Each bad value, and the one sentence that refuses it. */
const REFUSED: [Record<string, string>, string][] = [
  [
    { REGION: 'asia' },
    'Config region (REGION) "asia" is not a JumpCloud region; use one of: us, eu, in.',
  ],
  [
    { ORG_ID: 'acme' },
    'Config orgId (ORG_ID) "acme" is not a JumpCloud organization id (24 hexadecimal characters) nor "all".',
  ],
  [
    { API_BASE_URL: 'console.jumpcloud.com/api' },
    'Config apiBaseUrl (API_BASE_URL) "console.jumpcloud.com/api" is not a valid URL; use an http or https URL such as https://console.jumpcloud.com/api.',
  ],
  [
    { INSIGHTS_API_BASE_URL: 'ftp://x/y' },
    'Config insightsApiBaseUrl (INSIGHTS_API_BASE_URL) "ftp://x/y" must be an http or https URL.',
  ],
  [
    { SSO_EVENTS_DAYS: '0' },
    'Config ssoEventsDays (SSO_EVENTS_DAYS) "0" must be a whole number from 1 to 90.',
  ],
  [
    { SSO_EVENTS_DAYS: 'a month' },
    'Config ssoEventsDays (SSO_EVENTS_DAYS) "a month" must be a whole number from 1 to 90.',
  ],
  [
    { MAX_CONCURRENT_REQUESTS: '0' },
    'Config maxConcurrentRequests (MAX_CONCURRENT_REQUESTS) "0" must be a whole number from 1 to 50.',
  ],
  [
    { JUMPCLOUD_MAX_ATTEMPTS: '0' },
    'Operator setting JUMPCLOUD_MAX_ATTEMPTS "0" must be a whole number from 1 to 100.',
  ],
  [
    { JUMPCLOUD_RETRY_BASE_DELAY_MS: '1s' },
    'Operator setting JUMPCLOUD_RETRY_BASE_DELAY_MS "1s" must be a whole number from 0 to 600000.',
  ],
  [
    { JUMPCLOUD_RETRY_MAX_DELAY_MS: '-1' },
    'Operator setting JUMPCLOUD_RETRY_MAX_DELAY_MS "-1" must be a whole number from 0 to 600000.',
  ],
  [
    { JUMPCLOUD_REQUEST_TIMEOUT_MS: '0.5' },
    'Operator setting JUMPCLOUD_REQUEST_TIMEOUT_MS "0.5" must be a whole number from 100 to 600000.',
  ],
];

const EMPTY_KEY =
  'Config apiKey (API_KEY) is set but empty; set it to the JumpCloud API key of an administrator, or remove it to collect the built-in demo tenant.';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(IntegrationValidationError);
    return (err as Error).message;
  }
  throw new Error('not refused');
}

const check = (variables: Record<string, string>, keyOptional = true) =>
  checkConfiguration(configFromEnvironment(variables), {
    environment: variables,
    keyOptional,
  });

describe('checkConfiguration', () => {
  test.each(REFUSED)(
    '%j is refused in one sentence, with or without a key',
    (variables, sentence) => {
      expect(refusal(() => check(variables))).toBe(sentence);
      expect(refusal(() => check({ ...variables, API_KEY: 'k' }))).toBe(
        sentence,
      );
    },
  );

  test.each([[''], ['   '], ['\t\n']])(
    'API_KEY set to %j is refused, naming API_KEY, not taken for "no key"',
    (key) => {
      expect(refusal(() => check({ API_KEY: key }))).toBe(EMPTY_KEY);
    },
  );

  test('no key at all is allowed when the key is optional, and the rest still checked', () => {
    const checked = check({ REGION: 'EU', SSO_EVENTS_DAYS: '7' });
    expect(checked.apiKey).toBeUndefined();
    expect(checked).toMatchObject({
      region: 'eu',
      ssoEventsDays: 7,
      apiBaseUrl: 'https://console.eu.jumpcloud.com/api',
    });
  });

  test('the operator settings are read when valid, and empty means unset', () => {
    expect(
      check({
        JUMPCLOUD_MAX_ATTEMPTS: '3',
        JUMPCLOUD_RETRY_BASE_DELAY_MS: '0',
        JUMPCLOUD_RETRY_MAX_DELAY_MS: '',
        JUMPCLOUD_REQUEST_TIMEOUT_MS: ' 5000 ',
      }).operator,
    ).toEqual({ maxAttempts: 3, baseDelayMs: 0, timeoutMs: 5000 });
  });
});

describe('readSettings, which the integration uses, refuses the same', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env))
      if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  test.each(REFUSED)('%j', (variables, sentence) => {
    const config = configFromEnvironment({ API_KEY: 'k', ...variables });
    Object.assign(process.env, variables);
    expect(refusal(() => readSettings(config as IntegrationConfig))).toBe(
      sentence,
    );
  });

  test('a missing or blank key is required, as before', () => {
    for (const apiKey of [undefined, '', '  '])
      expect(refusal(() => readSettings({ apiKey } as IntegrationConfig))).toBe(
        'Config requires apiKey (API_KEY): the JumpCloud API key of an administrator.',
      );
  });
});

test('each field is read from the variable the SDK reads it from (apiKey -> API_KEY)', () => {
  const sdkRule = (field: string) =>
    field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  expect(Object.keys(CONFIG_ENVIRONMENT_VARIABLES).sort()).toEqual(
    Object.keys(instanceConfigFields).sort(),
  );
  for (const [field, variable] of Object.entries(CONFIG_ENVIRONMENT_VARIABLES))
    expect(variable).toBe(sdkRule(field));
  expect(configFromEnvironment({ API_KEY: '', REGION: 'eu' })).toEqual({
    apiKey: '',
    region: 'eu',
  });
});
