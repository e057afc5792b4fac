import { cleanString } from './clean';

test('direction overrides and isolates are removed: a name reads as it is', () => {
  // "admin" written backwards behind a right-to-left override, and isolates.
  expect(cleanString('Eve\u202Enimda\u202C')).toBe('Evenimda');
  for (const mark of [
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
  ]) {
    expect(cleanString(`a${mark}b`)).toBe('ab');
  }
  // Right-to-left scripts themselves are kept.
  expect(cleanString('مهندس برمجيات')).toBe('مهندس برمجيات');
});

test('control characters become spaces and runs of space collapse', () => {
  expect(cleanString('Tab\tSeparated\u0000Name')).toBe('Tab Separated Name');
});
