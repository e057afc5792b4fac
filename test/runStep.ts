import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';
import { invocationConfig as typedInvocationConfig } from '../src';
import { IntegrationConfig } from '../src/config';

/**
 * The integration's invocation config as the testing kit types it (its
 * functions take the base instance config, which TypeScript will not accept
 * for ours without this widening).
 */
export const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;

/** Runs a step after its dependencies, as the testing kit does. */
export function runStep(stepId: string, instanceConfig: IntegrationConfig) {
  return executeStepWithDependencies({
    stepId,
    invocationConfig,
    instanceConfig,
  });
}
