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
  const step = /^Step "([^"]+)" failed to complete due to error\./.exec(
    message,
  );
  const reason = readQuotedField(message, 'reason');
  if (step && reason) return `${step[1]}: ${shortenProviderError(reason)}`;
  return reason ? `${message.split(' (')[0]}: ${reason}` : message;
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
    /^Provider [A-Za-z ]+ failed at (?:([A-Z]+) )?(\S+?): (.*)$/s.exec(reason);
  if (!match) return reason;
  const [, method, url, rest] = match;
  return `${rest} (${method ? `${method} ` : ''}${url.split('?')[0]})`;
}
