import { IntegrationLogger } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, readSettings } from '../config';
import { ClientOptions, JumpCloudClient } from './client';
import { RetryOptions } from './http';

export * from './client';
export { OrganizationClient } from './organization';
export * from './types';
export { consoleLinks, ConsoleLinks, Region, REGIONS } from './hosts';

let shared: { signature: string; client: JumpCloudClient } | undefined;

/**
 * The run's one client. Steps call this with the same instance config and get
 * the same client, so the request limiter and any rate-limit pause cover all
 * of them; a different config (another test, another tenant) gets a new one.
 */
export function getOrCreateClient(
  config: IntegrationConfig,
  logger: IntegrationLogger,
): JumpCloudClient {
  const settings = readSettings(config);
  const options = clientOptionsFromEnvironment();
  const signature = JSON.stringify([settings, options]);
  if (!shared || shared.signature !== signature) {
    shared = {
      signature,
      client: new JumpCloudClient(settings, logger, options),
    };
  }
  return shared.client;
}

/**
 * Operators (and tests) may tune retries without touching the instance
 * configuration: JUMPCLOUD_MAX_ATTEMPTS, JUMPCLOUD_RETRY_BASE_DELAY_MS,
 * JUMPCLOUD_RETRY_MAX_DELAY_MS, JUMPCLOUD_REQUEST_TIMEOUT_MS.
 */
function clientOptionsFromEnvironment(): ClientOptions {
  const read = (name: string): number | undefined => {
    const value = Number(process.env[name]);
    return process.env[name] && Number.isInteger(value) && value >= 0
      ? value
      : undefined;
  };
  const retry: Partial<RetryOptions> = {};
  const fields: [keyof RetryOptions, string][] = [
    ['maxAttempts', 'JUMPCLOUD_MAX_ATTEMPTS'],
    ['baseDelayMs', 'JUMPCLOUD_RETRY_BASE_DELAY_MS'],
    ['maxDelayMs', 'JUMPCLOUD_RETRY_MAX_DELAY_MS'],
    ['timeoutMs', 'JUMPCLOUD_REQUEST_TIMEOUT_MS'],
  ];
  for (const [field, env] of fields) {
    const value = read(env);
    if (value !== undefined) retry[field] = value;
  }
  return { retry };
}
