import { JsonArrayPieces, parseJsonBody } from './json';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Each body parsed in pieces of `piece` bytes, against JSON.parse of it whole. */
function expectSameAsJsonParse(text: string, piece: number) {
  expect(parseJsonBody(bytes(text), piece)).toEqual(JSON.parse(text));
}

const events = Array.from({ length: 300 }, (_, i) => ({
  id: `e${i}`,
  timestamp: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
  initiated_by: { id: `u${i % 7}`, type: 'user' },
  // Quotes, backslashes, brackets and commas inside strings, and non-ASCII.
  application: { id: 'a1', name: `Ap"p\\ [${i}], {x} Zürich ✓ 🚀` },
  tags: i % 3 === 0 ? [] : [[i], { n: null, t: true, f: -1.5e3 }],
}));

test('a top-level array in pieces is the array JSON.parse reads', () => {
  const text = JSON.stringify(events);
  for (const piece of [1, 50, 700, 4096]) {
    const parsed = parseJsonBody(bytes(text), piece) as typeof events;
    expect(parsed).toHaveLength(300);
    expect(parsed[299].application.name).toBe('Ap"p\\ [299], {x} Zürich ✓ 🚀');
    expect(parsed).toEqual(events);
  }
});

test('an object with arrays as members keeps every member, in order', () => {
  const text = `  {"totalCount": 300, "results": ${JSON.stringify(events)},
    "next": {"a": [1, 2]}, "ids": ${JSON.stringify(
      events.map((e) => e.id),
    )}, "x": "]"} \n`;
  const parsed = parseJsonBody(bytes(text), 100) as Record<string, unknown>;
  expect(Object.keys(parsed)).toEqual([
    'totalCount',
    'results',
    'next',
    'ids',
    'x',
  ]);
  expect(parsed.results).toEqual(events);
  expect((parsed.ids as string[])[150]).toBe('e150');
  expectSameAsJsonParse(text, 100);
});

test('bodies read whole: scalars, small arrays, a key named __proto__, a repeated key', () => {
  expectSameAsJsonParse('"just a string"', 2);
  expectSameAsJsonParse('[]', 1);
  expectSameAsJsonParse('{"results": [1, 2, 3]}', 1000);
  const proto = parseJsonBody(
    bytes(`{"__proto__": ${JSON.stringify(events)}}`),
    100,
  ) as Record<string, unknown>;
  expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toEqual(
    events,
  );
  // The later value of a repeated key wins, as in JSON.parse.
  expectSameAsJsonParse(
    `{"results": ${JSON.stringify(events)}, "results": []}`,
    100,
  );
});

test.each([
  ['a stray comma', `[${JSON.stringify(events).slice(1, -1)},]`],
  ['two commas', `[${JSON.stringify(events).slice(1, -1)},,{"a":1}]`],
  ['an unterminated array', JSON.stringify(events).slice(0, -1)],
  ['an unterminated string', `[${'{"a":"b"},'.repeat(100)}{"a":"b]`],
  ['text after the value', `${JSON.stringify(events)} x`],
  ['two values', `${JSON.stringify(events)}${JSON.stringify(events)}`],
  ['a bad token inside an element', `[${'{"a":1},'.repeat(100)}{"a":tru}]`],
  ['a member without its colon', `{"results" ${JSON.stringify(events)}}`],
  ['HTML', `<html>${'x'.repeat(5000)}</html>`],
])('%s is a SyntaxError, as JSON.parse says', (_, text) => {
  expect(() => JSON.parse(text)).toThrow(SyntaxError);
  expect(() => parseJsonBody(bytes(text), 64)).toThrow(SyntaxError);
});

describe('JsonArrayPieces', () => {
  test('a JSON array: its length at once, its elements a piece at a time', () => {
    const pieces = JsonArrayPieces.of<(typeof events)[0]>(
      bytes(JSON.stringify(events)),
      2000,
    );
    expect(pieces?.length).toBe(300);
    const read = [...(pieces?.pieces() ?? [])];
    expect(read.length).toBeGreaterThan(10);
    for (const piece of read.slice(0, -1)) {
      expect(Buffer.byteLength(JSON.stringify(piece))).toBeGreaterThanOrEqual(
        2000,
      );
    }
    expect(read.flat()).toEqual(events);
  });

  test('empty and small arrays are one piece', () => {
    expect(JsonArrayPieces.of(bytes(' [ ] '))?.length).toBe(0);
    expect([...(JsonArrayPieces.of(bytes(' [ ] '))?.pieces() ?? [])]).toEqual([
      [],
    ]);
    expect([
      ...(JsonArrayPieces.of(bytes('[1,[2,3]]'))?.pieces() ?? []),
    ]).toEqual([[1, [2, 3]]]);
  });

  test.each([
    ['an object', '{"results": [1, 2]}'],
    ['a truncated array', JSON.stringify(events).slice(0, -3)],
    ['a stray comma', '[1,,2]'],
    ['HTML', '<html></html>'],
  ])('%s is not an array read in pieces', (_, text) => {
    expect(JsonArrayPieces.of(bytes(text), 64)).toBeUndefined();
  });

  test('a bad token is a SyntaxError when its piece is read, not before', () => {
    const text = `[${'{"a":1},'.repeat(50)}{"a":tru}]`;
    const pieces = JsonArrayPieces.of(bytes(text), 64);
    expect(pieces?.length).toBe(51);
    const iterator = pieces?.pieces()[Symbol.iterator]();
    expect(iterator?.next().value).toEqual(Array(9).fill({ a: 1 }));
    expect(() => {
      for (;;) if (iterator?.next().done) break;
    }).toThrow(SyntaxError);
  });
});
