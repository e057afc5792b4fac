import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { JumpCloudAuthnPolicy } from '../../client';
import { IntegrationConfig } from '../../config';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { accountHas, hasKey } from '../job-state';
import { logSkipped, plural } from '../log';
import { forEachOrganization } from '../organizations';
import { asUnavailable } from '../partial';
import { applicationKey } from '../sso-apps/converter';
import { createAuthPolicyEntity, policyTargets } from './converter';

/**
 * Authentication (conditional access) policies: the policy on its account,
 * ASSIGNED each user group it includes, each excluded user group OVERRIDES
 * it, and ASSIGNED each configured application it names. The list is read
 * once per run and shared with fetch-sso-apps, which marks each application
 * that an enforcing MFA policy covers. Policies depend on the plan and the
 * administrator's role: 402, 403 or 404 fails this step alone, with one
 * warning.
 */
export async function fetchAuthPolicies(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { jobState, logger } = context;
  const skipped = { withoutId: 0, groupsNotCollected: 0, notConfigured: 0 };
  let written = 0;

  await forEachOrganization(context, async ({ api, account }) => {
    let policies: JumpCloudAuthnPolicy[];
    try {
      policies = await api.listAuthnPolicies();
    } catch (err) {
      throw asUnavailable(err, {
        cannotRead: 'authentication policies',
        notCollected:
          'authentication policies and which applications need MFA by policy',
        needs:
          'the administrator role needs read access to Authentication Policies (Conditional Access, part of some JumpCloud plans)',
      });
    }
    const configured = new Set(
      (await api.listApplications()).map((a) => a._id ?? a.id),
    );

    for (const policy of policies) {
      const entity = createAuthPolicyEntity(policy);
      if (!entity || hasKey(jobState, entity._key)) {
        if (!entity) skipped.withoutId++;
        continue;
      }
      await jobState.addEntity(entity);
      written++;
      const targets = policyTargets(policy);
      const edges: Relationship[] = [accountHas(account, entity)];
      const edge = (
        _class: RelationshipClass,
        from: { _type: string; _key: string },
        to: { _type: string; _key: string },
      ) =>
        createDirectRelationship({
          _class,
          fromType: from._type,
          fromKey: from._key,
          toType: to._type,
          toKey: to._key,
        });
      const group = (id: string) => ({
        _type: Entities.GROUP._type,
        _key: groupKey(id),
      });

      for (const id of targets.includedGroupIds) {
        if (hasKey(jobState, groupKey(id))) {
          edges.push(edge(RelationshipClass.ASSIGNED, entity, group(id)));
        } else skipped.groupsNotCollected++;
      }
      for (const id of targets.excludedGroupIds) {
        if (hasKey(jobState, groupKey(id))) {
          edges.push(edge(RelationshipClass.OVERRIDES, group(id), entity));
        } else skipped.groupsNotCollected++;
      }
      for (const id of targets.applicationIds) {
        if (configured.has(id)) {
          edges.push(
            edge(RelationshipClass.ASSIGNED, entity, {
              _type: Entities.APPLICATION._type,
              _key: applicationKey(id),
            }),
          );
        } else skipped.notConfigured++;
      }
      await jobState.addRelationships(edges);
    }
  });

  logger.info(
    { written },
    `Wrote ${plural(
      written,
      'authentication policy',
      'authentication policies',
    )}.`,
  );
  logSkipped(
    logger,
    [
      'authentication policy record or target',
      'authentication policy records and targets',
    ],
    {
      withoutId: [skipped.withoutId, 'policy records without an id'],
      groupsNotCollected: [
        skipped.groupsNotCollected,
        'user groups named by a policy that are not in the collected group list',
      ],
      notConfigured: [
        skipped.notConfigured,
        'applications named by a policy that are not configured (removed since)',
      ],
    },
  );
}

export const authPolicySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.AUTH_POLICIES,
    ingestionSourceId: IngestionSources.AUTH_POLICIES,
    name: 'Fetch Authentication Policies',
    entities: [Entities.AUTH_POLICY],
    relationships: [
      Relationships.ACCOUNT_HAS_AUTH_POLICY,
      Relationships.AUTH_POLICY_ASSIGNED_GROUP,
      Relationships.GROUP_OVERRIDES_AUTH_POLICY,
      Relationships.AUTH_POLICY_ASSIGNED_APPLICATION,
    ],
    // The applications it names are written by fetch-sso-apps.
    dependsOn: [Steps.ACCOUNT, Steps.GROUPS, Steps.SSO_APPS],
    executionHandler: fetchAuthPolicies,
  },
];
