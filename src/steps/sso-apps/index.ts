import {
  createDirectRelationship,
  Entity,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { getOrCreateClient, GraphConnection } from '../../client';
import { IntegrationConfig } from '../../config';
import { accountHas, GraphWriter, hasKey } from '../job-state';
import { forEachOrganization } from '../organizations';
import { forEachConcurrently, waitForAll } from '../concurrency';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { isSourceEnabled } from '../sources';
import { groupKey } from '../groups/converter';
import { userKey } from '../users/converter';
import {
  applicationKey,
  createApplicationEntity,
  createObservedApplicationEntity,
  createUsesRelationship,
} from './converter';
import { mfaRequiredByPolicy } from '../auth-policies/converter';
import { isFatal, isUnavailable, missingPermission } from '../partial';
import { logSkipped, plural } from '../log';
import { Progress } from '../progress';
import { SsoUsage } from './usage';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time range of sign-ins read, kept for those who check the result. */
export interface SsoWindow {
  startMs: number;
  endMs: number;
}

/**
 * Configured applications, with what Directory Insights says about who really
 * signs in to them: sign-in counts and times per application. The sign-ins,
 * folded per user and application, are kept for build-sso-usage, which also
 * reports them when they could not be read. When the user switched the
 * sign-in-usage source off, no sign-in is read and the usage properties are
 * left out; with auth-policies off, `mfaRequiredByPolicy` is too.
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

  const readSignIns = isSourceEnabled(context, IngestionSources.SIGN_IN_USAGE);
  const readPolicies = isSourceEnabled(context, IngestionSources.AUTH_POLICIES);
  const folded: FoldedSignIns[] = [];

  try {
    await forEachOrganization(context, async ({ api, account, links }) => {
      const applications = await api.listApplications();
      const usage = new SsoUsage((userId) => hasKey(jobState, userKey(userId)));
      const progress = new Progress(logger, 'SSO events folded');
      let eventsFailure: Error | undefined;
      let unreadableTimestamps = 0;
      if (readSignIns) {
        try {
          ({ unreadableTimestamps } = await api.iterateSsoEvents(
            window,
            (event, timestampMs) => {
              usage.add(event, timestampMs);
              progress.add();
            },
          ));
        } catch (err) {
          eventsFailure = err as Error;
        }
      }
      usage.finish();
      const usageKnown = readSignIns && !eventsFailure;
      const applicationUsage = usage.applicationUsage();
      // Shared with fetch-auth-policies, which reports them when unreadable:
      // then whether MFA is required by policy is unknown, not false.
      const policies = readPolicies
        ? await api.listAuthnPolicies().catch((err) => {
            if (isFatal(err)) throw err;
            return undefined;
          })
        : undefined;

      for (const application of applications) {
        const id = application._id ?? application.id ?? '';
        const entity = createApplicationEntity(
          application,
          applicationUsage.get(id),
          usageKnown,
          links,
          policies && mfaRequiredByPolicy(id, policies),
        );
        if (!entity || hasKey(jobState, entity._key)) continue;
        await jobState.addEntity(entity);
        await jobState.addRelationship(accountHas(account, entity));
      }

      // Applications known only from sign-ins, and who uses what, are the
      // sign-in-usage source's own step: it reports a failure to read them.
      folded.push({ account, usage, failure: eventsFailure });
      let pairs = 0;
      for (const app of applicationUsage.values()) pairs += app.ssoUserCount;

      if (!readSignIns) {
        logger.info(
          { configured: applications.length },
          `Wrote ${plural(
            applications.length,
            'configured application',
          )}; sign-ins were not read (the sign-in-usage source is switched off).`,
        );
        return;
      }
      logger.info(
        {
          events: usage.events,
          pairs,
          failedOnlyPairs: usage.failedOnlyPairs,
          configured: applications.length,
        },
        `Folded ${usage.events} SSO events into ${pairs} user → application pairs with a successful sign-in ` +
          `(and ${usage.failedOnlyPairs} with failed sign-ins only, which make no USES relationship).`,
      );
      const s = usage.skipped;
      logSkipped(logger, 'SSO event', {
        unreadableTimestamps: [
          unreadableTimestamps,
          'with an unreadable timestamp',
        ],
        userNotCollected: [
          s.userNotCollected,
          'by users that are not in the collected user list (deleted since, or never listed to this key)',
        ],
        administrator: [
          s.administrator,
          'by administrators (an administrator signing in is not a user using the application)',
        ],
        noApplication: [
          s.noApplication,
          'naming no application (failed sign-ins JumpCloud could not tie to one)',
        ],
        notUser: [s.notUser, 'started by something other than a user'],
        notSsoAuth: [s.notSsoAuth, 'of another type than sso_auth'],
      });
    });
  } finally {
    await jobState.setData(DataKeys.SSO_SIGN_INS, folded);
  }
}

/** One organization's sign-ins as fetch-sso-apps folded them. */
interface FoldedSignIns {
  account: Entity;
  usage: SsoUsage;
  /** Sign-ins could not be read (completely): usage is partial. */
  failure?: Error;
}

/**
 * The sign-in-usage source: applications known only from sign-ins (on their
 * account), and user USES application, one per pair with a successful
 * sign-in in the window, from the sign-ins fetch-sso-apps folded. When
 * sign-ins could not be read this step fails, with one warning, so that
 * applications and usage are reported partial and earlier usage is kept;
 * the configured applications and their assignments are complete anyway.
 */
export async function buildSsoUsage(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const folded =
    (await jobState.getData<FoldedSignIns[]>(DataKeys.SSO_SIGN_INS)) ?? [];
  let pairs = 0;
  let observedOnly = 0;
  let failure: Error | undefined;
  for (const { account, usage, failure: unread } of folded) {
    const applicationUsage = usage.applicationUsage();
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
    const writer = new GraphWriter(jobState);
    for (const {
      userId,
      applicationId,
      usage: pair,
    } of usage.signedInPairs()) {
      await writer.addRelationship(
        createUsesRelationship(userId, applicationId, pair),
      );
      pairs++;
    }
    await writer.flush();
    if (unread && failure) {
      logger.warn(
        { organizationId: account.id, err: unread },
        `Organization ${account.name} (${account.id}): ${unread.message}`,
      );
    }
    failure ??= unread;
  }
  // The pairs are the run's largest in-memory structure: let them go.
  await jobState.setData(DataKeys.SSO_SIGN_INS, []);
  logger.info(
    { pairs, observedOnly },
    `Wrote ${plural(
      pairs,
      'user → application sign-in relationship',
    )}; ${plural(
      observedOnly,
      'application is',
      'applications are',
    )} known only from sign-ins.`,
  );
  if (failure) throw usageFailure(failure);
}

/**
 * Sign-ins could not be read: the applications are in the graph, but failing
 * the step reports its types (usage among them) partial, so nothing collected
 * earlier is deleted upstream.
 */
function usageFailure(err: Error): Error {
  if (!isUnavailable(err)) return err;
  const why = {
    402: 'Directory Insights is not enabled for this JumpCloud organization (402)',
    403: 'the API key may not read Directory Insights events (403; the administrator role needs access to Directory Insights)',
    404: 'Directory Insights answered 404 (not available to this key or at this address; check INSIGHTS_API_BASE_URL and REGION)',
  }[err.status];
  return new IntegrationProviderAuthorizationError({
    endpoint: err.endpoint,
    status: err.status,
    statusText: `${why}, so SSO usage (user USES application, last sign-in times) was not collected; configured applications and their assignments were`,
    resourceType: [Relationships.USER_USES_APPLICATION._type],
  });
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
  const skipped = { users: 0, groups: 0, other: 0, applicationsDeleted: 0 };
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
        let lists: (GraphConnection[] | undefined)[];
        try {
          lists = await waitForAll(
            (['user', 'user_group'] as const).map((targets) =>
              api.listApplicationAssociations(applicationId, targets),
            ),
          );
        } catch (err) {
          if (err instanceof IntegrationProviderAuthorizationError) {
            forbidden ??= err;
            return;
          }
          throw err;
        }
        if (lists.some((list) => list === undefined)) {
          // Deleted between the application list and its associations.
          skipped.applicationsDeleted++;
          return;
        }
        const edges: Relationship[] = [];
        for (const connection of lists.flat()) {
          const edge = toEdge(applicationId, connection as GraphConnection);
          if (edge) edges.push(edge);
        }
        await jobState.addRelationships(edges);
        built += edges.length;
        progress.add();
      },
    );
  });

  logger.info({ built }, `Built ${plural(built, 'application assignment')}.`);
  logSkipped(logger, 'application assignment', {
    users: [
      skipped.users,
      'to users that are not in the collected user list (deleted since it was read)',
    ],
    groups: [
      skipped.groups,
      'to groups that are not in the collected group list (deleted since it was read)',
    ],
    other: [skipped.other, 'to another kind of object than a user or group'],
  });
  logSkipped(logger, 'application', {
    deleted: [
      skipped.applicationsDeleted,
      'deleted while their assignments were read (the application itself answered 404)',
    ],
  });
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
    relationships: [Relationships.ACCOUNT_HAS_APPLICATION],
    dependsOn: [Steps.ACCOUNT, Steps.USERS],
    executionHandler: fetchSsoApps,
  },
  {
    id: Steps.SSO_USAGE,
    name: 'Build SSO Sign-in Usage',
    ingestionSourceId: IngestionSources.SIGN_IN_USAGE,
    // Applications known only from sign-ins are this step's: when sign-ins
    // cannot be read, applications are partial with the usage.
    entities: [Entities.APPLICATION],
    relationships: [
      Relationships.ACCOUNT_HAS_APPLICATION,
      Relationships.USER_USES_APPLICATION,
    ],
    dependsOn: [Steps.SSO_APPS],
    executionHandler: buildSsoUsage,
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
