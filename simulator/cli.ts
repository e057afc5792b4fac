/**
 * Runs the simulator until SIGINT, SIGTERM or SIGHUP (or, under npm, until
 * the npm process is gone). The first line of stdout is the base URL, so
 * scripts can read it.
 */
import { parseSimulatorArgs, SIMULATOR_USAGE, SimulatorArgs } from './cliArgs';
import { startSimulator } from './server';
import { generateTenant, Tenant } from './tenant';

export { parseSimulatorArgs } from './cliArgs';

/**
 * The process that started this one, read before anything else: npm may be
 * killed as soon as the URL is printed, before the watch below is set up, and
 * a parent read then would already be the new one.
 */
const STARTED_BY = process.ppid;

async function main(args: SimulatorArgs): Promise<void> {
  const tenants: Tenant[] = [];
  for (let k = 0; k < args.orgs; k++) {
    tenants.push(
      generateTenant({ ...args.tenant, seed: args.tenant.seed + k }),
    );
  }
  const simulator = await startSimulator({
    tenants,
    apiKey: args.apiKey,
    port: args.port,
    faults: args.faults,
    faultSeed: args.faultSeed,
  });
  console.log(simulator.url);
  for (const t of tenants) {
    console.log(
      `org ${t.organization.id} "${t.organization.displayName}": ${t.users.length} users, ` +
        `${t.groups.length} groups, ${t.applications.length} applications, ` +
        `${t.admins.length} admins, ${t.systems.length} systems, ` +
        `${t.systemGroups.length} device groups, ${t.authnPolicies.length} authentication policies, ` +
        `${saasSummary(t)}, ` +
        `${t.events.size} Directory Insights events (${t.ssoEventsDays}-day sso window)`,
    );
  }
  const multi = tenants.length > 1 ? ' (multi-tenant key: send x-org-id)' : '';
  console.log(`Point the integration at it${multi}:`);
  console.log(
    `  API_KEY=${args.apiKey} API_BASE_URL=${simulator.apiBaseUrl} ` +
      `INSIGHTS_API_BASE_URL=${simulator.insightsApiBaseUrl}`,
  );
  if (Object.keys(args.faults).length > 0)
    console.log(`Faults: ${JSON.stringify(args.faults)}`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  if (process.env.npm_lifecycle_event) stopWithParent(stop);
}

function saasSummary(t: Tenant): string {
  if (!t.saas.enabled) return 'no SaaS Management';
  let accounts = 0;
  for (const rows of t.saas.accounts.values()) accounts += rows.length;
  return `${t.saas.applications.length} SaaS applications (${accounts} accounts)`;
}

/**
 * Started by npm (`npm run simulator`), the server stops when the process
 * that started it goes away: npm forwards SIGTERM (the script execs node, so
 * it reaches this process), but nothing is forwarded when npm itself is
 * killed outright. Then this process is handed to another parent, which is
 * what is watched. (Started some other way, say in the background of a
 * script, it runs until it is stopped.)
 */
function stopWithParent(stop: () => void) {
  const watch = setInterval(() => {
    if (process.ppid !== STARTED_BY) {
      clearInterval(watch);
      stop();
    }
  }, 250);
  watch.unref();
}

if (require.main === module) {
  let args: SimulatorArgs | undefined;
  try {
    args = parseSimulatorArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (args.help) {
    console.log(SIMULATOR_USAGE);
  } else {
    main(args).catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
  }
}
