import {
  IntegrationIngestionConfigFieldMap,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { IngestionSource, IngestionSources } from './constants';

/** What each optional source collects, as the tile shows it. */
export const ingestionConfig = {
  [IngestionSources.SIGN_IN_USAGE]: {
    title: 'SSO sign-in usage',
    description:
      'Reads SSO sign-ins from Directory Insights: who really uses which application (user USES application), sign-in counts and times on each application, and applications known only from sign-ins.',
  },
  [IngestionSources.DEVICES]: {
    title: 'Devices and device access',
    description:
      'Devices with their users, device groups, and who is bound to which devices through groups (with sudo).',
  },
  [IngestionSources.AUTH_POLICIES]: {
    title: 'Authentication policies',
    description:
      'Conditional access policies, the groups and applications they cover, and which applications need MFA by policy.',
  },
  [IngestionSources.ADMINISTRATORS]: {
    title: 'Administrators',
    description:
      'The administrators of the JumpCloud console, their roles and MFA, linked to their user accounts.',
  },
  [IngestionSources.SAAS_MANAGEMENT]: {
    title: 'SaaS Management',
    description:
      'Applications SaaS Management discovered (shadow IT), the accounts people hold in them with their last use, and the licenses paid for.',
  },
} satisfies IntegrationIngestionConfigFieldMap;

/**
 * Whether the user left this source on. The SDK skips a switched-off
 * source's steps itself; a step that serves two sources (fetch-sso-apps also
 * reads sign-ins and policies) asks here.
 */
export function isSourceEnabled(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
  source: IngestionSource,
): boolean {
  return !context.instance.disabledSources?.some(
    (disabled) => disabled.ingestionSourceId === source,
  );
}
