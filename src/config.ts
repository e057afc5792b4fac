import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { DEFAULT_REGION, isRegion, Region, REGIONS } from './client/hosts';

/**
 * Instance configuration as the platform (or the CLI, from environment
 * variables named after each field: apiKey -> API_KEY) hands it to us.
 */
export const instanceConfigFields: IntegrationInstanceConfigFieldMap = {
  apiKey: { type: 'string', mask: true },
  orgId: { type: 'string', optional: true },
  region: { type: 'string', optional: true },
  apiBaseUrl: { type: 'string', optional: true },
  insightsApiBaseUrl: { type: 'string', optional: true },
  maxConcurrentRequests: { type: 'string', optional: true },
  ssoEventsDays: { type: 'string', optional: true },
};

export interface IntegrationConfig extends IntegrationInstanceConfig {
  apiKey: string;
  orgId?: string;
  region?: string;
  apiBaseUrl?: string;
  insightsApiBaseUrl?: string;
  maxConcurrentRequests?: string;
  ssoEventsDays?: string;
}

/** The configuration after checking: every value present, parsed and normalised. */
export interface JumpCloudSettings {
  apiKey: string;
  /** The one organization to read (x-org-id), when ORG_ID names one. */
  orgId?: string;
  /** ORG_ID=all: every organization a multi-tenant key manages. */
  allOrganizations: boolean;
  region: Region;
  /** Console API root, e.g. https://console.jumpcloud.com/api; v2 lives under /v2. */
  apiBaseUrl: string;
  /** Directory Insights root, e.g. https://api.jumpcloud.com/insights/directory/v1. */
  insightsApiBaseUrl: string;
  maxConcurrentRequests: number;
  /** Days of SSO sign-ins read from Directory Insights. */
  ssoEventsDays: number;
}

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 10;
export const DEFAULT_SSO_EVENTS_DAYS = 30;
/** Directory Insights keeps 90 days of events. */
export const MAX_SSO_EVENTS_DAYS = 90;
const MAX_CONCURRENT_REQUESTS_LIMIT = 50;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** The ORG_ID value that asks for every organization of a multi-tenant key. */
export const ALL_ORGANIZATIONS = 'all';

/**
 * Checks and normalises the configuration. Every problem names the field (and
 * its environment variable) so that the user knows what to change.
 */
export function readSettings(config: IntegrationConfig): JumpCloudSettings {
  const apiKey = (config.apiKey ?? '').trim();
  if (!apiKey) {
    throw new IntegrationValidationError(
      'Config requires apiKey (API_KEY): the JumpCloud API key of an administrator.',
    );
  }

  const regionValue = (config.region ?? '').trim().toLowerCase();
  const region = regionValue || DEFAULT_REGION;
  if (!isRegion(region)) {
    throw new IntegrationValidationError(
      `Config region (REGION) "${
        config.region
      }" is not a JumpCloud region; use one of: ${Object.keys(REGIONS).join(
        ', ',
      )}.`,
    );
  }

  const orgValue = (config.orgId ?? '').trim();
  const allOrganizations = orgValue.toLowerCase() === ALL_ORGANIZATIONS;
  const orgId = allOrganizations ? undefined : orgValue || undefined;
  if (orgId && !OBJECT_ID.test(orgId)) {
    throw new IntegrationValidationError(
      `Config orgId (ORG_ID) "${orgId}" is not a JumpCloud organization id (24 hexadecimal characters) nor "${ALL_ORGANIZATIONS}".`,
    );
  }

  const apiBaseUrl =
    readUrl(config.apiBaseUrl, 'apiBaseUrl', 'API_BASE_URL') ??
    `${REGIONS[region].consoleUrl}/api`;
  const insightsApiBaseUrl =
    readUrl(
      config.insightsApiBaseUrl,
      'insightsApiBaseUrl',
      'INSIGHTS_API_BASE_URL',
    ) ??
    (config.apiBaseUrl
      ? // A JumpCloud-compatible server given by apiBaseUrl serves Insights on the same origin.
        `${new URL(apiBaseUrl).origin}/insights/directory/v1`
      : REGIONS[region].insightsApiBaseUrl);

  return {
    apiKey,
    orgId,
    allOrganizations,
    region,
    apiBaseUrl,
    insightsApiBaseUrl,
    maxConcurrentRequests: readWholeNumber(
      config.maxConcurrentRequests,
      'maxConcurrentRequests',
      'MAX_CONCURRENT_REQUESTS',
      {
        min: 1,
        max: MAX_CONCURRENT_REQUESTS_LIMIT,
        default: DEFAULT_MAX_CONCURRENT_REQUESTS,
      },
    ),
    ssoEventsDays: readWholeNumber(
      config.ssoEventsDays,
      'ssoEventsDays',
      'SSO_EVENTS_DAYS',
      { min: 1, max: MAX_SSO_EVENTS_DAYS, default: DEFAULT_SSO_EVENTS_DAYS },
    ),
  };
}

function readUrl(
  value: string | undefined,
  field: string,
  env: string,
): string | undefined {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" is not a valid URL; expected e.g. http://127.0.0.1:8080/api.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" must be an http or https URL.`,
    );
  }
  if (url.search || url.hash) {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" must not carry a query or fragment.`,
    );
  }
  return text.replace(/\/+$/, '');
}

function readWholeNumber(
  value: string | number | undefined,
  field: string,
  env: string,
  range: { min: number; max: number; default: number },
): number {
  const text = (value ?? '').toString().trim();
  if (!text) return range.default;
  const n = Number(text);
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" must be a whole number from ${range.min} to ${range.max}.`,
    );
  }
  return n;
}
