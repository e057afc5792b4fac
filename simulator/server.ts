import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { tenantState, TenantState } from './consoleRoutes';
import {
  BodyFault,
  corruptBody,
  FaultDecision,
  FaultName,
  FaultPlan,
  Faults,
  UNAVAILABLE_503,
} from './faults';
import { JSON_CONTENT_TYPE, message, SimResponse } from './http';
import { SortCache } from './listing';
import { createRouter } from './router';
import { Tenant } from './tenant';

export type { FaultName, Faults } from './faults';

export interface SimulatorOptions {
  tenants: Tenant[];
  apiKey: string;
  /** 0 (default) = any free port. */
  port?: number;
  faults?: Faults;
  faultSeed?: number;
}

export interface RequestRecord {
  method: string;
  /** Without the query string. */
  path: string;
  /** The raw query string, without "?". */
  query: string;
  /** 0 when never answered (connection reset, or the neverAnswer fault); 200 for a stalled or cut body. */
  status: number;
  /** The x-org-id header as sent, when not empty. */
  orgId?: string;
  /** Epoch ms the request's headers arrived. */
  receivedAt: number;
  /** Epoch ms its answer was written (or its connection reset, or its fault applied). */
  answeredAt: number;
  /** The targeted fault applied to this request, if any (when two apply, the stalled or cut body). */
  fault?: FaultName;
}

export interface RunningSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/api` */
  apiBaseUrl: string;
  /** `${url}/insights/directory/v1` */
  insightsApiBaseUrl: string;
  /** Every request served, in the order answered; a never-answered or stalled one when its fault applied. */
  requests: RequestRecord[];
  /** Replaces the faults and restarts their counters; throws on malformed faults. */
  setFaults(f: Faults): void;
  /** Ids of the users deleteDuringWalk removed, across tenants, in order. */
  deletedUserIds(): string[];
  /** Ends every open socket and timer at once, stalled and never-answered requests included. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

export function startSimulator(
  options: SimulatorOptions,
): Promise<RunningSimulator> {
  let tenantsByOrgId: Map<string, TenantState>;
  let faults: FaultPlan;
  try {
    tenantsByOrgId = indexTenants(options);
    faults = new FaultPlan(options.faults, options.faultSeed ?? 1);
  } catch (err) {
    return Promise.reject(err);
  }
  const organizations = options.tenants
    .map((t) => t.organization)
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

  const startedAt = Date.now();
  /** http://127.0.0.1:PORT once listening: where a redirect to 'self' points. */
  let origin = '';
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const route = createRouter({
    apiKey: options.apiKey,
    tenantsByOrgId,
    organizations,
    cache: new SortCache(),
    faults,
    clockNowMs: (state) =>
      state.tenant.now.getTime() + (Date.now() - startedAt),
  });

  const server = http.createServer((req, res) => {
    const arrivedAt = Date.now();
    const decision = faults.decide();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const orgHeader = firstHeader(req.headers['x-org-id']);
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      status: 0,
      receivedAt: arrivedAt,
      answeredAt: arrivedAt,
    };
    if (orgHeader) record.orgId = orgHeader;
    if (decision.reset) {
      requests.push(record);
      req.socket.destroy();
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const answer = (): SimResponse | 'never-answer' => {
        if (size > MAX_BODY_BYTES)
          return message(413, 'Request Entity Too Large');
        if (decision.response) return decision.response;
        if (orgHeader && orgHeader === faults.current.failingOrganization)
          return organizationDown();
        return (
          faults.intercept(record, origin) ??
          route({
            method: record.method,
            path: record.path,
            query: new URLSearchParams(record.query),
            apiKey: firstHeader(req.headers['x-api-key']),
            orgId: orgHeader,
            body: Buffer.concat(chunks).toString('utf8'),
          })
        );
      };
      const response = answer();
      if (response === 'never-answer') {
        // Left open: close() or the client ends the socket.
        record.fault = 'never-answer';
        record.answeredAt = Date.now();
        requests.push(record);
        return;
      }
      const bodyFault = faults.bodyFault(record, response.status);
      const send = () => {
        write(res, response, decision, arrivedAt, bodyFault);
        record.status = response.status;
        record.answeredAt = Date.now();
        const fault = bodyFault ?? response.fault;
        if (fault) record.fault = fault;
        requests.push(record);
      };
      if (decision.delayMs <= 0) {
        send();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, decision.delayMs);
      timers.add(timer);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      origin = url;
      resolve({
        url,
        apiBaseUrl: `${url}/api`,
        insightsApiBaseUrl: `${url}/insights/directory/v1`,
        requests,
        setFaults: (f) => faults.set(f),
        deletedUserIds: () =>
          [...tenantsByOrgId.values()].flatMap((s) => s.deletedUserIds),
        close: () =>
          new Promise<void>((done) => {
            timers.forEach((t) => clearTimeout(t));
            timers.clear();
            sockets.forEach((s) => s.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}

function indexTenants(options: SimulatorOptions): Map<string, TenantState> {
  if (options.tenants.length === 0)
    throw new Error('startSimulator needs at least one tenant');
  if (!options.apiKey) throw new Error('startSimulator needs an apiKey');
  const tenantsByOrgId = new Map<string, TenantState>();
  for (const tenant of options.tenants) {
    if (tenantsByOrgId.has(tenant.organization.id)) {
      throw new Error(
        `two tenants share organization id ${tenant.organization.id}; use different seeds`,
      );
    }
    tenantsByOrgId.set(tenant.organization.id, tenantState(tenant));
  }
  return tenantsByOrgId;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function write(
  res: http.ServerResponse,
  response: SimResponse,
  decision: FaultDecision,
  arrivedAt: number,
  bodyFault: BodyFault | undefined,
) {
  if (res.destroyed || res.writableEnded) return;
  const body = Buffer.from(
    decision.badBody && response.status === 200
      ? corruptBody(response.body, decision.badBodyKind)
      : response.body,
  );
  res.writeHead(response.status, {
    'Content-Type': response.contentType ?? JSON_CONTENT_TYPE,
    'Content-Length': String(body.length),
    'x-response-time': `${Date.now() - arrivedAt}ms`,
    ...response.headers,
  });
  if (!bodyFault) {
    res.end(body);
    return;
  }
  // The headers promise the whole body; only half of it ever comes.
  res.flushHeaders();
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
    if (bodyFault === 'cut-body') res.destroy();
  });
}

/** The answer for every request to an organization that is down. */
function organizationDown(): SimResponse {
  return { status: 503, body: UNAVAILABLE_503, contentType: 'text/html' };
}
