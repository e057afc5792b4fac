import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { tenantState, TenantState } from './consoleRoutes';
import {
  corruptBody,
  FaultDecision,
  FaultPlan,
  Faults,
  UNAVAILABLE_503,
} from './faults';
import { JSON_CONTENT_TYPE, message, SimResponse } from './http';
import { SortCache } from './listing';
import { createRouter } from './router';
import { Tenant } from './tenant';

export type { Faults } from './faults';

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
  /** 0 when the connection was reset instead of answered. */
  status: number;
  /** The x-org-id header as sent, when not empty. */
  orgId?: string;
  /** Epoch ms the request's headers arrived. */
  receivedAt: number;
  /** Epoch ms its answer was written (or its connection reset). */
  answeredAt: number;
}

export interface RunningSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/api` */
  apiBaseUrl: string;
  /** `${url}/insights/directory/v1` */
  insightsApiBaseUrl: string;
  /** Every request served, in the order answered. */
  requests: RequestRecord[];
  setFaults(f: Faults): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

export function startSimulator(
  options: SimulatorOptions,
): Promise<RunningSimulator> {
  let tenantsByOrgId: Map<string, TenantState>;
  try {
    tenantsByOrgId = indexTenants(options);
  } catch (err) {
    return Promise.reject(err);
  }
  const organizations = options.tenants
    .map((t) => t.organization)
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

  const startedAt = Date.now();
  const faults = new FaultPlan(options.faults, options.faultSeed ?? 1);
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const route = createRouter({
    apiKey: options.apiKey,
    tenantsByOrgId,
    organizations,
    cache: new SortCache(),
    faults: () => faults.current,
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
      const response =
        size > MAX_BODY_BYTES
          ? message(413, 'Request Entity Too Large')
          : decision.response ??
            (orgHeader && orgHeader === faults.current.failingOrganization
              ? organizationDown()
              : undefined) ??
            route({
              method: record.method,
              path: record.path,
              query: new URLSearchParams(record.query),
              apiKey: firstHeader(req.headers['x-api-key']),
              orgId: orgHeader,
              body: Buffer.concat(chunks).toString('utf8'),
            });
      const send = () => {
        write(res, response, decision, arrivedAt);
        record.status = response.status;
        record.answeredAt = Date.now();
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
      resolve({
        url,
        apiBaseUrl: `${url}/api`,
        insightsApiBaseUrl: `${url}/insights/directory/v1`,
        requests,
        setFaults: (f) => faults.set(f),
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
) {
  if (res.destroyed || res.writableEnded) return;
  const body =
    decision.badBody && response.status === 200
      ? corruptBody(response.body, decision.badBodyKind)
      : response.body;
  res.writeHead(response.status, {
    'Content-Type': response.contentType ?? JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
    'x-response-time': `${Date.now() - arrivedAt}ms`,
    ...response.headers,
  });
  res.end(body);
}

/** The answer for every request to an organization that is down. */
function organizationDown(): SimResponse {
  return { status: 503, body: UNAVAILABLE_503, contentType: 'text/html' };
}
