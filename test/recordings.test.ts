/**
 * The committed HTTP recordings (`src/**\/__recordings__`): one per API area,
 * and never a key in any of them.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../report/collections';
import { findRecordings } from '../runner/record';
import { keysIn } from './recording';

let recordings: string[];
beforeAll(async () => {
  recordings = await findRecordings(path.join(PROJECT_ROOT, 'src'));
});

test('there is a recording for each API area', () => {
  const names = recordings.map((file) =>
    path.basename(path.dirname(file)).replace(/_\d+$/, ''),
  );
  expect(names.sort()).toEqual(
    [
      'application-assignments',
      'fetch-admins',
      'fetch-auth-policies',
      'fetch-device-groups',
      'fetch-devices',
      'fetch-groups',
      'fetch-saas-management',
      'fetch-users',
      'group-memberships',
      'sso-sign-ins',
    ].sort(),
  );
});

test('no recording holds a key: x-api-key is redacted before anything is written', async () => {
  for (const file of recordings) {
    const text = await fs.readFile(file, 'utf8');
    expect([path.relative(PROJECT_ROOT, file), keysIn(text)]).toEqual([
      path.relative(PROJECT_ROOT, file),
      [],
    ]);
    expect(text).toContain('"name": "x-api-key"');
  }
});

test('the check finds a key left in a recording', () => {
  const har = (value: string, body = '') =>
    JSON.stringify({
      log: {
        entries: [
          {
            request: { headers: [{ name: 'X-Api-Key', value }] },
            response: { content: { text: body } },
          },
        ],
      },
    });
  expect(keysIn(har('[REDACTED]'))).toEqual([]);
  expect(keysIn(har('some-simulator-key'))).toEqual(['some-simulator-key']);
  expect(
    keysIn(har('[REDACTED]', 'token jca_0123456789abcdefghijklmnopqrstuv')),
  ).toEqual(['jca_0123456789abcdefghijklmnopqrstuv']);
});
