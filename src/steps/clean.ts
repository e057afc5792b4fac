import { parseTimePropertyValue } from '@jupiterone/integration-sdk-core';

/**
 * Every value from JumpCloud passes through here on its way into an entity, so
 * that one odd record (control characters, a 10,000-character field, an e-mail
 * that is not an e-mail, a date that is not a date) can never fail the schema
 * check, and with it the whole step.
 */

export const MAX_STRING_LENGTH = 1000;

// C0/C1 control characters and unpaired UTF-16 surrogates.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g; // eslint-disable-line no-control-regex
// Bidirectional embeddings, overrides and isolates: they make a name read
// differently from what it is ("Trojan Source"), in a console or a report.
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATES =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Deliberately simple: what the data model's "email" format accepts, less the
// exotic forms (quoted local parts, IP literals) no directory hands out.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

// Anything the replacements below would change: one test lets the usual
// value (already clean) through without five passes over it.
const NEEDS_CLEANING =
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|[^\S ]| {2}|^ | $/; // eslint-disable-line no-control-regex

/** A readable single-line string, or undefined for null, empty or non-strings. */
export function cleanString(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const raw = String(value);
  if (raw.length <= MAX_STRING_LENGTH && !NEEDS_CLEANING.test(raw)) {
    return raw || undefined;
  }
  let text = raw
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(DIRECTION_CONTROLS, '')
    .replace(LONE_SURROGATES, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_STRING_LENGTH) {
    text = `${text.slice(0, MAX_STRING_LENGTH - 1)}…`;
  }
  return text || undefined;
}

/** A valid e-mail address, lower-cased, or undefined. */
export function cleanEmail(value: unknown): string | undefined {
  const text = cleanString(value);
  return text && text.length <= 254 && EMAIL.test(text)
    ? text.toLowerCase()
    : undefined;
}

/** Epoch milliseconds from an ISO date (any sub-second precision), or undefined. */
export function cleanTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const time = parseTimePropertyValue(value);
  return typeof time === 'number' && Number.isFinite(time) ? time : undefined;
}

/** true only for a real boolean true: JumpCloud's flags may be null or absent. */
export function isTrue(value: unknown): boolean {
  return value === true;
}

/** The first value that cleans to a non-empty string. */
export function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = cleanString(value);
    if (text) return text;
  }
  return undefined;
}
