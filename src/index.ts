import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, instanceConfigFields } from './config';
import { accountSteps } from './steps/account';
import { adminSteps } from './steps/admins';
import { deviceSteps } from './steps/devices';
import { groupSteps } from './steps/groups';
import { peopleSteps } from './steps/people';
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
      ...adminSteps,
      ...deviceSteps,
      ...peopleSteps,
    ],
  };
