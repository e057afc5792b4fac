import { IntegrationLogger } from '@jupiterone/integration-sdk-core';
import {
  IntegrationConfig,
  readOperatorSettings,
  readSettings,
} from '../config';
import { ClientOptions, JumpCloudClient } from './client';

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
 * JUMPCLOUD_RETRY_MAX_DELAY_MS, JUMPCLOUD_REQUEST_TIMEOUT_MS (checked with
 * the rest of the configuration by readSettings).
 */
function clientOptionsFromEnvironment(): ClientOptions {
  return { retry: readOperatorSettings(process.env) };
}
