import { hash32, hex8, ObjectIdFactory, Random, streamFor } from './random';
import {
  Application,
  RemovedApplication,
  SaasAccount,
  SaasApplication,
  SaasApplicationStatus,
  SaasContract,
  SaasLicenses,
  SaasLicenseTier,
  SystemUser,
  UserGroup,
} from './types';

/**
 * SaaS Management: the applications JumpCloud discovered (through SSO, the
 * browser extension, connectors, devices), the accounts people hold in them,
 * when each account was last used, and the licenses bought. Drawn from a
 * random stream and ids of their own, after everything else but the odd
 * users: the rest of a tenant is the same whatever `saasApplications` says.
 *
 * Every tenant of modest size holds: discovered applications named like a
 * configured SSO application (its display name or label) in another case or
 * with extra spaces, one named like two of them (when two share a display
 * name), shadow IT (no SSO application of that name: other products, near
 * misses such as "Slack Connect", a deleted SSO application's label);
 * an application most people use (more than one page of 50 accounts) and
 * one with no account; accounts of existing users, of deleted users and of nobody (`user_id`
 * missing, null or ""), with an e-mail, a username or both; accounts used
 * within 30 days, 30 to 90 days ago, longer ago and never; contracts of one
 * or two tiers with fewer or more licenses than active accounts, an
 * unlimited one, applications without a contract (404) and one answering an
 * empty list.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The use windows the integration reads: active within 30 days, seen within 90. */
export const SAAS_ACTIVE_DAYS = 30;
export const SAAS_USAGE_DAYS = 90;

/** What SaaS Management knows about one organization, as its routes serve it. */
export interface SaasManagement {
  /** false: the add-on is not licensed; every SaaS route answers 402, and there is no data. */
  enabled: boolean;
  /** Discovered applications with their names (the item route's shape), ordered by id (= discovery order). */
  applications: SaasApplication[];
  /** Accounts per application id, ordered by id; every application has an entry, some empty. */
  accounts: Map<string, SaasAccount[]>;
  /** Last use per account id, epoch ms (whole seconds); no entry: never used. */
  lastUsedMs: Map<string, number>;
  /** The license answer per application id; no entry: no contract (404). */
  licenses: Map<string, SaasLicenses>;
  /** Where each application's accounts were found (`expand=discovery_source_types`); empty without accounts. */
  discoverySources: Map<string, string[]>;
  /** The configured SSO applications tied to each discovered one (`expand=sso_apps`), by id. */
  ssoApplicationIds: Map<string, string[]>;
}

export interface SaasGenerationContext {
  seed: number;
  salt: number;
  /** Discovered applications; see defaultSaasApplicationCount. */
  count: number;
  enabled: boolean;
  nowMs: number;
  emailDomain: string;
  users: readonly SystemUser[];
  deletedUserIds: readonly string[];
  groups: readonly UserGroup[];
  applications: readonly Application[];
  removedApplications: readonly RemovedApplication[];
}

/** The most discovered applications a default draws (tenant L has 300 SSO applications). */
export const MAX_DEFAULT_SAAS_APPLICATIONS = 300;

/** About twice the SSO applications, at least 6 when there are users, at most 300. */
export function defaultSaasApplicationCount(
  users: number,
  applications: number,
): number {
  const twice = Math.min(2 * applications, MAX_DEFAULT_SAAS_APPLICATIONS);
  return users > 0 ? Math.max(6, twice) : twice;
}

/** The spec's discovery source types, in its order. */
const SOURCES = [
  'BROWSER_EXTENSION',
  'JUMPCLOUD_SSO',
  'CONNECTOR',
  'JUMPCLOUD_DEVICE',
  'LICENSE',
] as const;

const STATUSES: SaasApplicationStatus[] = [
  'NEWLY_DISCOVERED',
  'APPROVED',
  'UNAPPROVED',
  'IGNORED',
];

