import { Entity } from '@jupiterone/integration-sdk-core';
import {
  JumpCloudApplication,
  JumpCloudSaasAccount,
  JumpCloudSaasApplication,
  JumpCloudSaasLicenses,
  JumpCloudSaasUsage,
} from '../../client';
import { cleanEmail, cleanString, cleanTime, firstString } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days of use read per application (the most the usage route offers). */
export const USAGE_DAYS = 90;
/** An account used within this many days is active, and holds a license in use. */
export const ACTIVE_DAYS = 30;

export function saasApplicationKey(applicationId: string): string {
  return `${Entities.SAAS_APPLICATION._type}:${applicationId}`;
}

/** Account ids are the application's own: the key names both. */
export function saasAccountKey(
  applicationId: string,
  accountId: string,
): string {
  return `${Entities.SAAS_ACCOUNT._type}:${applicationId}:${accountId}`;
}

/** A name as compared with SSO applications: trimmed, spaces folded, lower case. */
export function comparableName(name: unknown): string | undefined {
  return cleanString(name)?.toLowerCase();
}

/**
 * Configured SSO applications by comparable name: each one under its display
 * name and under its label (`displayName`, `displayLabel`).
 */
export function ssoApplicationsByName(
  applications: readonly JumpCloudApplication[],
): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const application of applications) {
    const id = cleanString(application._id ?? application.id);
    if (!id) continue;
    const names = new Set(
      [application.displayName, application.displayLabel]
        .map(comparableName)
        .filter((name): name is string => !!name),
    );
    for (const name of names) {
      const ids = byName.get(name) ?? [];
      ids.push(id);
      byName.set(name, ids);
    }
  }
  return byName;
}

/** When each account was last used, folded from the usage route's rows. */
export interface AccountUse {
  /** Latest use per account id. */
  lastUsedOn: Map<string, number>;
  /** Rows that name no account or carry no readable time. */
  unreadable: number;
}

export function foldUsage(rows: readonly JumpCloudSaasUsage[]): AccountUse {
  const lastUsedOn = new Map<string, number>();
  let unreadable = 0;
  for (const row of rows) {
    const accountId = cleanString(row?.account_id);
    const time = cleanTime(row?.latest_used_at);
    if (!accountId || time === undefined) {
      unreadable++;
      continue;
    }
    lastUsedOn.set(accountId, Math.max(lastUsedOn.get(accountId) ?? 0, time));
  }
  return { lastUsedOn, unreadable };
}

/** An account's status from its last use: active (30 days), inactive (90 days), unused. */
export function accountStatus(
  lastUsedOn: number | undefined,
  nowMs: number,
): 'active' | 'inactive' | 'unused' {
  if (lastUsedOn === undefined) return 'unused';
  return lastUsedOn >= nowMs - ACTIVE_DAYS * DAY_MS ? 'active' : 'inactive';
}

/** The license figures of an application; empty when it has no contract. */
export interface LicenseFigures {
  licenses?: number;
  licensesUnlimited?: boolean;
  /** Per license per month: the one price, or the average over the tiers. */
  costPerLicense?: number;
  monthlyLicenseCost?: number;
  currency?: string;
  contractCost?: number;
  contractTerm?: string;
  renewalOn?: number;
}

const cents = (value: number) => Math.round(value * 100) / 100;
const count = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : undefined;
const money = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : undefined;

export function licenseFigures(
  licenses: JumpCloudSaasLicenses | undefined,
): LicenseFigures {
  const tiers = Array.isArray(licenses?.results)
    ? licenses!.results.filter((t) => t && typeof t === 'object')
    : [];
  const contract =
    licenses?.contract && typeof licenses.contract === 'object'
      ? licenses.contract
      : undefined;
  if (tiers.length === 0 && !contract) return {};

  const contractFigures = {
    currency: cleanString(contract?.currency)?.toUpperCase(),
    contractCost: money(contract?.cost),
    contractTerm: cleanString(contract?.term)?.toLowerCase(),
    renewalOn: cleanTime(contract?.renewal_date),
  };
  if (tiers.length === 0) return contractFigures;
  if (tiers.some((t) => t.is_unlimited === true)) {
    return { licensesUnlimited: true, ...contractFigures };
  }
  let total = 0;
  let priced = 0;
  let monthly = 0;
  for (const tier of tiers) {
    const seats = count(tier.count) ?? 0;
    total += seats;
    const price = money(tier.cost_per_license);
    if (price !== undefined) {
      priced += seats;
      monthly += seats * price;
    }
  }
  const allPriced = priced === total;
  return {
    licenses: total,
    licensesUnlimited: false,
    costPerLicense: allPriced && total > 0 ? cents(monthly / total) : undefined,
    monthlyLicenseCost: allPriced ? cents(monthly) : undefined,
    ...contractFigures,
  };
}

