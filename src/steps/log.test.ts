import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import { logSkipped } from './log';

function linesLogged(reasons: Parameters<typeof logSkipped>[2]): string[] {
  const logger = createMockIntegrationLogger();
  const info = jest.spyOn(logger, 'info');
  logSkipped(logger, 'device binding', reasons);
  return info.mock.calls.map((call) => call[1] as unknown as string);
}

test('one line with the exact total and every reason that applied, in plain English for 1 and for many', () => {
  expect(
    linesLogged({
      users: [2, 'to users that were not collected'],
      none: [0, 'never shown'],
      other: [1, 'to another kind of object'],
    }),
  ).toEqual([
    'Skipped 3 device bindings: 2 to users that were not collected, 1 to another kind of object.',
  ]);
});

test('one skipped reads in the singular', () => {
  expect(
    linesLogged({ users: [1, 'to a user that was not collected'] }),
  ).toEqual(['Skipped 1 device binding: 1 to a user that was not collected.']);
});

test('nothing skipped, nothing said', () => {
  expect(linesLogged({ users: [0, 'to users'] })).toEqual([]);
});
