import * as http from 'http';
import { AddressInfo } from 'net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export type Handler = (
  request: RecordedRequest,
  response: http.ServerResponse,
  index: number,
) => void;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Connections clients have open to it now. */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * A throw-away HTTP server on loopback whose every answer the test decides,
 * for client behaviour that needs exact control (a 429 then a 200, say).
 */
export async function startScriptedServer(
  handler: Handler,
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const recorded = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(recorded);
    req.resume();
    req.on('end', () => handler(recorded, res, requests.length - 1));
  });
  let open = 0;
  server.on('connection', (socket) => {
    open++;
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => open,
    close: () =>
      new Promise((resolve) => {
        // Node 18+: drop keep-alive sockets so close() does not wait for them.
        (server as any).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
