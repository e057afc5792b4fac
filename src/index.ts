import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, instanceConfigFields } from './config';
import { accountSteps } from './steps/account';
import { groupSteps } from './steps/groups';
import { ssoAppSteps } from './steps/sso-apps';
import { userSteps } from './steps/users';
import { validateInvocation } from './validateInvocation';

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> =
  {
    instanceConfigFields,
    validateInvocation,
    integrationSteps: [
      ...accountSteps,
      ...userSteps,
      ...groupSteps,
      ...ssoAppSteps,
    ],
  };
