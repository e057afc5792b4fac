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
 * The environment variable each field is read from, by the SDK's rule
 * (apiKey -> API_KEY): what `j1-integration collect` and `npm start` read.
 */
export const CONFIG_ENVIRONMENT_VARIABLES = {
  apiKey: 'API_KEY',
  orgId: 'ORG_ID',
  region: 'REGION',
  apiBaseUrl: 'API_BASE_URL',
  insightsApiBaseUrl: 'INSIGHTS_API_BASE_URL',
  maxConcurrentRequests: 'MAX_CONCURRENT_REQUESTS',
  ssoEventsDays: 'SSO_EVENTS_DAYS',
} as const;

export type ConfigField = keyof typeof CONFIG_ENVIRONMENT_VARIABLES;

/** Instance configuration as it may come: any field absent, the key too. */
export type ConfigValues = { [field in ConfigField]?: string };

/**
 * The instance configuration the CLI would build from these variables: a
 * variable that is not set leaves its field out; one set to "" keeps it.
 */
export function configFromEnvironment(
  environment: Record<string, string | undefined>,
): ConfigValues {
  const config: ConfigValues = {};
  for (const [field, variable] of Object.entries(
    CONFIG_ENVIRONMENT_VARIABLES,
  ) as [ConfigField, string][]) {
    const value = environment[variable];
    if (value !== undefined) config[field] = value;
  }
  return config;
}

/**
 * Retry tuning for operators and tests, from the environment only (never part
 * of the instance configuration); a variable unset or empty keeps the
 * client's default.
 */
export interface OperatorSettings {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

export const OPERATOR_SETTING_VARIABLES: Record<
  keyof OperatorSettings,
  { variable: string; min: number; max: number }
> = {
  maxAttempts: { variable: 'JUMPCLOUD_MAX_ATTEMPTS', min: 1, max: 100 },
  baseDelayMs: {
    variable: 'JUMPCLOUD_RETRY_BASE_DELAY_MS',
    min: 0,
    max: 600_000,
  },
  maxDelayMs: {
    variable: 'JUMPCLOUD_RETRY_MAX_DELAY_MS',
    min: 0,
    max: 600_000,
  },
  timeoutMs: {
    variable: 'JUMPCLOUD_REQUEST_TIMEOUT_MS',
    min: 100,
    max: 600_000,
  },
};

/** Everything checked: the settings (the key only when given) and the operator's tuning. */
export interface CheckedConfiguration
  extends Omit<JumpCloudSettings, 'apiKey'> {
  /** Undefined only when the key was not given at all and `keyOptional`. */
  apiKey?: string;
  operator: OperatorSettings;
}

export interface CheckOptions {
  /**
   * Where the operator settings (JUMPCLOUD_*) are read; default
   * process.env.
   */
  environment?: Record<string, string | undefined>;
  /**
   * A key that is not given at all is allowed (`npm start` then collects its
   * demo tenant); one that is given but blank is still refused.
   */
  keyOptional?: boolean;
}

/**
 * The one check of the configuration: every field of the instance
 * configuration and every operator setting, each problem one sentence that
 * names the field, its environment variable and what is allowed. Used by
 * readSettings (so by the integration on every run) and by `npm start` before
 * it starts anything, with or without a key.
 */
export function checkConfiguration(
  config: ConfigValues,
  options: CheckOptions = {},
): CheckedConfiguration {
  const apiKey = checkApiKey(config.apiKey, options.keyOptional === true);

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

  const givenApiBaseUrl = readUrl(config.apiBaseUrl, 'apiBaseUrl', {
    example: `${REGIONS[DEFAULT_REGION].consoleUrl}/api`,
  });
  const apiBaseUrl = givenApiBaseUrl ?? `${REGIONS[region].consoleUrl}/api`;
  const insightsApiBaseUrl =
    readUrl(config.insightsApiBaseUrl, 'insightsApiBaseUrl', {
      example: REGIONS[DEFAULT_REGION].insightsApiBaseUrl,
    }) ??
    (givenApiBaseUrl
      ? // A JumpCloud-compatible server given by apiBaseUrl serves Insights on the same origin.
        `${new URL(apiBaseUrl).origin}/insights/directory/v1`
      : REGIONS[region].insightsApiBaseUrl);

  return {
    ...(apiKey === undefined ? {} : { apiKey }),
    orgId,
    allOrganizations,
    region,
    apiBaseUrl,
    insightsApiBaseUrl,
    maxConcurrentRequests: readWholeNumber(
      config.maxConcurrentRequests,
      'maxConcurrentRequests',
      {
        min: 1,
        max: MAX_CONCURRENT_REQUESTS_LIMIT,
        default: DEFAULT_MAX_CONCURRENT_REQUESTS,
      },
    ),
    ssoEventsDays: readWholeNumber(config.ssoEventsDays, 'ssoEventsDays', {
      min: 1,
      max: MAX_SSO_EVENTS_DAYS,
      default: DEFAULT_SSO_EVENTS_DAYS,
    }),
    operator: readOperatorSettings(options.environment ?? process.env),
  };
}

/**
 * Checks and normalises the configuration (checkConfiguration, with the
 * operator settings of this process's environment), and requires the key.
 */
export function readSettings(config: IntegrationConfig): JumpCloudSettings {
  const {
    operator: _operator,
    apiKey,
    ...settings
  } = checkConfiguration(config, { environment: process.env });
  return { apiKey: apiKey as string, ...settings };
}

function checkApiKey(
  value: string | undefined,
  keyOptional: boolean,
): string | undefined {
  if (value === undefined && keyOptional) return undefined;
  const apiKey = (value ?? '').trim();
  if (apiKey) return apiKey;
  if (keyOptional) {
    throw new IntegrationValidationError(
      'Config apiKey (API_KEY) is set but empty; set it to the JumpCloud API key of an administrator, or remove it to collect the built-in demo tenant.',
    );
  }
  throw new IntegrationValidationError(
    'Config requires apiKey (API_KEY): the JumpCloud API key of an administrator.',
  );
}

/** The JUMPCLOUD_* retry tuning; unset or empty keeps the default. */
export function readOperatorSettings(
  environment: Record<string, string | undefined>,
): OperatorSettings {
  const settings: OperatorSettings = {};
  for (const [name, { variable, min, max }] of Object.entries(
    OPERATOR_SETTING_VARIABLES,
  ) as [
    keyof OperatorSettings,
    { variable: string; min: number; max: number },
  ][]) {
    const text = (environment[variable] ?? '').trim();
    if (!text) continue;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new IntegrationValidationError(
        `Operator setting ${variable} "${text}" must be a whole number from ${min} to ${max}.`,
      );
    }
    settings[name] = n;
  }
  return settings;
}

function readUrl(
  value: string | undefined,
  field: 'apiBaseUrl' | 'insightsApiBaseUrl',
  { example }: { example: string },
): string | undefined {
  const env = CONFIG_ENVIRONMENT_VARIABLES[field];
  const text = (value ?? '').trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" is not a valid URL; use an http or https URL such as ${example}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" must be an http or https URL.`,
    );
  }
  if (url.search || url.hash) {
    throw new IntegrationValidationError(
      `Config ${field} (${env}) "${text}" must not carry a query or fragment; use an http or https URL such as ${example}.`,
    );
  }
  return text.replace(/\/+$/, '');
}

function readWholeNumber(
  value: string | number | undefined,
  field: 'maxConcurrentRequests' | 'ssoEventsDays',
  range: { min: number; max: number; default: number },
): number {
  const env = CONFIG_ENVIRONMENT_VARIABLES[field];
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
