import * as http from 'http';
import { AddressInfo } from 'net';
import { GraphObject } from '../report/collections';

/**
 * A local stand-in for JupiterOne's synchronization API, as much of it as
 * `j1-integration run` uses (SDK 8.41): start a job, take entity and
 * relationship batches, take job events, finalize (or abort). It records
 * every request, headers and body, so that a test can check what would have
 * left the machine.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SyncReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Every entity and relationship uploaded, in arrival order. */
  entities: GraphObject[];
  relationships: GraphObject[];
  /** The body of POST …/jobs (what the run announced itself as). */
  jobStart?: Record<string, unknown>;
  /** `partialDatasets.types` sent with finalize; undefined until then. */
  finalizedPartialTypes?: string[];
  abortReason?: string;
  /** Requests to routes the SDK is not expected to call. */
  unexpected: ReceivedRequest[];
  close(): Promise<void>;
}

const JOB_ID = 'sync-job-1';
const JOBS = '/persister/synchronization/jobs';

export async function startSyncReceiver(): Promise<SyncReceiver> {
  const receiver: Omit<SyncReceiver, 'url' | 'close'> = {
    requests: [],
    entities: [],
    relationships: [],
    unexpected: [],
  };
  const job = () => ({
    id: JOB_ID,
    // With an integration job id the runtime also posts job events, which
    // are one more place a secret could leak to: keep them coming.
    integrationJobId: 'integration-job-1',
    integrationInstanceId: receiver.jobStart?.integrationInstanceId,
    source: receiver.jobStart?.source,
    status: receiver.finalizedPartialTypes
      ? 'FINALIZE_PENDING'
      : 'AWAITING_UPLOADS',
    startTimestamp: Date.now(),
    numEntitiesUploaded: receiver.entities.length,
    numRelationshipsUploaded: receiver.relationships.length,
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.requests.push(request);
      const body = request.body ? JSON.parse(request.body) : {};
      const answer = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const route = `${request.method} ${request.path}`;
      if (route === `POST ${JOBS}`) {
        receiver.jobStart = body;
        return answer(200, { job: job() });
      }
      if (route === `POST ${JOBS}/${JOB_ID}/entities`) {
        receiver.entities.push(...body.entities);
        return answer(200, {});
      }
      if (route === `POST ${JOBS}/${JOB_ID}/relationships`) {
        receiver.relationships.push(...body.relationships);
        return answer(200, {});
      }
      if (route === `POST ${JOBS}/${JOB_ID}/events`) return answer(200, {});
      if (route === `POST ${JOBS}/${JOB_ID}/finalize`) {
        receiver.finalizedPartialTypes = body.partialDatasets?.types ?? [];
        return answer(200, { job: job() });
      }
      if (route === `POST ${JOBS}/${JOB_ID}/abort`) {
        receiver.abortReason = body.reason;
        return answer(200, { job: { ...job(), status: 'ABORTED' } });
      }
      if (route === `GET ${JOBS}/${JOB_ID}`) return answer(200, { job: job() });
      receiver.unexpected.push(request);
      return answer(404, { error: { message: `No route ${route}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver as SyncReceiver, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      ),
  });
}