/** Products no catalog entry of the SSO applications is named like. */
const BRANDS = [
  'Dropbox',
  'Trello',
  'Canva',
  'Miro',
  'Asana',
  'Airtable',
  'Calendly',
  'Loom',
  'Grammarly',
  'Evernote',
  'Todoist',
  'WeTransfer',
  'Smartsheet',
  'HubSpot',
  'Mailchimp',
  'Intercom',
  'Typeform',
  'SurveyMonkey',
  'DocuSign',
  'Lucidchart',
  'Webex',
  'Discord',
  'Pipedrive',
  'Freshdesk',
  'Vercel',
  'Netlify',
  'Heroku',
  'DigitalOcean',
  'Postman',
  'Sentry',
  'Bitbucket',
  'GitLab',
  'Linear',
  'ClickUp',
  'Basecamp',
  'Monday.com',
  'Otter.ai',
  'Midjourney',
  'Bitwarden',
  '1Password',
  'LastPass',
  'Cloudflare',
  'Twilio',
  'SendGrid',
  'Hotjar',
  'Mixpanel',
  'Amplitude',
  'Segment',
  'Snowflake',
  'Tableau',
  'Looker Studio',
  'Coda',
  'Confluence Free',
  'Jira Work Management',
  'Wrike',
  'Harvest',
  'Toggl Track',
  'Expensify',
  'Gusto',
  'BambooHR',
  'Lattice',
  'Greenhouse',
  'Lever',
  'Docker Hub',
  'npm',
  'CircleCI',
  'Travis CI',
  'Vimeo',
  'Prezi',
  'Pitch',
  'Déjà Vu Notes',
  'Übersetzer Pro',
  'Ōmni Planner',
];

const QUALIFIERS = [
  'Teams',
  'Pro',
  'Business',
  'Enterprise',
  'Free',
  'EU',
  'Labs',
  'Cloud',
  'Personal',
  'Sandbox',
];

/** A configured product's name plus one of these: a near miss, still shadow IT. */
const NEAR_MISS_WORDS = ['Connect', 'Events', 'Community', 'Marketplace'];

const TIER_PAIRS = [
  ['Standard', 'Pro'],
  ['Business', 'Enterprise'],
  ['Basic', 'Premium'],
  ['Starter', 'Business+'],
];
const TIER_NAMES = ['Standard', 'Business', 'Pro', 'Enterprise', 'Team'];
/** Per user per month. */
const PRICES = [4, 6.67, 7.25, 8.75, 10, 12.5, 15, 19.99, 25, 45];
const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'GBP'];
const NOTES = [
  'Renews automatically',
  'Negotiated three-year deal',
  'Owner: Finance',
  'Seats true-up each quarter',
];

/** Account owners: an existing user, a deleted one, or nobody. */
type Owner =
  | { kind: 'user'; user: SystemUser }
  | { kind: 'deleted'; userId: string }
  | { kind: 'none' };

type UseClass = 'active' | 'inactive' | 'old' | 'never';
const USE_CLASSES: UseClass[] = ['active', 'inactive', 'old', 'never'];
const USE_WEIGHTS: Record<Owner['kind'], number[]> = {
  user: [0.55, 0.15, 0.1, 0.2],
  deleted: [0.1, 0.2, 0.35, 0.35],
  none: [0.4, 0.2, 0.15, 0.25],
};

type SizeClass = 'large' | 'medium' | 'small' | 'tiny';
const SIZE_CLASSES: SizeClass[] = ['large', 'medium', 'small', 'tiny'];
const SIZE_WEIGHTS = [0.03, 0.22, 0.5, 0.25];

type LicenseKind = 'none' | 'empty' | 'limited' | 'unlimited';
const LICENSE_KINDS: LicenseKind[] = ['none', 'empty', 'limited', 'unlimited'];
const LICENSE_WEIGHTS = [0.5, 0.07, 0.35, 0.08];

/** A name SaaS Management discovered, and the configured SSO applications it names. */
interface DiscoveredName {
  name: string;
  ssoIds: string[];
  /** The product, for a stable catalog id. */
  product: string;
  /** Whether the catalog knows it. */
  catalogued: boolean;
}

