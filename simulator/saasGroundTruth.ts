import { Tenant } from './tenant';

/**
 * What a correct client collects from SaaS Management, computed from the
 * tenant's data alone (never from the routes' code), at a given time: the
 * rules the integration follows. Last uses in a generated tenant keep a day
 * away from the 30- and 90-day edges (relative to the tenant's clock), so any
 * `nowMs` within a day after the tenant's clock gives the same answer.
 */

const DAY_MS = 86_400_000;
const ACTIVE_DAYS = 30;
const SEEN_DAYS = 90;

export interface ExpectedSaasApplication {
  id: string;
  /** The name the item route serves, trimmed with runs of spaces folded to one (case kept). */
  name: string;
  /** No configured SSO application has its name (see `ssoApplicationIds`). */
  shadowIt: boolean;
  /**
   * The configured SSO applications whose `displayName` or `displayLabel`
   * equals its name, both trimmed, spaces folded and lower-cased; sorted.
   */
  ssoApplicationIds: string[];
  /** Accounts its account list holds. */
  accounts: number;
  /** Its distinct accounts last used within 30 days. */
  activeAccounts: number;
  /** Epoch ms of the latest use of any of its accounts within 90 days; absent without one. */
  lastUsedOn?: number;
  /** The tiers' counts summed, for a contract with tiers none of which is unlimited. */
  licenses?: number;
  /** true when a tier is unlimited, false for a limited contract, absent without tiers. */
  licensesUnlimited?: boolean;
  /** Σ count × cost_per_license / Σ count, rounded to cents, when every tier of a limited contract has a price. */
  costPerLicense?: number;
  /** max(0, licenses − activeAccounts), for a limited contract. */
  unusedLicenses?: number;
}

export interface ExpectedSaasAccount {
  applicationId: string;
  accountId: string;
  /** The account's `user_id` when it is a non-empty string. */
  userId?: string;
  /** `userId` names a user of the tenant. */
  owned: boolean;
  /** Epoch ms of its last use, when within 90 days. */
  lastUsedOn?: number;
  /** active: used within 30 days; inactive: within 90; unused: neither (or never). */
  status: 'active' | 'inactive' | 'unused';
}

export interface ExpectedSaasTotals {
  applications: number;
  shadowIt: number;
  accounts: number;
  /** Accounts whose `user_id` names a user of the tenant. */
  ownedAccounts: number;
  /** The others: a deleted user's, or nobody's. */
  orphanedAccounts: number;
  /** `unusedLicenses` summed over the applications. */
  unusedLicenses: number;
}

/** Trimmed, runs of whitespace folded to one space. */
function folded(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Every discovered application, in the order the list serves them (by id). */
export function expectedSaasApplications(
  t: Tenant,
  nowMs: number,
): ExpectedSaasApplication[] {
  const saas = t.saas;
  if (!saas.enabled) return [];
  const ssoByName = new Map<string, Set<string>>();
  for (const app of t.applications) {
    for (const name of [app.displayName, app.displayLabel]) {
      const key = folded(name).toLowerCase();
      if (key === '') continue;
      const ids = ssoByName.get(key) ?? new Set<string>();
      ids.add(app.id);
      ssoByName.set(key, ids);
    }
  }
  const activeSince = nowMs - ACTIVE_DAYS * DAY_MS;
  const seenSince = nowMs - SEEN_DAYS * DAY_MS;
  return saas.applications.map((app) => {
    const name = folded(app.name);
    const ssoApplicationIds = [
      ...(ssoByName.get(name.toLowerCase()) ?? []),
    ].sort();
    const accounts = saas.accounts.get(app.id) ?? [];
    const active = new Set<string>();
    let lastUsedOn: number | undefined;
    for (const account of accounts) {
      const used = saas.lastUsedMs.get(account.id);
      if (used === undefined || used < seenSince) continue;
      if (used >= activeSince) active.add(account.id);
      lastUsedOn = Math.max(lastUsedOn ?? used, used);
    }
    const out: ExpectedSaasApplication = {
      id: app.id,
      name,
      shadowIt: ssoApplicationIds.length === 0,
      ssoApplicationIds,
      accounts: accounts.length,
      activeAccounts: active.size,
    };
    if (lastUsedOn !== undefined) out.lastUsedOn = lastUsedOn;
    const tiers = saas.licenses.get(app.id)?.results ?? [];
    if (tiers.length === 0) return out;
    if (tiers.some((tier) => tier.is_unlimited)) {
      out.licensesUnlimited = true;
      return out;
    }
    let licenses = 0;
    let monthly = 0;
    let priced = true;
    for (const tier of tiers) {
      licenses += tier.count;
      if (tier.cost_per_license === undefined) priced = false;
      else monthly += tier.count * tier.cost_per_license;
    }
    out.licenses = licenses;
    out.licensesUnlimited = false;
    if (priced && licenses > 0)
      out.costPerLicense = Math.round((monthly / licenses) * 100) / 100;
    out.unusedLicenses = Math.max(0, licenses - active.size);
    return out;
  });
}

/** Every account of every discovered application, application by application, in list order. */
export function expectedSaasAccounts(
  t: Tenant,
  nowMs: number,
): ExpectedSaasAccount[] {
  const saas = t.saas;
  if (!saas.enabled) return [];
  const users = new Set(t.users.map((u) => u.id));
  const activeSince = nowMs - ACTIVE_DAYS * DAY_MS;
  const seenSince = nowMs - SEEN_DAYS * DAY_MS;
  const out: ExpectedSaasAccount[] = [];
  for (const app of saas.applications) {
    for (const account of saas.accounts.get(app.id) ?? []) {
      const userId =
        typeof account.user_id === 'string' && account.user_id !== ''
          ? account.user_id
          : undefined;
      const used = saas.lastUsedMs.get(account.id);
      const seen = used !== undefined && used >= seenSince;
      const row: ExpectedSaasAccount = {
        applicationId: app.id,
        accountId: account.id,
        owned: userId !== undefined && users.has(userId),
        status: !seen ? 'unused' : used >= activeSince ? 'active' : 'inactive',
      };
      if (userId !== undefined) row.userId = userId;
      if (seen) row.lastUsedOn = used;
      out.push(row);
    }
  }
  return out;
}

export function expectedSaasTotals(
  t: Tenant,
  nowMs: number,
): ExpectedSaasTotals {
  const applications = expectedSaasApplications(t, nowMs);
  const accounts = expectedSaasAccounts(t, nowMs);
  const owned = accounts.filter((a) => a.owned).length;
  return {
    applications: applications.length,
    shadowIt: applications.filter((a) => a.shadowIt).length,
    accounts: accounts.length,
    ownedAccounts: owned,
    orphanedAccounts: accounts.length - owned,
    unusedLicenses: applications.reduce(
      (sum, a) => sum + (a.unusedLicenses ?? 0),
      0,
    ),
  };
}
