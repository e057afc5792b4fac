import {
  mutations,
  Recording,
  RecordingEntry,
  setupRecording,
} from '@jupiterone/integration-sdk-testing';
import { promises as fs, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { IntegrationConfig } from '../src/config';

/**
 * Step tests that replay committed HTTP recordings (`__recordings__/` next to
 * each step), the JupiterOne SDK's usual path. `npm run record` sets
 * JUMPCLOUD_RECORD=true and points the configuration at a tenant (the
 * simulator by default, or a real one with API_KEY) to make them again;
 * otherwise they are replayed and nothing leaves the machine: a request
 * without a recording fails the test.
 */
export const RECORDING = process.env.JUMPCLOUD_RECORD === 'true';

/** Stands in for the key in replays: recordings hold no key. */
const REPLAY_API_KEY = 'replayed-recordings-need-no-key';

/**
 * The configuration: in record mode the tenant `npm run record` named; in
 * replay the default (US) hosts, which recordings match by path, whatever
 * host they were made from.
 */
export function recordingConfig(): IntegrationConfig {
  if (!RECORDING) return { apiKey: REPLAY_API_KEY };
  const env = process.env;
  return {
    apiKey: env.API_KEY ?? '',
    orgId: env.ORG_ID,
    region: env.REGION,
    apiBaseUrl: env.API_BASE_URL,
    insightsApiBaseUrl: env.INSIGHTS_API_BASE_URL,
  };
}

/**
 * A Polly recording of one step test: `x-api-key` redacted before anything
 * is written, gzip bodies stored as text, failed answers kept (a 404 is part
 * of the exchange), and requests matched by method, path and query in order:
 * the host (simulator or JumpCloud) and the bodies (Directory Insights
 * queries carry the time) are left out of the match.
 */
export function setupJumpCloudRecording(
  directory: string,
  name: string,
): Recording {
  const restoreClock = RECORDING
    ? undefined
    : replayAtRecordedTime(directory, name);
  const recording = setupRecording({
    directory,
    name,
    redactedRequestHeaders: ['x-api-key'],
    mutateEntry: (entry) => mutations.unzipGzippedRecordingEntry(entry),
    options: {
      mode: RECORDING ? 'record' : 'replay',
      recordIfMissing: RECORDING,
      recordFailedRequests: true,
      matchRequestsBy: {
        headers: false,
        body: false,
        order: true,
        url: {
          protocol: false,
          username: false,
          password: false,
          hostname: false,
          port: false,
          pathname: true,
          query: true,
          hash: false,
        },
      },
    },
  });
  if (!restoreClock) return recording;
  const stop = recording.stop.bind(recording);
  recording.stop = async () => {
    restoreClock();
    await stop();
  };
  return recording;
}

/**
 * Replays run at the time their recording was made: the sign-in window ends
 * at the run's clock, and a recording's events must stay inside it however
 * old the recording is. The clock (Date.now) is moved back to the end of
 * the first Directory Insights query recorded, and goes on from there; it is
 * put back when the recording stops. Recordings without a query keep the
 * real clock.
 */
function replayAtRecordedTime(
  directory: string,
  name: string,
): (() => void) | undefined {
  const recordings = path.join(directory, '__recordings__');
  let folder: string | undefined;
  try {
    folder = readdirSync(recordings).find((f) => f.startsWith(`${name}_`));
  } catch {
    return undefined; // nothing recorded yet
  }
  if (!folder) return undefined;
  const har = JSON.parse(
    readFileSync(path.join(recordings, folder, 'recording.har'), 'utf8'),
  ) as { log: { entries: RecordingEntry[] } };
  const query = har.log.entries.find(
    (e) =>
      e.request.method === 'POST' &&
      /\/insights\/directory\/v1\/events/.test(e.request.url),
  );
  const endTime = query?.request.postData?.text
    ? (JSON.parse(query.request.postData.text) as { end_time?: string })
        .end_time
    : undefined;
  const recordedMs = endTime ? Date.parse(endTime) : NaN;
  if (Number.isNaN(recordedMs)) return undefined;
  const realNow = Date.now.bind(Date);
  const offset = recordedMs - realNow();
  const spy = jest
    .spyOn(Date, 'now')
    .mockImplementation(() => realNow() + offset);
  return () => spy.mockRestore();
}

/** The entries of the recording `name` made in `directory`. */
export async function recordedEntries(
  directory: string,
  name: string,
): Promise<RecordingEntry[]> {
  const recordings = path.join(directory, '__recordings__');
  const folder = (await fs.readdir(recordings)).find((f) =>
    f.startsWith(`${name}_`),
  );
  if (!folder) throw new Error(`No recording "${name}" in ${recordings}`);
  const har = JSON.parse(
    await fs.readFile(path.join(recordings, folder, 'recording.har'), 'utf8'),
  ) as { log: { entries: RecordingEntry[] } };
  return har.log.entries;
}

/**
 * The JSON bodies of the successful answers to `method` requests whose path
 * ends with `pathEnd` (a string or a pattern), in the order recorded.
 */
export function recordedBodies<T>(
  entries: RecordingEntry[],
  method: string,
  pathEnd: RegExp,
): T[] {
  return entries
    .filter(
      (e) =>
        e.request.method === method &&
        e.response.status === 200 &&
        pathEnd.test(new URL(e.request.url).pathname),
    )
    .map((e) => JSON.parse(e.response.content.text ?? 'null') as T);
}

/**
 * The items of recorded v1 `{results}` pages or v2 arrays, each once by id
 * (`_id`, `id`, or for graph edges the type and id they point at).
 */
export function recordedItems<T>(
  entries: RecordingEntry[],
  pathEnd: RegExp,
): T[] {
  const idOf = (item: {
    _id?: string;
    id?: string;
    to?: { id: string; type: string };
  }) => item._id ?? item.id ?? `${item.to?.type}:${item.to?.id}`;
  const byId = new Map<string, T>();
  for (const body of recordedBodies<T[] | { results: T[] }>(
    entries,
    'GET',
    pathEnd,
  )) {
    for (const item of Array.isArray(body) ? body : body.results) {
      byId.set(idOf(item as Parameters<typeof idOf>[0]), item);
    }
  }
  return [...byId.values()];
}

/** What an API key looks like: JumpCloud's `jca_` keys, and any `x-api-key` header not redacted. */
const KEY_PATTERN = /jca_[A-Za-z0-9_]{20,}/g;

/**
 * Every key value a recording holds: an `x-api-key` request header that is
 * not `[REDACTED]`, or anything shaped like a JumpCloud key anywhere in it.
 */
export function keysIn(harText: string): string[] {
  const found = new Set<string>(harText.match(KEY_PATTERN) ?? []);
  const har = JSON.parse(harText) as { log: { entries: RecordingEntry[] } };
  for (const entry of har.log.entries) {
    for (const header of entry.request.headers) {
      if (
        header.name.toLowerCase() === 'x-api-key' &&
        header.value !== '[REDACTED]'
      ) {
        found.add(header.value);
      }
    }
  }
  return [...found];
}