export function generateSaasManagement(
  ctx: SaasGenerationContext,
): SaasManagement {
  const saas: SaasManagement = {
    enabled: ctx.enabled,
    applications: [],
    accounts: new Map(),
    lastUsedMs: new Map(),
    licenses: new Map(),
    discoverySources: new Map(),
    ssoApplicationIds: new Map(),
  };
  if (!ctx.enabled || ctx.count === 0) return saas;
  const rng = streamFor(ctx.seed, 'saas management');
  const appIds = new ObjectIdFactory(hash32(ctx.salt, 0x5aa5));
  const accounts = new AccountBuilder(
    rng,
    ctx,
    new ObjectIdFactory(hash32(ctx.salt, 0x5aa6)),
    saas.lastUsedMs,
  );
  const names = discoveredNames(rng, ctx);
  const discovered = Array.from(
    { length: ctx.count },
    () =>
      ctx.nowMs -
      2 * DAY_MS -
      Math.floor(rng.next() * 363 * DAY_MS) -
      (ctx.nowMs % 1000),
  ).sort((a, b) => a - b);
  const forcedStatus = new Map(
    rng.distinct(4, 0, ctx.count - 1).map((slot, k) => [slot, STATUSES[k]]),
  );
  // The largest application: one named like an SSO application when there
  // is one; and, from three applications on, one without accounts.
  const largest = Math.max(
    0,
    names.findIndex((n) => n.ssoIds.length > 0),
  );
  const unused =
    ctx.count >= 3 ? (largest + rng.int(1, ctx.count - 1)) % ctx.count : -1;

  for (let i = 0; i < ctx.count; i++) {
    const { name, ssoIds, product, catalogued } = names[i];
    const discoveredMs = discovered[i];
    const id = appIds.next(discoveredMs);
    const status =
      forcedStatus.get(i) ??
      STATUSES[
        rng.weighted(
          ssoIds.length > 0 ? [0.15, 0.6, 0.1, 0.15] : [0.35, 0.25, 0.2, 0.2],
        )
      ];
    saas.applications.push(
      applicationRecord(rng, ctx, {
        id,
        name,
        status,
        discoveredMs,
        catalogAppId: catalogued ? catalogId(product) : undefined,
      }),
    );
    const size =
      i === largest ? 'large' : SIZE_CLASSES[rng.weighted(SIZE_WEIGHTS)];
    const rows =
      i === unused ? [] : accounts.forApplication(id, size, discoveredMs);
    saas.accounts.set(id, rows);
    saas.ssoApplicationIds.set(id, ssoIds);
    saas.discoverySources.set(
      id,
      rows.length === 0 ? [] : sourcesOf(rng, ssoIds.length > 0),
    );
  }

  assignLicenses(rng, ctx, saas);
  return saas;
}

/** A discovered application as the item route serves it. */
function applicationRecord(
  rng: Random,
  ctx: SaasGenerationContext,
  a: {
    id: string;
    name: string;
    status: SaasApplicationStatus;
    discoveredMs: number;
    catalogAppId?: string;
  },
): SaasApplication {
  const restriction: SaasApplication['access_restriction'] =
    a.status === 'UNAPPROVED'
      ? rng.pick(['BLOCK', 'WARNING', 'DISMISSIBLE_WARNING'] as const)
      : rng.chance(0.7)
      ? 'NO_ACTION'
      : 'DEFAULT_ACTION';
  const excluded: string[] = [];
  if (
    restriction !== 'NO_ACTION' &&
    restriction !== 'DEFAULT_ACTION' &&
    ctx.groups.length > 0 &&
    rng.chance(0.5)
  ) {
    for (const g of rng.distinct(
      rng.int(1, Math.min(2, ctx.groups.length)),
      0,
      ctx.groups.length - 1,
    ))
      excluded.push(ctx.groups[g].id);
  }
  const owner =
    ctx.users.length > 0 && rng.chance(0.3)
      ? rng.pick(ctx.users).id
      : undefined;
  // The spec's field order.
  return {
    id: a.id,
    name: a.name,
    ...(a.catalogAppId !== undefined && { catalog_app_id: a.catalogAppId }),
    ...(owner !== undefined && { owner_user_id: owner }),
    status: a.status,
    access_restriction: restriction,
    discovered_at: isoSeconds(a.discoveredMs),
    restriction_excluded_group_ids: excluded,
  };
}

