/**
 * The first error of a collector's log, as `npm start` tells it when a
 * collection fails: read from the SDK's log lines, and, when the CLI died
 * before logging anything, from the error it printed.
 */
import {
  firstError,
  stepFailures,
  withoutColours,
} from '../runner/collectorLog';

const esc = '\u001b';
/** One log line as bunyan-format's "short" mode prints it, with colours. */
const line = (level: string, message: string, fields = '') =>
  `${esc}[90m19:07:26.747Z${esc}[39m ${esc}[35m ${level}${esc}[39m Local: ${esc}[36m${message}${esc}[39m${esc}[90m${fields}${esc}[39m`;

test('the first error logged wins over later ones and over warnings', () => {
  const output = [
    line('INFO', 'Starting execution with config...'),
    line('WARN', 'The API key cannot read devices; skipped.'),
    line(
      'WARN',
      'Step "Fetch Users" failed to complete due to error. Failed to access provider resource. (errorCode="PROVIDER_AUTHENTICATION_ERROR", errorId="x", reason="Provider authentication failed at GET http://h/api/systemusers?limit=100: 401 Unauthorized: why")',
      ' (errorId=x)',
    ),
    '  Error: Provider authentication failed at GET http://h/api/systemusers',
    '      at HttpClient.failure (/work/main/src/client/http.ts:379:24)',
    line(
      'ERROR',
      'Step "Fetch Groups" failed to complete due to error. (errorCode="PROVIDER_API_ERROR", reason="later")',
    ),
  ].join('\n');
  expect(firstError(output)).toEqual({
    step: 'Fetch Users',
    validation: false,
    code: 'PROVIDER_AUTHENTICATION_ERROR',
    reason: '401 Unauthorized: why (GET http://h/api/systemusers)',
  });
  expect([...stepFailures(output).keys()]).toEqual([
    'Fetch Users',
    'Fetch Groups',
  ]);
});

test('a failed configuration check is told as such', () => {
  const output = line(
    'WARN',
    'Error occurred while validating integration configuration. (errorCode="PROVIDER_RETRIES_EXCEEDED_ERROR", errorId="y", reason="Provider retries exceeded at GET http://127.0.0.1:1/api/organizations?limit=100: network error (gave up reading organizations after 3 attempts)")',
  );
  expect(firstError(output)).toEqual({
    step: undefined,
    validation: true,
    code: 'PROVIDER_RETRIES_EXCEEDED_ERROR',
    reason:
      'network error (gave up reading organizations after 3 attempts) (GET http://127.0.0.1:1/api/organizations)',
  });
});

test('without log lines, the error the CLI printed, not its stack', () => {
  const output = [
    'TypeScript files detected. Registering ts-node.',
    'IntegrationLocalConfigFieldMissingError: Expected environment variable "API_KEY" for config field "apiKey" to be set.',
    '    at configFieldMissingError (/x/config.js:1:1)',
    "  code: 'LOCAL_CONFIG_FIELD_MISSING',",
  ].join('\n');
  expect(firstError(output)).toEqual({
    validation: false,
    reason:
      'Expected environment variable "API_KEY" for config field "apiKey" to be set.',
  });
  expect(firstError('nothing here\n')).toBeUndefined();
  expect(withoutColours(line('INFO', 'x'))).toBe(
    '19:07:26.747Z  INFO Local: x',
  );
});
