/**
 * Reading the log `j1-integration collect` (and `run`) prints. The SDK always
 * logs through bunyan-format in its "short" mode, with colours, also when the
 * output is a pipe:
 *
 *   <grey>19:07:26.747Z</grey> <magenta> WARN</magenta> Local: <cyan>message</cyan><grey> (k=v, ...)</grey>
 *
 * followed, for some entries, by indented detail lines (stack traces,
 * objects). Only the first line of an entry matters here.
 */

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface LogEntry {
  level: LogLevel;
  message: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without its colour codes, as a file should hold it. */
export function withoutColours(text: string): string {
  return text.replace(ANSI, '');
}
const HEADER =
  /^\s*\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+[^\s:]+:\s(.*)$/;
/** The message is the one cyan run of the line (bunyan-format's choice). */
// eslint-disable-next-line no-control-regex
const CYAN_RUN = /\u001b\[36m([\s\S]*?)\u001b\[39m/;

export function parseCollectorLog(output: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const raw of output.split('\n')) {
    const plain = raw.replace(ANSI, '');
    const header = HEADER.exec(plain);
    if (!header) continue;
    const cyan = CYAN_RUN.exec(raw);
    // Without colours (another formatter setting) the fields in parentheses
    // stay on the message; that is still readable.
    const message = cyan ? cyan[1] : header[2];
    entries.push({ level: header[1] as LogLevel, message: message.trim() });
  }
  return entries;
}

/**
 * What a person should know was left out of a collection, and why: every
 * warning and error of the log (a failed step says why it failed) and every
 * info line that starts with "Skipped" (records the steps counted and left
 * out on purpose). Each once, in the order logged.
 */
export function skippedAndWhy(output: string): string[] {
  const lines: string[] = [];
  for (const entry of parseCollectorLog(output)) {
    const isProblem =
      entry.level === 'WARN' ||
      entry.level === 'ERROR' ||
      entry.level === 'FATAL';
    if (isProblem) lines.push(describeProblem(entry.message));
    else if (entry.level === 'INFO' && entry.message.startsWith('Skipped'))
      lines.push(entry.message);
  }
  return [...new Set(lines)];
}

/**
 * A step failure reads 'Step "X" failed to complete due to error. <generic
 * advice> (errorCode="…", errorId="…", reason="…")'; the reason is the part
 * worth reading, so it becomes 'X: <reason>'.
 */
function describeProblem(message: string): string {
  const problem = readProblem(message);
  if (problem.step && problem.reason)
    return `${problem.step}: ${problem.reason}`;
  return problem.reason
    ? `${message.split(' (')[0]}: ${problem.reason}`
    : message;
}

/** An error the collector logged: where it happened and why. */
export interface CollectorError {
  /** The step's name, when a step failed. */
  step?: string;
  /** The configuration check (validateInvocation) failed. */
  validation: boolean;
  /** The SDK's error code, e.g. PROVIDER_AUTHENTICATION_ERROR. */
  code?: string;
  /** The error's own words, shortened (no boilerplate, no stack). */
  reason: string;
}

/**
 * The first error of a collector's log: the first entry logged as ERROR or
 * FATAL, or as a WARN that carries an error (the SDK logs a failed step and
 * a failed configuration check that way); failing that, the first line of an
 * uncaught error the CLI printed ("SomeError: why"). Undefined when the log
 * holds neither.
 */
export function firstError(output: string): CollectorError | undefined {
  for (const entry of parseCollectorLog(output)) {
    const isError =
      entry.level === 'ERROR' ||
      entry.level === 'FATAL' ||
      (entry.level === 'WARN' && /\berrorCode="/.test(entry.message));
    if (!isError) continue;
    const problem = readProblem(entry.message);
    return {
      step: problem.step,
      validation:
        /^Error occurred while validating integration configuration\b/.test(
          entry.message,
        ),
      code: problem.code,
      reason: problem.reason ?? entry.message,
    };
  }
  for (const line of withoutColours(output).split('\n')) {
    // Not indented: a stack or an object printed with the error is.
    const uncaught = /^(?:[A-Z][A-Za-z]*)?Error(?: \[[A-Z_]+\])?: (.+)$/.exec(
      line,
    );
    if (uncaught)
      return {
        validation: false,
        reason: shortenProviderError(uncaught[1].trim()),
      };
  }
  return undefined;
}

/** Why each step failed, by step name, as the collector logged it (the first time). */
export function stepFailures(output: string): Map<string, CollectorError> {
  const failures = new Map<string, CollectorError>();
  for (const entry of parseCollectorLog(output)) {
    if (!['WARN', 'ERROR', 'FATAL'].includes(entry.level)) continue;
    const problem = readProblem(entry.message);
    if (problem.step && problem.reason && !failures.has(problem.step))
      failures.set(problem.step, {
        step: problem.step,
        validation: false,
        code: problem.code,
        reason: problem.reason,
      });
  }
  return failures;
}

function readProblem(message: string): {
  step?: string;
  code?: string;
  reason?: string;
} {
  const step = /^Step "([^"]+)" failed to complete due to error\./.exec(
    message,
  );
  const reason = readQuotedField(message, 'reason');
  return {
    step: step?.[1],
    code: readQuotedField(message, 'errorCode'),
    reason: reason === undefined ? undefined : shortenProviderError(reason),
  };
}

/** The SDK writes the fields with JSON.stringify: name="…". */
function readQuotedField(message: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}=("(?:[^"\\\\]|\\\\.)*")`).exec(message);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]) as string;
  } catch {
    return undefined;
  }
}

/**
 * "Provider authorization failed at GET https://…/members?limit=100: 403
 * Forbidden: why" reads better as "403 Forbidden: why (GET https://…)".
 */
function shortenProviderError(reason: string): string {
  const match =
    /^Provider [A-Za-z ]+ (?:failed|exceeded) at (?:([A-Z]+) )?(\S+?): (.*)$/s.exec(
      reason,
    );
  if (!match) return reason;
  const [, method, url, rest] = match;
  return `${rest} (${method ? `${method} ` : ''}${url.split('?')[0]})`;
}
