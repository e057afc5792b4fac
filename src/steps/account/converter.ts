import {
  Entity,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { ConsoleLinks, JumpCloudOrganization } from '../../client';
import { cleanTime, firstString } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function accountKey(organizationId: string): string {
  return `${Entities.ACCOUNT._type}:${organizationId}`;
}

export function createAccountEntity(
  organization: JumpCloudOrganization,
  links: ConsoleLinks,
): Entity {
  const id = organization._id ?? organization.id;
  const name =
    firstString(organization.displayName) ?? `JumpCloud organization ${id}`;
  return createEntity(organization, {
    _key: accountKey(id),
    _type: Entities.ACCOUNT._type,
    _class: Entities.ACCOUNT._class,
    id,
    name,
    displayName: name,
    createdOn: cleanTime(organization.created),
    webLink: links.home(),
  });
}

/**
 * The organizations to collect: the one ORG_ID names, every one with
 * ORG_ID=all, or the key's only one. A multi-tenant key without ORG_ID is
 * told which organizations it could pick.
 */
export function selectOrganizations(
  organizations: JumpCloudOrganization[],
  settings: { orgId?: string; allOrganizations?: boolean },
): JumpCloudOrganization[] {
  const idOf = (org: JumpCloudOrganization) => org._id ?? org.id;
  if (organizations.length === 0) {
    throw new IntegrationValidationError(
      'The API key can read no JumpCloud organization (GET /api/organizations returned none).',
    );
  }
  if (settings.allOrganizations) return organizations;
  const { orgId } = settings;
  if (orgId) {
    const match = organizations.find(
      (org) => idOf(org)?.toLowerCase() === orgId.toLowerCase(),
    );
    if (match) return [match];
    throw new IntegrationValidationError(
      `Config orgId (ORG_ID) ${orgId} is not an organization this API key can read. ${describeOrganizations(
        organizations,
      )}`,
    );
  }
  if (organizations.length === 1) return organizations;
  throw new IntegrationValidationError(
    `This is a multi-tenant (MSP) API key that manages ${
      organizations.length
    } organizations: set orgId (ORG_ID) to the one to collect, or to "all". ${describeOrganizations(
      organizations,
    )}`,
  );
}

const LISTED_ORGANIZATIONS = 20;

export function describeOrganizations(
  organizations: JumpCloudOrganization[],
): string {
  const listed = organizations
    .slice(0, LISTED_ORGANIZATIONS)
    .map((org) => {
      const name = firstString(org.displayName);
      return name ? `${org._id ?? org.id} (${name})` : `${org._id ?? org.id}`;
    })
    .join(', ');
  const more =
    organizations.length > LISTED_ORGANIZATIONS
      ? ` and ${organizations.length - LISTED_ORGANIZATIONS} more`
      : '';
  return `Organizations it can read: ${listed}${more}.`;
}
