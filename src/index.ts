import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, instanceConfigFields } from './config';
import { accountSteps } from './steps/account';
import { adminSteps } from './steps/admins';
import { authPolicySteps } from './steps/auth-policies';
import { deviceGroupSteps } from './steps/device-groups';
import { deviceSteps } from './steps/devices';
import { groupSteps } from './steps/groups';
import { peopleSteps } from './steps/people';
import { saasManagementSteps } from './steps/saas-management';
import { ingestionConfig } from './steps/sources';
import { ssoAppSteps } from './steps/sso-apps';
import { userSteps } from './steps/users';
import { validateInvocation } from './validateInvocation';

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> =
  {
    instanceConfigFields,
    validateInvocation,
    ingestionConfig,
    integrationSteps: [
      ...accountSteps,
      ...userSteps,
      ...groupSteps,
      ...ssoAppSteps,
      ...adminSteps,
      ...deviceSteps,
      ...deviceGroupSteps,
      ...authPolicySteps,
      ...saasManagementSteps,
      ...peopleSteps,
    ],
  };
