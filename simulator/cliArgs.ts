import { checkFaults, Faults } from './faults';
import { TenantOptions } from './tenant';

export const DEMO_API_KEY = 'simulator-demo-key';

export interface SimulatorArgs {
  port: number;
  apiKey: string;
  /** Number of tenants; more than one makes the key multi-tenant. */
  orgs: number;
  /** Options of the first tenant; tenant k uses seed + k. */
  tenant: TenantOptions & { seed: number };
  faults: Faults;
  faultSeed: number;
  help: boolean;
}

export const SIMULATOR_USAGE = `Usage: npm run simulator -- [options]
  --port N               port to listen on (0 = any free port; default 0)
  --key K                API key clients must send (default ${DEMO_API_KEY})
  --orgs N               tenants served by one multi-tenant key (default 1)
  --seed N               seed of the first tenant (default 1)
  --users N --groups N --members N --apps N --events N --days N
  --sign-in-pairs N      distinct user→application pairs the sign-ins are drawn from, each
                         signed in to once before any twice (default about 1.5 per user)
  --admins N             administrators per tenant (default 5, at least 1)
  --systems N            devices per tenant (default users / 2)
  --system-groups N      device groups per tenant (default about one per 10 devices, at least 2
                         from 2 devices on)
  --policies N           authentication policies per tenant (default 8; 0 for none)
  --saas-applications N  applications SaaS Management discovered per tenant (default twice the
                         SSO applications, at least 6 with users, at most 300; 0 for none)
  --no-saas-management   SaaS Management not licensed: every /api/v2/saas-management route answers 402
  --now ISO-8601         fixed tenant clock (default: now)
  --org-name NAME
  --revision N           the tenant N small changes later: each revision suspends a user, adds
                         a member to a group, assigns an application and adds its first sign-in,
                         and SaaS Management finds a shadow-IT application and an orphaned account
  --latency MS           added to every response
  --error-rate F         fraction of 500/502/503 answers
  --rate-limit-every N   every Nth request answers 429
  --retry-after S        Retry-After seconds on 429s
  --retry-after-date     send Retry-After as an HTTP date
  --reset-rate F         fraction of connections reset
  --slow-rate F --slow-ms MS
  --bad-body-rate F      fraction of 200s with a broken body
  --forbidden-members    403 on group member lists
  --insights-status 402|403
  --admins-status 403|404  GET /api/users (administrators) answers this
  --paging-drift         a user appears before all others after the first user page
  --unauthorized-after N every request after the Nth answers 401
  --delete-during-walk   a user of the first /api/systemusers page is deleted once that page is served
  --events-page-cap N    Directory Insights pages hold at most N events (X-Limit says so)
  --require-org-header   tenant routes answer 401 without x-org-id, even for a one-organization key
  --admins-org-header refused|required
                         x-org-id on GET /api/users: refused with 403 (default), or required
                         and listing that organization's and the portal's administrators
  --faults JSON          a Faults object merged over the flags; for the targeted faults, where
                         T = "pathPattern":"<regex of the path>"[,"method":"GET"|"POST"][,"times":N]:
                           {"redirect":{T,"to":"self"|"http://host:port"[,"status":301|302|303|307|308]}}
                           {"stallBody":{T}}     headers and half the body of a 200, then nothing
                           {"cutBody":{T}}       headers and half the body of a 200, then the socket closes
                           {"neverAnswer":{T}}   no answer at all
                           {"statusFaults":[{T,"status":402|403|404|500}]}
                           {"listLie":{T,"kind":"empty-page"|"low-total"|"duplicate-page"}}
                           {"insightsPaging":{"kind":"repeat-page"|"no-cursor"|"same-cursor"[,"times":N]}}
                         e.g. --faults '{"statusFaults":[{"pathPattern":"^/api/systems$","status":403}]}'
  --fault-seed N`;

