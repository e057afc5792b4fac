import {
  createDirectRelationship,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { getOrCreateClient, GraphConnection } from '../../client';
import { IntegrationConfig } from '../../config';
import { accountHas, hasKey } from '../job-state';
import { forEachOrganization } from '../organizations';
import { forEachConcurrently, waitForAll } from '../concurrency';
import { DataKeys, Entities, Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { userKey } from '../users/converter';
import {
  applicationKey,
  createApplicationEntity,
  createObservedApplicationEntity,
  createUsesRelationship,
} from './converter';
import { missingPermission } from '../permissions';
import { Progress } from '../progress';
import { SsoUsage } from './usage';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time range of sign-ins read, kept for those who check the result. */
export interface SsoWindow {
  startMs: number;
  endMs: number;
}

/**
 * Configured applications, plus what Directory Insights says about who really
 * signs in to them: one USES edge per user → application pair with a
 * successful sign-in in the window, and applications known only from
 * sign-ins.
 */
export async function fetchSsoApps(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const endMs = Date.now();
  const settings = getOrCreateClient(context.instance.config, logger).settings;
  const window: SsoWindow = {
    startMs: endMs - settings.ssoEventsDays * DAY_MS,
    endMs,
  };
  await jobState.setData(DataKeys.SSO_WINDOW, window);

  await forEachOrganization(context, async ({ api, account, links }) => {
    const applications = await api.listApplications();
    const usage = new SsoUsage((userId) => hasKey(jobState, userKey(userId)));
    const progress = new Progress(logger, 'SSO events folded');
    let eventsFailure: Error | undefined;
    try {
      const { unreadableTimestamps } = await api.iterateSsoEvents(
        window,
        (event, timestampMs) => {
          usage.add(event, timestampMs);
          progress.add();
        },
      );
      if (unreadableTimestamps > 0) {
        logger.warn(
          { unreadableTimestamps },
          `Skipped ${unreadableTimestamps} SSO events with unreadable timestamps.`,
        );
      }
    } catch (err) {
      eventsFailure = err as Error;
    }
    const usageKnown = !eventsFailure;
    const applicationUsage = usage.applicationUsage();

    for (const application of applications) {
      const entity = createApplicationEntity(
        application,
        applicationUsage.get(application._id ?? application.id ?? ''),
        usageKnown,
        links,
      );
      if (!entity || hasKey(jobState, entity._key)) continue;
      await jobState.addEntity(entity);
      await jobState.addRelationship(accountHas(account, entity));
    }

    let observedOnly = 0;
    for (const observed of usage.observedApplications()) {
      if (hasKey(jobState, applicationKey(observed.id))) continue;
      const entity = createObservedApplicationEntity(
        observed,
        applicationUsage.get(observed.id),
      );
      await jobState.addEntity(entity);
      await jobState.addRelationship(accountHas(account, entity));
      observedOnly++;
    }

    let pairs = 0;
    for (const {
      userId,
      applicationId,
      usage: pairUsage,
    } of usage.signedInPairs()) {
      await jobState.addRelationship(
        createUsesRelationship(userId, applicationId, pairUsage),
      );
      pairs++;
    }

    logger.info(
      {
        events: usage.events,
        pairs,
        configured: applications.length,
        observedOnly,
      },
      `Folded ${usage.events} SSO events into ${pairs} user → application pairs; ${observedOnly} applications are known only from sign-ins.`,
    );
    if (usage.skippedTotal > 0) {
      const s = usage.skipped;
      logger.info(
        { skipped: s },
        `Skipped ${usage.skippedTotal} SSO events: ${s.userNotCollected} by users not collected, ${s.administrator} by administrators, ` +
          `${s.noApplication} without an application, ${s.notUser} not by a user, ${s.notSsoAuth} not sso_auth.`,
      );
    }

    if (eventsFailure) throw usageFailure(eventsFailure);
  });
}

/**
 * Sign-ins could not be read: the applications are in the graph, but failing
 * the step reports its types (usage among them) partial, so nothing collected
 * earlier is deleted upstream.
 */
function usageFailure(err: Error): Error {
  if (
    err instanceof IntegrationProviderAPIError &&
    (err.status === 402 || err.status === 403)
  ) {
    const why =
      err.status === 402
        ? 'Directory Insights is not enabled for this JumpCloud organization (402)'
        : 'the API key may not read Directory Insights events (403; the administrator role needs access to Directory Insights)';
    return new IntegrationProviderAuthorizationError({
      endpoint: err.endpoint,
      status: err.status,
      statusText: `${why}, so SSO usage (user USES application, last sign-in times) was not collected; configured applications and their assignments were`,
      resourceType: [Relationships.USER_USES_APPLICATION._type],
    });
  }
  return err;
}

/**
 * Direct assignments: user ASSIGNED application and group ASSIGNED
 * application, from each configured application's associations. It shares the
 * application list with fetch-sso-apps (read once per run) but not its fate:
 * when sign-ins cannot be read, assignments are still complete.
 */
export async function buildApplicationAssignmentRelationships(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const skipped = { users: 0, groups: 0, other: 0 };
  let forbidden: IntegrationProviderAuthorizationError | undefined;
  let built = 0;

  const toEdge = (
    applicationId: string,
    connection: GraphConnection,
  ): Relationship | undefined => {
    const target = connection?.to;
    const toKey = applicationKey(applicationId);
    if (target?.type === 'user') {
      if (hasKey(jobState, userKey(target.id))) {
        return createDirectRelationship({
          _class: RelationshipClass.ASSIGNED,
          fromType: Entities.USER._type,
          fromKey: userKey(target.id),
          toType: Entities.APPLICATION._type,
          toKey,
        });
      }
      skipped.users++;
    } else if (target?.type === 'user_group') {
      if (hasKey(jobState, groupKey(target.id))) {
        return createDirectRelationship({
          _class: RelationshipClass.ASSIGNED,
          fromType: Entities.GROUP._type,
          fromKey: groupKey(target.id),
          toType: Entities.APPLICATION._type,
          toKey,
        });
      }
      skipped.groups++;
    } else {
      skipped.other++;
    }
    return undefined;
  };

  await forEachOrganization(context, async ({ api }, client) => {
    const applications = await api.listApplications();
    const progress = new Progress(
      logger,
      'applications read with their assignments',
      () => applications.length,
    );
    await forEachConcurrently(
      applications,
      client.settings.maxConcurrentRequests,
      async (application) => {
        const applicationId = application._id ?? application.id;
        if (!applicationId || forbidden) return;
        const edges: Relationship[] = [];
        try {
          await waitForAll(
            (['user', 'user_group'] as const).map((targets) =>
              api.iterateApplicationAssociations(
                applicationId,
                targets,
                (connection) => {
                  const edge = toEdge(applicationId, connection);
                  if (edge) edges.push(edge);
                },
              ),
            ),
          );
        } catch (err) {
          if (err instanceof IntegrationProviderAuthorizationError) {
            forbidden ??= err;
            return;
          }
          // Removed between the application list and its associations: nothing assigned.
          if (err instanceof IntegrationProviderAPIError && err.status === 404)
            return;
          throw err;
        }
        await jobState.addRelationships(edges);
        built += edges.length;
        progress.add();
      },
    );
  });

  logger.info({ built, skipped }, `Built ${built} application assignments.`);
  if (skipped.users + skipped.groups + skipped.other > 0) {
    logger.info(
      { skipped },
      `Skipped ${skipped.users + skipped.groups + skipped.other} assignments: ${
        skipped.users
      } to users and ${skipped.groups} to groups that were not collected, ${
        skipped.other
      } to other targets.`,
    );
  }
  if (forbidden) {
    throw missingPermission(forbidden.endpoint, {
      cannotRead: 'application associations',
      notCollected: 'application assignments',
      needs: 'the administrator role needs read access to SSO Applications',
    });
  }
}

export const ssoAppSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.SSO_APPS,
    name: 'Fetch SSO Applications and Sign-ins',
    entities: [Entities.APPLICATION],
    relationships: [
      Relationships.ACCOUNT_HAS_APPLICATION,
      Relationships.USER_USES_APPLICATION,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.USERS],
    executionHandler: fetchSsoApps,
  },
  {
    id: Steps.APPLICATION_ASSIGNMENTS,
    name: 'Build SSO Application Assignments',
    entities: [],
    relationships: [
      Relationships.USER_ASSIGNED_APPLICATION,
      Relationships.GROUP_ASSIGNED_APPLICATION,
    ],
    dependsOn: [Steps.USERS, Steps.GROUPS],
    executionHandler: buildApplicationAssignmentRelationships,
  },
];
