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

test('the clean-value shortcut gives what the full cleaning gives', () => {
  const reference = (text: string) =>
    text
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ') // eslint-disable-line no-control-regex
      .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
        '',
      )
      .replace(/\s+/g, ' ')
      .trim() || undefined;
  const alphabet = [
    'a',
    'Z',
    '7',
    ' ',
    '  ',
    '\t',
    '\n',
    '\u0000',
    '\u0085',
    '\u00a0',
    '\u2028',
    '\ufeff',
    '\u3000',
    '\u202e',
    '\u2066',
    'é',
    '✓',
    '🚀',
    '\ud83d',
    '\ude80',
    '-',
    '@',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 5000; n++) {
    let text = '';
    for (let k = next() % 8; k > 0; k--)
      text += alphabet[next() % alphabet.length];
    expect([text, cleanString(text)]).toEqual([text, reference(text)]);
  }
  expect(cleanString('already clean')).toBe('already clean');
  expect(cleanString('')).toBeUndefined();
  expect(cleanString(42)).toBe('42');
});