/** Parses CLI flags (argv without node and script). Throws on unknown or malformed flags. */
export function parseSimulatorArgs(argv: string[]): SimulatorArgs {
  const args: SimulatorArgs = {
    port: 0,
    apiKey: DEMO_API_KEY,
    orgs: 1,
    tenant: { seed: 1 },
    faults: {},
    faultSeed: 1,
    help: false,
  };
  const rateLimit: NonNullable<Faults['rateLimit']> = { everyNth: 0 };
  let jsonFaults: Faults = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => toNumber(flag, value(), true);
    const fraction = () => {
      const n = toNumber(flag, value(), false);
      if (n < 0 || n > 1) throw new Error(`${flag} must be between 0 and 1`);
      return n;
    };
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--port':
        args.port = int();
        break;
      case '--key':
        args.apiKey = value();
        break;
      case '--orgs':
        args.orgs = Math.max(1, int());
        break;
      case '--seed':
        args.tenant.seed = int();
        break;
      case '--users':
        args.tenant.users = int();
        break;
      case '--groups':
        args.tenant.groups = int();
        break;
      case '--members':
        args.tenant.membersPerGroup = int();
        break;
      case '--apps':
        args.tenant.applications = int();
        break;
      case '--events':
        args.tenant.ssoEvents = int();
        break;
      case '--sign-in-pairs':
        args.tenant.signInPairs = int();
        break;
      case '--days':
        args.tenant.ssoEventsDays = int();
        break;
      case '--admins':
        args.tenant.admins = int();
        break;
      case '--systems':
        args.tenant.systems = int();
        break;
      case '--system-groups':
        args.tenant.systemGroups = int();
        break;
      case '--policies':
        args.tenant.authnPolicies = int();
        break;
      case '--saas-applications':
        args.tenant.saasApplications = int();
        break;
      case '--no-saas-management':
        args.tenant.saasManagement = false;
        break;
      case '--now': {
        const now = new Date(value());
        if (Number.isNaN(now.getTime()))
          throw new Error('--now must be an ISO-8601 date');
        args.tenant.now = now;
        break;
      }
      case '--org-name':
        args.tenant.orgName = value();
        break;
      case '--revision':
        args.tenant.revision = int();
        break;
      case '--latency':
        args.faults.latencyMs = int();
        break;
      case '--error-rate':
        args.faults.serverErrorRate = fraction();
        break;
      case '--rate-limit-every':
        rateLimit.everyNth = int();
        args.faults.rateLimit = rateLimit;
        break;
      case '--retry-after':
        rateLimit.retryAfterSeconds = int();
        break;
      case '--retry-after-date':
        rateLimit.retryAfterAsDate = true;
        break;
      case '--reset-rate':
        args.faults.resetRate = fraction();
        break;
      case '--slow-rate':
        args.faults.slowRate = fraction();
        break;
      case '--slow-ms':
        args.faults.slowMs = int();
        break;
      case '--bad-body-rate':
        args.faults.badBodyRate = fraction();
        break;
      case '--forbidden-members':
        args.faults.forbiddenMembers = true;
        break;
      case '--insights-status': {
        const status = int();
        if (status !== 402 && status !== 403)
          throw new Error('--insights-status must be 402 or 403');
        args.faults.insightsStatus = status;
        break;
      }
      case '--admins-status': {
        const status = int();
        if (status !== 403 && status !== 404)
          throw new Error('--admins-status must be 403 or 404');
        args.faults.adminsStatus = status;
        break;
      }
      case '--paging-drift':
        args.faults.pagingDrift = true;
        break;
      case '--unauthorized-after':
        args.faults.unauthorizedAfter = int();
        break;
      case '--delete-during-walk':
        args.faults.deleteDuringWalk = true;
        break;
      case '--events-page-cap': {
        const cap = int();
        if (cap < 1) throw new Error('--events-page-cap must be at least 1');
        args.faults.eventsPageCap = cap;
        break;
      }
      case '--require-org-header':
        args.faults.requireOrgHeader = true;
        break;
      case '--admins-org-header': {
        const mode = value();
        if (mode !== 'refused' && mode !== 'required')
          throw new Error('--admins-org-header must be refused or required');
        args.faults.adminsOrgHeader = mode;
        break;
      }
      case '--faults':
        jsonFaults = { ...jsonFaults, ...parseFaultsJson(value()) };
        break;
      case '--fault-seed':
        args.faultSeed = int();
        break;
      default:
        throw new Error(`unknown option ${flag}\n${SIMULATOR_USAGE}`);
    }
  }
  if (
    (rateLimit.retryAfterSeconds !== undefined || rateLimit.retryAfterAsDate) &&
    !args.faults.rateLimit
  ) {
    throw new Error('--retry-after needs --rate-limit-every');
  }
  args.faults = { ...args.faults, ...jsonFaults };
  return args;
}

function parseFaultsJson(text: string): Faults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`--faults is not JSON: ${(err as Error).message}`);
  }
  try {
    return checkFaults(value);
  } catch (err) {
    throw new Error(`--faults: ${(err as Error).message}`);
  }
}

function toNumber(flag: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    (integer && (!Number.isInteger(n) || n < 0))
  ) {
    throw new Error(
      `${flag} expects ${
        integer ? 'a non-negative integer' : 'a number'
      }, got "${raw}"`,
    );
  }
  return n;
}
