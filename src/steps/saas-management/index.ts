import {
  createDirectRelationship,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { JumpCloudSaasApplication } from '../../client';
import { IntegrationConfig } from '../../config';
import { cleanString } from '../clean';
import { forEachConcurrently } from '../concurrency';
import {
  DataKeys,
  Entities,
  IngestionSources,
  Relationships,
  Steps,
} from '../constants';
import { accountHas, GraphWriter, hasKey } from '../job-state';
import { logSkipped, plural } from '../log';
import { forEachOrganization } from '../organizations';
import { asUnavailable, isFatal, unreadItemsError } from '../partial';
import { Progress } from '../progress';
import { applicationKey } from '../sso-apps/converter';
import { userKey } from '../users/converter';
import {
  accountStatus,
  comparableName,
  createSaasAccountEntity,
  createSaasApplicationEntity,
  foldUsage,
  licenseFigures,
  saasApplicationKey,
  ssoApplicationsByName,
  USAGE_DAYS,
} from './converter';

/** SaaS application id → the configured SSO applications with its name. */
type SsoMatches = Record<string, string[]>;

const UNAVAILABLE = {
  cannotRead: 'SaaS Management applications',
  notCollected: 'discovered applications, their accounts and licenses',
  needs:
    'SaaS Management is a JumpCloud add-on; the administrator role needs read access to it',
};

/**
 * SaaS Management: every application JumpCloud discovered (through SSO, the
 * browser extension, connectors or devices), each read whole — its name from
 * the item route, its accounts, when each account was last used (90 days) and
 * its licenses. The account HAS each application, the application HAS each
 * account, and a collected user OWNS the accounts JumpCloud ties to them.
 * Accounts without a collected owner stay, marked `orphaned`. An application
 * is shadow IT when no configured SSO application has its name (display name
 * or label, compared trimmed and case-insensitively). A tenant without SaaS
 * Management (402, 403, 404) fails this step alone, with one warning.
 */
export async function fetchSaasManagement(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const nowMs = Date.now();
  const matches: SsoMatches = {};
  const skipped = {
    withoutId: 0,
    deleted: 0,
    accountsWithoutId: 0,
    unreadableUsage: 0,
  };
  const totals = { applications: 0, shadowIt: 0, accounts: 0, orphaned: 0 };
  const writer = new GraphWriter(jobState);
  let listed = 0;
  let unread:
    | { error: Error & { endpoint?: string }; count: number }
    | undefined;

  try {
    await forEachOrganization(context, async ({ api, account }, client) => {
      const applications: JumpCloudSaasApplication[] = [];
      try {
        await api.iterateSaasApplications((application) => {
          applications.push(application);
        });
      } catch (err) {
        throw asUnavailable(err, UNAVAILABLE);
      }
      listed += applications.length;
      const ssoByName = ssoApplicationsByName(await api.listApplications());
      const progress = new Progress(
        logger,
        'SaaS applications read with their accounts, usage and licenses',
        () => applications.length,
      );
      let fatal: unknown;
      // One 403 on an application's details says the key may read none of them.
      let forbidden = false;

      await forEachConcurrently(
        applications,
        client.settings.maxConcurrentRequests,
        async (listedApplication) => {
          const id = cleanString(listedApplication?.id);
          if (!id) {
            skipped.withoutId++;
            return;
          }
          if (fatal || forbidden) {
            if (unread) unread.count++;
            return;
          }
          let read;
          try {
            read = await Promise.all([
              api.getSaasApplication(id),
              api.listSaasAccounts(id),
              api.listSaasUsage(id, USAGE_DAYS),
              api.getSaasLicenses(id),
            ]);
          } catch (err) {
            if (isFatal(err)) fatal ??= err;
            forbidden ||= err instanceof IntegrationProviderAuthorizationError;
            unread ??= { error: err as Error, count: 0 };
            unread.count++;
            return;
          } finally {
            progress.add();
          }
          const [item, accounts, usageRows, licenses] = read;
          if (!item || !accounts || !usageRows) {
            skipped.deleted++;
            return;
          }

          const application = { ...listedApplication, ...item, id };
          const usage = foldUsage(usageRows);
          skipped.unreadableUsage += usage.unreadable;
          let activeAccounts = 0;
          let lastUsedOn: number | undefined;
          for (const time of usage.lastUsedOn.values()) {
            if (accountStatus(time, nowMs) === 'active') activeAccounts++;
            lastUsedOn = Math.max(lastUsedOn ?? 0, time);
          }
          const ssoApplicationIds =
            ssoByName.get(comparableName(application.name) ?? '') ?? [];
          const entity = createSaasApplicationEntity(application, {
            ssoApplicationIds,
            accounts: accounts.length,
            activeAccounts,
            lastUsedOn,
            licenses: licenseFigures(licenses),
          });
          if (!entity || writer.hasEntity(entity._key)) return;
          await writer.addEntity(entity);
          totals.applications++;
          if (entity.shadowIt) totals.shadowIt++;
          if (ssoApplicationIds.length > 0) matches[id] = ssoApplicationIds;

          const edges: Relationship[] = [accountHas(account, entity)];
          for (const record of accounts) {
            const userId = cleanString(record?.user_id);
            const ownerCollected =
              !!userId && hasKey(jobState, userKey(userId));
            const accountEntity = createSaasAccountEntity(id, record, {
              lastUsedOn: usage.lastUsedOn.get(cleanString(record?.id) ?? ''),
              ownerCollected,
              nowMs,
            });
            if (!accountEntity || writer.hasEntity(accountEntity._key)) {
              if (!accountEntity) skipped.accountsWithoutId++;
              continue;
            }
            await writer.addEntity(accountEntity);
            totals.accounts++;
            if (!ownerCollected) totals.orphaned++;
            edges.push(
              createDirectRelationship({
                _class: RelationshipClass.HAS,
                fromType: entity._type,
                fromKey: entity._key,
                toType: accountEntity._type,
                toKey: accountEntity._key,
              }),
            );
            if (ownerCollected) {
              edges.push(
                createDirectRelationship({
                  _class: RelationshipClass.OWNS,
                  fromType: Entities.USER._type,
                  fromKey: userKey(userId!),
                  toType: accountEntity._type,
                  toKey: accountEntity._key,
                }),
              );
            }
          }
          await writer.addRelationships(edges);
        },
      );
      if (fatal) throw fatal;
    });
  } finally {
    // The healthy organizations' matches, even when another one failed.
    await jobState.setData(DataKeys.SAAS_SSO_MATCHES, matches);
    // Last: a write that fails must not cost later steps this data.
    await writer.flush();
  }

  logger.info(
    totals,
    `Wrote ${plural(totals.applications, 'discovered application')} (${
      totals.shadowIt
    } shadow IT) with ${plural(totals.accounts, 'account')} (${
      totals.orphaned
    } without a collected owner).`,
  );
  logSkipped(logger, 'SaaS Management record', {
    withoutId: [skipped.withoutId, 'applications without an id'],
    deleted: [
      skipped.deleted,
      'applications deleted while they were read (404)',
    ],
    accountsWithoutId: [skipped.accountsWithoutId, 'accounts without an id'],
    unreadableUsage: [
      skipped.unreadableUsage,
      'usage rows naming no account or carrying no readable time',
    ],
  });
  if (unread) {
    throw unreadItemsError(unread, listed, {
      permission: UNAVAILABLE,
      what: 'discovered applications (name, accounts, usage or licenses)',
      notCollected: 'Discovered applications and their accounts',
      kept: 'The other discovered applications',
    });
  }
}

/**
 * A discovered application IS the configured SSO application that has its
 * name: written once both are in the graph, for each match fetch-saas-management
 * found.
 */
export async function buildSaasSsoRelationships(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const matches =
    (await jobState.getData<SsoMatches>(DataKeys.SAAS_SSO_MATCHES)) ?? {};
  let built = 0;
  let notCollected = 0;
  for (const [saasId, applicationIds] of Object.entries(matches)) {
    for (const applicationId of applicationIds) {
      if (!hasKey(jobState, applicationKey(applicationId))) {
        notCollected++;
        continue;
      }
      await jobState.addRelationship(
        createDirectRelationship({
          _class: RelationshipClass.IS,
          fromType: Entities.SAAS_APPLICATION._type,
          fromKey: saasApplicationKey(saasId),
          toType: Entities.APPLICATION._type,
          toKey: applicationKey(applicationId),
        }),
      );
      built++;
    }
  }
  logger.info(
    { built },
    `Linked ${plural(
      built,
      'discovered application',
    )} to the configured SSO application of the same name.`,
  );
  logSkipped(logger, 'match', {
    notCollected: [
      notCollected,
      'SSO applications with a matching name that were not collected',
    ],
  });
}

export const saasManagementSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.SAAS_MANAGEMENT,
    name: 'Fetch SaaS Management',
    ingestionSourceId: IngestionSources.SAAS_MANAGEMENT,
    entities: [Entities.SAAS_APPLICATION, Entities.SAAS_ACCOUNT],
    relationships: [
      Relationships.ACCOUNT_HAS_SAAS_APPLICATION,
      Relationships.SAAS_APPLICATION_HAS_ACCOUNT,
      Relationships.USER_OWNS_SAAS_ACCOUNT,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.USERS],
    executionHandler: fetchSaasManagement,
  },
  {
    id: Steps.SAAS_SSO_RELATIONSHIPS,
    name: 'Build SaaS Application Relationships',
    ingestionSourceId: IngestionSources.SAAS_MANAGEMENT,
    entities: [],
    relationships: [Relationships.SAAS_APPLICATION_IS_APPLICATION],
    dependsOn: [Steps.SAAS_MANAGEMENT, Steps.SSO_APPS],
    executionHandler: buildSaasSsoRelationships,
  },
];
