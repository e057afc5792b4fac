/**
 * Bodies longer than this are decoded and parsed in pieces of about this many
 * bytes. A body read as one string is, past 128 KB, one object in V8's
 * large-object space, which only a full garbage collection frees: a users
 * page (about 140 KB) or a sign-in page (several MB) each left that much
 * garbage for the old generation, and V8 grew the heap to match. Pieces are
 * young objects that die young.
 */
export const JSON_PIECE_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * `JSON.parse` of a UTF-8 body, with the same result and the same
 * `SyntaxError`s. A large body whose top-level value is an array, or an
 * object with arrays as members (`{"totalCount": …, "results": [...]}`), has
 * those arrays' elements decoded and parsed a piece at a time; anything the
 * piece-wise reading does not recognise is parsed whole.
 */
export function parseJsonBody(
  bytes: Buffer,
  pieceBytes = JSON_PIECE_BYTES,
): unknown {
  const layout =
    bytes.length > pieceBytes ? layoutOf(bytes, pieceBytes) : undefined;
  if (!layout) return JSON.parse(bytes.toString('utf8'));
  const items = layout.arrays.map((array) => [...pieces(bytes, array)].flat());
  const [first] = layout.arrays;
  if (first.key === undefined) return items[0];

  // The object without its split arrays' elements, then the elements put back.
  let skeleton = '';
  let from = layout.start;
  for (const array of layout.arrays) {
    skeleton += bytes.toString('utf8', from, array.open) + '[]';
    from = array.close + 1;
  }
  skeleton += bytes.toString('utf8', from, layout.end + 1);
  const object = JSON.parse(skeleton) as Record<string, unknown>;
  layout.arrays.forEach((array, i) => {
    Object.defineProperty(object, JSON.parse(array.key as string) as string, {
      value: items[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return object;
}

/**
 * A body that is a JSON array, its elements parsed a piece at a time when
 * they are read, so that a consumer done with one piece before the next
 * leaves nothing alive from it. The structure (brackets, strings, commas) is
 * checked up front; a piece with an invalid token throws its `SyntaxError`
 * when it is read.
 */
export class JsonArrayPieces<T = unknown> {
  private constructor(
    private readonly bytes: Buffer,
    private readonly array: SplitArray,
  ) {}

  /** The body's array, or undefined when the body is not one. */
  static of<T>(
    bytes: Buffer,
    pieceBytes = JSON_PIECE_BYTES,
  ): JsonArrayPieces<T> | undefined {
    const layout = layoutOf(bytes, pieceBytes, { topArrayAlways: true });
    const [array] = layout?.arrays ?? [];
    return array && array.key === undefined
      ? new JsonArrayPieces<T>(bytes, array)
      : undefined;
  }

  /** Elements in the array. */
  get length(): number {
    return this.array.elements;
  }

  /** The elements, a piece at a time. */
  pieces(): Iterable<T[]> {
    return pieces(this.bytes, this.array) as Iterable<T[]>;
  }
}

/** An array to read in pieces: its brackets and where its pieces end. */
interface SplitArray {
  /** The member's key (JSON text) when the array is a member of the top-level object. */
  key?: string;
  open: number;
  close: number;
  /** Commas between elements at which a piece ends. */
  cuts: number[];
  elements: number;
}

interface Layout {
  start: number;
  end: number;
  /** In order of appearance; the top-level array itself has no key. */
  arrays: SplitArray[];
}

/**
 * One pass over the bytes: strings are skipped whole (to their closing
 * quote), brackets counted. Undefined when the body is not a single array or
 * object, does not end where it should, has an empty element (a stray
 * comma), repeats a key of the top-level object, or has nothing worth
 * splitting: such a body is parsed whole.
 */
function layoutOf(
  bytes: Buffer,
  pieceBytes: number,
  { topArrayAlways = false } = {},
): Layout | undefined {
  const start = skipSpace(bytes, 0);
  const top = bytes[start];
  if (top !== OPEN_ARRAY && top !== OPEN_OBJECT) return undefined;
  // Elements of a split array sit at this depth.
  const elementDepth = top === OPEN_ARRAY ? 1 : 2;
  const arrays: SplitArray[] = [];
  const keys = new Set<string>();
  let key: string | undefined;
  let current: SplitArray | undefined;
  let pieceStart = 0;
  // Whether the current element of `current` has any content yet.
  let element = false;
  let depth = 0;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i];
    if (isSpace(c)) continue;
    if (c === QUOTE) {
      const close = closingQuote(bytes, i);
      if (close < 0) return undefined;
      if (depth === 1 && top === OPEN_OBJECT) {
        const next = skipSpace(bytes, close + 1);
        if (bytes[next] === COLON) {
          key = bytes.toString('utf8', i, close + 1);
          if (keys.has(key)) return undefined;
          keys.add(key);
        }
      }
      i = close;
      element = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      element = true;
      depth++;
      if (c === OPEN_ARRAY && depth === elementDepth) {
        // A member array comes right after its key.
        if (top === OPEN_OBJECT && key === undefined) return undefined;
        current = { key, open: i, close: -1, cuts: [], elements: 0 };
        pieceStart = i + 1;
        element = false;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (current && depth === elementDepth) {
        if (element) current.elements++;
        else if (current.elements > 0) return undefined; // `[1,]`
        current.close = i;
        if (
          current.close - current.open > pieceBytes ||
          (topArrayAlways && top === OPEN_ARRAY)
        ) {
          arrays.push(current);
        }
        current = undefined;
      }
      depth--;
      if (depth === 0) {
        if (skipSpace(bytes, i + 1) !== bytes.length) return undefined;
        return arrays.length > 0 ? { start, end: i, arrays } : undefined;
      }
    } else if (c === COMMA && current && depth === elementDepth) {
      if (!element) return undefined; // `[,1]`, `[1,,2]`
      current.elements++;
      element = false;
      if (i - pieceStart >= pieceBytes) {
        current.cuts.push(i);
        pieceStart = i + 1;
      }
    } else {
      if (c === COMMA && depth === 1) key = undefined;
      element = true;
    }
  }
  return undefined;
}

/** The elements of one array, each piece decoded and parsed on its own. */
function* pieces(bytes: Buffer, array: SplitArray): Generator<unknown[]> {
  let from = array.open + 1;
  for (const end of [...array.cuts, array.close]) {
    yield JSON.parse(`[${bytes.toString('utf8', from, end)}]`) as unknown[];
    from = end + 1;
  }
}

/** Index of the quote closing the string opened at `open`, or -1. */
function closingQuote(bytes: Buffer, open: number): number {
  let quote = open;
  for (;;) {
    quote = bytes.indexOf(QUOTE, quote + 1);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
}

function skipSpace(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/** JSON's whitespace: space, line feed, carriage return, tab. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