/** How SaaS Management compares names here: trimmed, spaces folded, lower case. */
function comparable(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Configured SSO applications by comparable display name and label. */
function ssoNames(
  applications: readonly Application[],
): Map<string, { original: string; ids: string[] }> {
  const byName = new Map<string, { original: string; ids: string[] }>();
  for (const app of applications) {
    for (const original of [app.displayName, app.displayLabel]) {
      const key = comparable(original);
      const entry = byName.get(key) ?? { original, ids: [] };
      if (!entry.ids.includes(app.id)) entry.ids.push(app.id);
      byName.set(key, entry);
    }
  }
  return byName;
}

/**
 * `ctx.count` distinct names in random order: about 40% named like a
 * configured SSO application (one like two of them when two share a name),
 * the rest shadow IT.
 */
function discoveredNames(
  rng: Random,
  ctx: SaasGenerationContext,
): DiscoveredName[] {
  const sso = ssoNames(ctx.applications);
  const taken = new Set(sso.keys());
  const out: DiscoveredName[] = [];

  const keys = rng.shuffle([...sso.keys()]);
  const shared = keys.findIndex((k) => sso.get(k)!.ids.length > 1);
  if (shared > 0) keys.unshift(...keys.splice(shared, 1));
  const matched = Math.min(keys.length, Math.round(ctx.count * 0.4));
  for (let k = 0; k < matched; k++) {
    const { original, ids } = sso.get(keys[k])!;
    out.push({
      name: disguise(rng, original, k),
      ssoIds: [...ids],
      product: original,
      catalogued: true,
    });
  }

  const shadow = ctx.count - matched;
  const shadowNames: { name: string; catalogued: boolean }[] = [];
  const add = (name: string, catalogued: boolean) => {
    const key = comparable(name);
    if (taken.has(key) || shadowNames.length >= shadow) return;
    taken.add(key);
    shadowNames.push({ name, catalogued });
  };
  if (shadow >= 2 && ctx.removedApplications.length > 0)
    add(rng.pick(ctx.removedApplications).displayLabel, false);
  if (shadow >= 3 && ctx.applications.length > 0) {
    const wanted = shadowNames.length + Math.max(1, Math.round(shadow * 0.05));
    for (let n = 0; n < 40 && shadowNames.length < wanted; n++) {
      add(
        `${rng.pick(ctx.applications).displayName} ${rng.pick(
          NEAR_MISS_WORDS,
        )}`,
        rng.chance(0.5),
      );
    }
  }
  for (const brand of rng.shuffle([...BRANDS])) add(brand, rng.chance(0.6));
  for (const qualifier of rng.shuffle([...QUALIFIERS]))
    for (const brand of rng.shuffle([...BRANDS]))
      add(`${brand} ${qualifier}`, false);
  for (let n = 2; shadowNames.length < shadow; n++)
    for (const brand of BRANDS) add(`${brand} ${n}`, false);
  for (const { name, catalogued } of shadowNames)
    out.push({ name, ssoIds: [], product: name, catalogued });
  return rng.shuffle(out);
}

/**
 * An SSO application's name as another source spells it: the first in lower
 * case with spaces around ("  slack "), the second in capitals ("ZOOM"),
 * then mostly another case or extra spaces, now and then unchanged.
 */
function disguise(rng: Random, name: string, k: number): string {
  if (k === 0) return `  ${name.toLowerCase()} `;
  if (k === 1) return name.toUpperCase();
  if (rng.chance(0.2)) return name;
  let out = [name, name.toLowerCase(), name.toUpperCase(), swapCase(name)][
    rng.int(0, 3)
  ];
  const spaced = rng.int(0, 4);
  if (spaced === 1) out = ` ${out}`;
  else if (spaced === 2) out = `${out}  `;
  else if (spaced === 3 && out.includes(' ')) out = out.replace(' ', '  ');
  else if (spaced === 4 && out.includes(' ')) out = out.replace(' ', ' \t');
  // Never the name itself: another case or spaces, at least.
  return out === name ? `${name} ` : out;
}

function swapCase(name: string): string {
  let out = '';
  for (const ch of name) {
    const lower = ch.toLowerCase();
    out += ch === lower ? ch.toUpperCase() : lower;
  }
  return out;
}

/** A catalog id: the same product has the same one in every tenant. */
function catalogId(product: string): string {
  const key = comparable(product);
  let h = 0x5ca7;
  for (let i = 0; i < key.length; i++) h = hash32(h, key.charCodeAt(i));
  return hex8(hash32(h, 1)) + hex8(hash32(h, 2)) + hex8(hash32(h, 3));
}

function sourcesOf(rng: Random, viaSso: boolean): string[] {
  const found = new Set<string>();
  if (viaSso) found.add('JUMPCLOUD_SSO');
  if (rng.chance(viaSso ? 0.3 : 0.8)) found.add('BROWSER_EXTENSION');
  if (rng.chance(0.3)) found.add('JUMPCLOUD_DEVICE');
  if (rng.chance(0.15)) found.add('CONNECTOR');
  if (found.size === 0) found.add('BROWSER_EXTENSION');
  return SOURCES.filter((s) => found.has(s));
}

/** Accounts of one application, with their last use. */
class AccountBuilder {
  constructor(
    private readonly rng: Random,
    private readonly ctx: Pick<
      SaasGenerationContext,
      'users' | 'deletedUserIds' | 'nowMs' | 'emailDomain'
    >,
    private readonly ids: ObjectIdFactory,
    private readonly lastUsedMs: Map<string, number>,
    /** Numbers the made-up addresses of deleted users and of nobody. */
    private serial = 0,
  ) {}

  forApplication(
    appId: string,
    size: SizeClass,
    discoveredMs: number,
  ): SaasAccount[] {
    const rng = this.rng;
    const users = this.ctx.users;
    const owned = Math.min(users.length, ownedCount(rng, size, users.length));
    const deletedIds = this.ctx.deletedUserIds;
    const deleted = Math.min(
      deletedIds.length,
      size === 'tiny'
        ? rng.chance(0.1)
          ? 1
          : 0
        : Math.round(owned * rng.next() * 0.08),
    );
    const nobody =
      size === 'tiny'
        ? rng.chance(0.25)
          ? 1
          : 0
        : Math.round(owned * (0.02 + rng.next() * 0.12));
    const owners: Owner[] = [];
    for (const u of rng.distinct(owned, 0, users.length - 1))
      owners.push({ kind: 'user', user: users[u] });
    for (const d of rng.distinct(deleted, 0, deletedIds.length - 1))
      owners.push({ kind: 'deleted', userId: deletedIds[d] });
    for (let n = 0; n < nobody; n++) owners.push({ kind: 'none' });
    rng.shuffle(owners);

    const drafts = owners.map((owner) => {
      const used = this.lastUse(
        USE_CLASSES[rng.weighted(USE_WEIGHTS[owner.kind])],
        discoveredMs,
      );
      const until = used ?? this.ctx.nowMs - HOUR_MS;
      const createdMs =
        discoveredMs +
        Math.floor(rng.next() * Math.max(0, until - discoveredMs));
      return { owner, used, createdMs };
    });
    drafts.sort((a, b) => a.createdMs - b.createdMs);
    return drafts.map(({ owner, used, createdMs }) => {
      const account = this.account(appId, this.ids.next(createdMs), owner);
      if (used !== undefined) this.lastUsedMs.set(account.id, used);
      return account;
    });
  }

  /**
   * A last use of this class, at least a day away from the 30- and 90-day
   * edges (and an hour before the clock), never before the application was
   * discovered; a class the application is too young for falls back to
   * recent use or none.
   */
  lastUse(use: UseClass, discoveredMs: number): number | undefined {
    let ms: number | undefined;
    if (use === 'active') ms = this.recentUse(discoveredMs);
    else if (use === 'inactive') ms = this.useBetween(discoveredMs, 89, 31);
    else if (use === 'old') ms = this.useBetween(discoveredMs, 400, 91);
    if (ms === undefined && use !== 'never' && this.rng.chance(0.5))
      ms = this.recentUse(discoveredMs);
    return ms === undefined ? undefined : ms - (ms % 1000);
  }

  /** A use within 29 days, at least an hour before the clock. */
  private recentUse(discoveredMs: number): number {
    const from = Math.max(discoveredMs, this.ctx.nowMs - 29 * DAY_MS);
    const to = this.ctx.nowMs - HOUR_MS;
    return from + Math.floor(this.rng.next() * (to - from));
  }

  /** A use between `fromDays` and `toDays` ago, not before discovery; undefined when there is no such time. */
  private useBetween(
    discoveredMs: number,
    fromDays: number,
    toDays: number,
  ): number | undefined {
    const from = Math.max(discoveredMs, this.ctx.nowMs - fromDays * DAY_MS);
    const to = this.ctx.nowMs - toDays * DAY_MS;
    return from < to
      ? from + Math.floor(this.rng.next() * (to - from))
      : undefined;
  }

  /** One account of an owner, with an e-mail, a username or both. */
  account(appId: string, id: string, owner: Owner): SaasAccount {
    const rng = this.rng;
    const domain = this.ctx.emailDomain;
    let email: string | undefined;
    let username: string | undefined;
    /** Absent (undefined), null, "" or an id. */
    let userId: string | null | undefined;
    if (owner.kind === 'user') {
      const user = owner.user;
      const r = rng.next();
      if (r < 0.06) username = user.username;
      else if (r < 0.12) email = capitalized(user.email);
      else if (r < 0.4) {
        email = user.email;
        username = user.username;
      } else email = user.email;
      userId = user.id;
    } else if (owner.kind === 'deleted') {
      const n = ++this.serial;
      if (rng.chance(0.8)) email = `former.employee${n}@${domain}`;
      else username = `ex-employee-${n}`;
      userId = owner.userId;
    } else {
      const n = ++this.serial;
      const form = rng.int(0, 5);
      if (form === 0) email = `it-admin${n}@${domain}`;
      else if (form === 1) email = `shared-inbox${n}@${domain}`;
      else if (form === 2) email = `contractor.${n}@partner.example`;
      else if (form === 3) email = `svc-deploy-${n}@${domain}`;
      else if (form === 4) username = `svc_build_${n}`;
      else username = `admin${n}`;
      const r = rng.next();
      userId = r < 0.3 ? null : r < 0.6 ? '' : undefined;
    }
    // The spec's field order: id, user_id, parent_app_id, email, username.
    const account: Record<string, unknown> = { id };
    if (userId !== undefined) account.user_id = userId;
    account.parent_app_id = appId;
    if (email !== undefined) account.email = email;
    if (username !== undefined) account.username = username;
    return account as SaasAccount;
  }

  /** An account created at `createdMs`, and its last use if any. */
  accountAt(
    appId: string,
    createdMs: number,
    owner: Owner,
    lastUsedMs?: number,
  ): SaasAccount {
    const account = this.account(appId, this.ids.next(createdMs), owner);
    if (lastUsedMs !== undefined) this.lastUsedMs.set(account.id, lastUsedMs);
    return account;
  }
}

/** Accounts of existing users: a few applications most people use, many used by a team or a handful. */
function ownedCount(rng: Random, size: SizeClass, users: number): number {
  const within = (lo: number, hi: number) => lo + rng.next() * (hi - lo);
  switch (size) {
    case 'large':
      return Math.round(Math.min(users * within(0.5, 0.9), within(1200, 2500)));
    case 'medium':
      return Math.round(Math.min(users * within(0.1, 0.4), within(100, 500)));
    case 'small':
      return Math.max(
        1,
        Math.round(Math.min(users * within(0.02, 0.1), within(5, 40))),
      );
    case 'tiny':
      return rng.int(0, 3);
  }
}

function capitalized(email: string): string {
  return (
    email.charAt(0).toUpperCase() +
    email.slice(1).replace(/@.*/, (d) => d.toUpperCase())
  );
}

/**
 * Licenses: about a third of the applications have a contract of one or two
 * tiers, with fewer or more licenses than accounts used in the last 30 days;
 * some are unlimited, most have none (404), a few answer an empty list. From
 * five applications on each of these is there at least once.
 */
function assignLicenses(
  rng: Random,
  ctx: SaasGenerationContext,
  saas: SaasManagement,
): void {
  const ids = new ObjectIdFactory(hash32(ctx.salt, 0x5aa8));
  const activeSince = ctx.nowMs - SAAS_ACTIVE_DAYS * DAY_MS;
  const apps = saas.applications;
  const active = apps.map(
    (a) =>
      saas.accounts
        .get(a.id)!
        .filter(
          (acc) => (saas.lastUsedMs.get(acc.id) ?? -Infinity) >= activeSince,
        ).length,
  );
  const kinds: LicenseKind[] = apps.map(
    () => LICENSE_KINDS[rng.weighted(LICENSE_WEIGHTS)],
  );
  const fewer = new Set<number>();
  const more = new Set<number>();
  if (apps.length >= 5) {
    const order = rng.shuffle(apps.map((_, i) => i));
    const busy = order.findIndex((i) => active[i] >= 2);
    if (busy > 0) order.unshift(...order.splice(busy, 1));
    const forced: LicenseKind[] = [
      'limited',
      'limited',
      'unlimited',
      'empty',
      'none',
    ];
    forced.forEach((kind, k) => (kinds[order[k]] = kind));
    (active[order[0]] >= 2 ? fewer : more).add(order[0]);
    more.add(order[1]);
  }
  const when = { nowMs: ctx.nowMs, ids };
  apps.forEach((app, i) => {
    const accounts = saas.accounts.get(app.id)!.length;
    switch (kinds[i]) {
      case 'none':
        return;
      case 'empty':
        saas.licenses.set(app.id, { results: [], totalCount: 0 });
        return;
      case 'unlimited':
        saas.licenses.set(app.id, unlimitedLicenses(rng, accounts, when));
        break;
      case 'limited': {
        const below =
          fewer.has(i) || (!more.has(i) && active[i] >= 2 && rng.chance(0.4));
        saas.licenses.set(
          app.id,
          limitedLicenses(rng, active[i], below, accounts, when),
        );
        break;
      }
    }
    const sources = saas.discoverySources.get(app.id)!;
    if (sources.length > 0 && !sources.includes('LICENSE'))
      saas.discoverySources.set(app.id, [...sources, 'LICENSE']);
  });
}

interface LicenseClock {
  nowMs: number;
  ids: ObjectIdFactory;
}

/**
 * One or two tiers: in all fewer licenses than `active` accounts (`below`),
 * or more. A tier now and then has no price.
 */
function limitedLicenses(
  rng: Random,
  active: number,
  below: boolean,
  accounts: number,
  clock: LicenseClock,
): SaasLicenses {
  let total = below
    ? Math.max(1, Math.floor(active * (0.5 + rng.next() * 0.4)))
    : active + rng.int(1, Math.max(2, Math.round(active * 0.5)));
  if (below && total >= active) total = Math.max(1, active - 1);
  const twoTiers = total >= 2 && rng.chance(0.35);
  const counts = twoTiers
    ? (() => {
        const first = Math.max(
          1,
          Math.min(total - 1, Math.round(total * (0.6 + rng.next() * 0.3))),
        );
        return [first, total - first];
      })()
    : [total];
  const names = twoTiers ? rng.pick(TIER_PAIRS) : [rng.pick(TIER_NAMES)];
  let unassignedSeats = accounts;
  let monthly = 0;
  let allPriced = true;
  const tiers: SaasLicenseTier[] = counts.map((count, k) => {
    const assigned = Math.min(count, unassignedSeats);
    unassignedSeats -= assigned;
    const price = rng.chance(0.08)
      ? undefined
      : PRICES[Math.min(PRICES.length - 1, rng.int(0, 6) + k * 3)];
    if (price === undefined) allPriced = false;
    else monthly += count * price;
    return tier(clock.ids.next(clock.nowMs), names[k], count, price, assigned);
  });
  return {
    results: tiers,
    totalCount: tiers.length,
    contract: contract(
      rng,
      clock.nowMs,
      allPriced ? cents(monthly * 12) : rng.int(10, 500) * 100,
    ),
  };
}

/** An unlimited tier (count 0), now and then beside a limited one. */
function unlimitedLicenses(
  rng: Random,
  accounts: number,
  clock: LicenseClock,
): SaasLicenses {
  const tiers: SaasLicenseTier[] = [];
  let assignedElsewhere = 0;
  if (rng.chance(0.3)) {
    const count = rng.int(5, 50);
    assignedElsewhere = Math.min(count, accounts);
    tiers.push(
      tier(
        clock.ids.next(clock.nowMs),
        'Editor',
        count,
        rng.pick(PRICES),
        assignedElsewhere,
      ),
    );
  }
  tiers.push({
    id: clock.ids.next(clock.nowMs),
    name: tiers.length > 0 ? 'Viewer' : 'Enterprise (unlimited)',
    count: 0,
    assigned: accounts - assignedElsewhere,
    unassigned: 0,
    is_unlimited: true,
  });
  return {
    results: tiers,
    totalCount: tiers.length,
    contract: contract(rng, clock.nowMs, rng.int(12, 90) * 1000),
  };
}

function tier(
  id: string,
  name: string,
  count: number,
  price: number | undefined,
  assigned: number,
): SaasLicenseTier {
  return {
    id,
    name,
    count,
    ...(price !== undefined && { cost_per_license: price }),
    assigned,
    unassigned: count - assigned,
    is_unlimited: false,
  };
}

function contract(rng: Random, nowMs: number, cost: number): SaasContract {
  const renewal = nowMs + rng.int(20, 330) * DAY_MS;
  const out: SaasContract = {
    cost,
    currency: rng.pick(CURRENCIES),
    term: rng.chance(0.75) ? 'YEARLY_TERM' : 'MONTHLY_TERM',
    renewal_date: `${new Date(renewal).toISOString().slice(0, 10)}T00:00:00Z`,
  };
  if (rng.chance(0.4)) out.notes = rng.pick(NOTES);
  return out;
}

const cents = (value: number) => Math.round(value * 100) / 100;

export function isoSeconds(ms: number): string {
  return new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z');
}

export interface SaasRevisionContext {
  seed: number;
  salt: number;
  revision: number;
  nowMs: number;
  emailDomain: string;
  /** Who may hold the new application's accounts. */
  users: readonly SystemUser[];
  deletedUserIds: readonly string[];
  applications: readonly Application[];
}

/** What one revision changed in SaaS Management. */
export interface SaasRevisionChange {
  /** A shadow-IT application discovered a few hours ago, with the accounts (in use) it was found with. */
  newShadowApplication?: { appId: string; name: string; accountIds: string[] };
  /** An account, never used, of a deleted user or of nobody, in an application discovered before. */
  orphanedAccount?: { appId: string; accountId: string; userId?: string };
}

/**
 * Revision `revision` of SaaS Management, on top of the one before: a new
 * shadow-IT application (a name no SSO application and no discovered one
 * has) with one to three accounts of existing users, used in the last few
 * hours; and a new orphaned account in an application discovered before.
 * Drawn from the seed and the revision alone; nothing without SaaS
 * Management.
 */
export function reviseSaasManagement(
  saas: SaasManagement,
  ctx: SaasRevisionContext,
): SaasRevisionChange {
  if (!saas.enabled) return {};
  const rng = streamFor(ctx.seed, `saas revision ${ctx.revision}`);
  const salt = hash32(ctx.salt, 0x5e71, ctx.revision);
  const appIds = new ObjectIdFactory(salt);
  const builder = new AccountBuilder(
    rng,
    ctx,
    new ObjectIdFactory(hash32(salt, 1)),
    saas.lastUsedMs,
    1_000_000 + ctx.revision * 1000,
  );
  const change: SaasRevisionChange = {};
  const earlier = saas.applications;

  const taken = new Set([
    ...ssoNames(ctx.applications).keys(),
    ...earlier.map((a) => comparable(a.name)),
  ]);
  const name = [
    ...rng.shuffle([...BRANDS]),
    ...QUALIFIERS.flatMap((q) => BRANDS.map((b) => `${b} ${q}`)),
    ...BRANDS.map((b) => `${b} (revision ${ctx.revision})`),
  ].find((n) => !taken.has(comparable(n)))!;
  const discoveredMs =
    ctx.nowMs - rng.int(3, 20) * HOUR_MS - (ctx.nowMs % 1000);
  const appId = appIds.next(discoveredMs);
  const holders = rng.distinct(
    Math.min(ctx.users.length, rng.int(1, 3)),
    0,
    ctx.users.length - 1,
  );
  const accounts = holders
    .map((u) => {
      const usedMs = discoveredMs + rng.int(1, 7_200) * 1000;
      return { user: ctx.users[u], usedMs };
    })
    .map(({ user, usedMs }) =>
      builder.accountAt(appId, discoveredMs, { kind: 'user', user }, usedMs),
    );
  const application: SaasApplication = {
    id: appId,
    name,
    status: 'NEWLY_DISCOVERED',
    access_restriction: 'NO_ACTION',
    discovered_at: isoSeconds(discoveredMs),
    restriction_excluded_group_ids: [],
  };
  saas.applications = [...earlier, application].sort(byId);
  saas.accounts.set(appId, accounts);
  saas.ssoApplicationIds.set(appId, []);
  saas.discoverySources.set(
    appId,
    accounts.length > 0 ? ['BROWSER_EXTENSION'] : [],
  );
  change.newShadowApplication = {
    appId,
    name,
    accountIds: accounts.map((a) => a.id),
  };

  if (earlier.length > 0) {
    const target = rng.pick(earlier).id;
    const owner: Owner =
      ctx.deletedUserIds.length > 0 && rng.chance(0.7)
        ? { kind: 'deleted', userId: rng.pick(ctx.deletedUserIds) }
        : { kind: 'none' };
    const createdMs = ctx.nowMs - rng.int(1, 10) * HOUR_MS - (ctx.nowMs % 1000);
    const account = builder.accountAt(target, createdMs, owner);
    saas.accounts.set(
      target,
      [...(saas.accounts.get(target) ?? []), account].sort(byId),
    );
    change.orphanedAccount = { appId: target, accountId: account.id };
    if (typeof account.user_id === 'string' && account.user_id !== '')
      change.orphanedAccount.userId = account.user_id;
  }
  return change;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
