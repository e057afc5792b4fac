import {
  createDirectRelationship,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { ConsoleLinks, JumpCloudApplication } from '../../client';
import { cleanString, cleanTime, firstString, isTrue } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';
import { userKey } from '../users/converter';
import { ApplicationUsage, ObservedApplication, PairUsage } from './usage';

export function applicationKey(applicationId: string): string {
  return `${Entities.APPLICATION._type}:${applicationId}`;
}

/** Usage properties of an application; absent when sign-ins could not be read. */
function usageProperties(usage: ApplicationUsage | undefined, known: boolean) {
  if (!known) return {};
  return {
    ssoEventCount: usage?.ssoEventCount ?? 0,
    ssoUserCount: usage?.ssoUserCount ?? 0,
    lastSsoOn: usage?.lastSsoOn,
  };
}

/**
 * A configured SSO application. `usageKnown` is false when Directory Insights
 * could not be read: then the usage properties are left out rather than zero.
 */
export function createApplicationEntity(
  application: JumpCloudApplication,
  usage: ApplicationUsage | undefined,
  usageKnown: boolean,
  links: ConsoleLinks,
  /** An enforcing policy requires MFA for it; undefined when policies could not be read. */
  mfaRequiredByPolicy?: boolean,
): Entity | undefined {
  const id = cleanString(application._id ?? application.id);
  if (!id) return undefined;
  // Secrets never reach the graph, whatever the caller passed.
  const { config, ...rawData } = application;
  const displayName =
    firstString(
      application.displayLabel,
      application.displayName,
      application.name,
    ) ?? id;
  return createEntity(rawData, {
    _key: applicationKey(id),
    _type: Entities.APPLICATION._type,
    _class: Entities.APPLICATION._class,
    id,
    name: firstString(application.name) ?? displayName,
    displayName,
    description: cleanString(application.description),
    ssoType: cleanString(application.sso?.type)?.toLowerCase(),
    ssoUrl: cleanString(application.ssoUrl),
    active: isTrue(application.active),
    beta: isTrue(application.beta),
    createdOn: cleanTime(application.created),
    webLink: links.application(id),
    source: 'configuration',
    confidence: 1,
    mfaRequiredByPolicy,
    ...usageProperties(usage, usageKnown),
  });
}

/**
 * An application known only from sign-ins: its connector was removed or
 * renamed, or it is not configured in this organization any more.
 */
export function createObservedApplicationEntity(
  application: ObservedApplication,
  usage: ApplicationUsage | undefined,
): Entity {
  const displayName =
    application.displayLabel ?? application.name ?? application.id;
  return createEntity(undefined, {
    _key: applicationKey(application.id),
    _type: Entities.APPLICATION._type,
    _class: Entities.APPLICATION._class,
    id: application.id,
    name: application.name ?? displayName,
    displayName,
    ssoType: application.ssoType?.toLowerCase(),
    source: 'sso_events',
    confidence: 0.75,
    ...usageProperties(usage, true),
  });
}

/** user USES application, carrying the pair's sign-in history in the window. */
export function createUsesRelationship(
  userId: string,
  applicationId: string,
  usage: PairUsage,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.USES,
    fromType: Entities.USER._type,
    fromKey: userKey(userId),
    toType: Entities.APPLICATION._type,
    toKey: applicationKey(applicationId),
    properties: {
      firstSsoOn: usage.firstSsoOn,
      lastSsoOn: usage.lastSsoOn,
      ssoEventCount: usage.ssoEventCount,
      failedSsoCount: usage.failedSsoCount,
    },
  });
}
