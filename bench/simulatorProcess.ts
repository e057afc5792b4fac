/**
 * The benchmark's simulator, in a process of its own (pinned by the parent
 * to a CPU apart from the collector's), so that what is measured of the
 * collector is the collector's alone. Driven over the IPC channel:
 *
 *   argv[2]: JSON { tenant: TenantOptions, apiKey }
 *   → { ready: SimulatorReady } once the tenant is generated and served
 *   ← { run: { latencyMs } }  new latency, request count back to 0
 *   → { started: true }
 *   ← { count: true }         → { requests: n }
 *   ← { close: true }         the process ends
 */
import { startSimulator } from '../simulator/server';
import { generateTenant, TenantOptions } from '../simulator/tenant';
import { expectedSsoUsage } from '../simulator/groundTruth';
import { minimumRequests } from './minimumRequests';

export interface SimulatorProcessOptions {
  tenant: TenantOptions;
  apiKey: string;
}

export interface SimulatorReady {
  apiBaseUrl: string;
  insightsApiBaseUrl: string;
  minimumRequests: number;
  /** Distinct user→application pairs with a successful sign-in in the window. */
  signInPairs: number;
}

export type SimulatorRequest =
  | { run: { latencyMs: number } }
  | { count: true }
  | { close: true };

export type SimulatorReply =
  | { ready: SimulatorReady }
  | { started: true }
  | { requests: number };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as SimulatorProcessOptions;
  const tenant = generateTenant(options.tenant);
  const simulator = await startSimulator({
    tenants: [tenant],
    apiKey: options.apiKey,
    port: 0,
  });
  const send = (reply: SimulatorReply) => process.send!(reply);
  process.on('message', (request: SimulatorRequest) => {
    if ('run' in request) {
      simulator.setFaults({ latencyMs: request.run.latencyMs });
      simulator.requests.length = 0;
      send({ started: true });
    } else if ('count' in request) {
      send({ requests: simulator.requests.length });
    } else {
      simulator.close().finally(() => process.exit(0));
    }
  });
  // The parent's end is this process's end.
  process.on('disconnect', () => process.exit(0));
  send({
    ready: {
      apiBaseUrl: simulator.apiBaseUrl,
      insightsApiBaseUrl: simulator.insightsApiBaseUrl,
      minimumRequests: minimumRequests(tenant),
      signInPairs: expectedSsoUsage(tenant).length,
    },
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