/**
 * Licenses paid for and not in use: licenses minus the accounts used in the
 * last 30 days, never below 0; undefined without a contract or when unlimited.
 */
export function unusedLicenses(
  figures: LicenseFigures,
  activeAccounts: number,
): number | undefined {
  if (figures.licenses === undefined) return undefined;
  return Math.max(0, figures.licenses - activeAccounts);
}

/**
 * A discovered application as `jumpcloud_saas_application`: its name (from
 * the item route), review status, when it was discovered and last used,
 * whether it is shadow IT (no configured SSO application has its name), its
 * accounts and the licenses paid for.
 */
export function createSaasApplicationEntity(
  application: JumpCloudSaasApplication,
  details: {
    ssoApplicationIds: readonly string[];
    accounts: number;
    activeAccounts: number;
    lastUsedOn: number | undefined;
    licenses: LicenseFigures;
  },
): Entity | undefined {
  const id = cleanString(application.id);
  if (!id) return undefined;
  const name = firstString(application.name) ?? id;
  const status = cleanString(application.status)?.toLowerCase();
  const unused = unusedLicenses(details.licenses, details.activeAccounts);
  return createEntity(application, {
    _key: saasApplicationKey(id),
    _type: Entities.SAAS_APPLICATION._type,
    _class: Entities.SAAS_APPLICATION._class,
    id,
    name,
    displayName: name,
    status,
    approved: status === 'approved',
    accessRestriction: cleanString(
      application.access_restriction,
    )?.toLowerCase(),
    catalogAppId: cleanString(application.catalog_app_id),
    ownerUserId: cleanString(application.owner_user_id),
    discoveredOn: cleanTime(application.discovered_at),
    lastUsedOn: details.lastUsedOn,
    shadowIt: details.ssoApplicationIds.length === 0,
    ssoApplicationIds: [...details.ssoApplicationIds],
    accounts: details.accounts,
    activeAccounts: details.activeAccounts,
    ...details.licenses,
    unusedLicenses: unused,
    unusedLicenseCost:
      unused !== undefined && details.licenses.costPerLicense !== undefined
        ? cents(unused * details.licenses.costPerLicense)
        : undefined,
  });
}

/**
 * An account in a discovered application as `jumpcloud_saas_account`: its
 * e-mail or login, its last use, its status, and its owner. `orphaned` when
 * JumpCloud names no owner, or names one that was not collected (deleted).
 */
export function createSaasAccountEntity(
  applicationId: string,
  account: JumpCloudSaasAccount,
  details: {
    lastUsedOn: number | undefined;
    ownerCollected: boolean;
    nowMs: number;
  },
): Entity | undefined {
  const id = cleanString(account.id);
  if (!id) return undefined;
  const email = cleanEmail(account.email);
  const username = firstString(account.username, email, account.email) ?? id;
  const status = accountStatus(details.lastUsedOn, details.nowMs);
  return createEntity(account, {
    _key: saasAccountKey(applicationId, id),
    _type: Entities.SAAS_ACCOUNT._type,
    _class: Entities.SAAS_ACCOUNT._class,
    id,
    name: email ?? username,
    displayName: email ?? username,
    email,
    username,
    applicationId,
    userId: cleanString(account.user_id),
    lastUsedOn: details.lastUsedOn,
    status,
    active: status === 'active',
    orphaned: !details.ownerCollected,
  });
}
