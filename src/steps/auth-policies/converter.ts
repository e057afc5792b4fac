import { Entity } from '@jupiterone/integration-sdk-core';
import { JumpCloudAuthnPolicy } from '../../client';
import { cleanString, firstString, isTrue, MAX_STRING_LENGTH } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function authPolicyKey(policyId: string): string {
  return `${Entities.AUTH_POLICY._type}:${policyId}`;
}

/** The ids in a list of strings, cleaned, each once. */
function ids(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return [
    ...new Set(
      values.map((v) => cleanString(v)).filter((v): v is string => !!v),
    ),
  ];
}

/** What a policy targets, read once for the converter and the coverage rule. */
export interface PolicyTargets {
  includedGroupIds: string[];
  excludedGroupIds: string[];
  /** Applications the policy names by id. */
  applicationIds: string[];
  /** It targets every application (a resource of type application without an id). */
  allApplications: boolean;
  /** Applications left out of "every application". */
  excludedApplicationIds: string[];
  /** The kinds of resource it targets: application, user_portal, admin_portal, ldap. */
  resourceTypes: string[];
}

export function policyTargets(policy: JumpCloudAuthnPolicy): PolicyTargets {
  const targets = policy.targets ?? {};
  const resources = Array.isArray(targets.resources) ? targets.resources : [];
  const applications = resources.filter((r) => r?.type === 'application');
  return {
    includedGroupIds: ids(targets.userGroups?.inclusions),
    excludedGroupIds: ids(targets.userGroups?.exclusions),
    applicationIds: ids(applications.map((r) => r.id)),
    allApplications: applications.some((r) => !cleanString(r.id)),
    excludedApplicationIds: ids(targets.excludedApplications),
    resourceTypes: ids(resources.map((r) => r?.type)),
  };
}

/** A policy that takes effect: enabled and not only monitoring. */
export function isEnforcing(policy: JumpCloudAuthnPolicy): boolean {
  return !isTrue(policy.disabled) && !isTrue(policy.monitorOnly);
}

/** A policy that allows access with MFA required. */
export function requiresMfa(policy: JumpCloudAuthnPolicy): boolean {
  return (
    policy.effect?.action === 'allow' &&
    isTrue(policy.effect?.obligations?.mfa?.required)
  );
}

/** Whether the policy applies to this application: by id, or to all without excluding it. */
export function coversApplication(
  targets: PolicyTargets,
  applicationId: string,
): boolean {
  return (
    targets.applicationIds.includes(applicationId) ||
    (targets.allApplications &&
      !targets.excludedApplicationIds.includes(applicationId))
  );
}

/**
 * Whether sign-ins to an application must pass MFA by policy: at least one
 * policy that is enabled, not monitor-only, allows with MFA required, and
 * covers the application (by id, or all applications without excluding it).
 */
export function mfaRequiredByPolicy(
  applicationId: string,
  policies: readonly JumpCloudAuthnPolicy[],
): boolean {
  return policies.some(
    (policy) =>
      isEnforcing(policy) &&
      requiresMfa(policy) &&
      coversApplication(policyTargets(policy), applicationId),
  );
}

/**
 * The conditions of a policy in words: "device encrypted and location in
 * US, CA", "not (IP address in list 5f…)". Unknown parts are shown as JSON.
 */
export function describeConditions(conditions: unknown): string | undefined {
  if (
    !conditions ||
    typeof conditions !== 'object' ||
    Object.keys(conditions).length === 0
  ) {
    return undefined;
  }
  const text = describe(conditions as Record<string, unknown>);
  return text.length > MAX_STRING_LENGTH
    ? `${text.slice(0, MAX_STRING_LENGTH - 1)}…`
    : text;
}

function describe(expression: Record<string, unknown>): string {
  const parts = Object.entries(expression).map(([operator, value]) => {
    switch (operator) {
      case 'deviceEncrypted':
        return value === false ? 'device not encrypted' : 'device encrypted';
      case 'deviceManaged':
        return value === false ? 'device not managed' : 'device managed';
      case 'ipAddressIn':
        return `IP address in list ${ids(value).join(', ')}`;
      case 'locationIn': {
        const countries = ids(
          (value as { countries?: unknown } | null)?.countries,
        );
        return `location in ${countries.join(', ')}`;
      }
      case 'not':
        return `not (${describeNested(value)})`;
      case 'all':
      case 'any': {
        const items = Array.isArray(value) ? value : [];
        return `${operator} of (${items.map(describeNested).join('; ')})`;
      }
      default:
        return `${operator} ${JSON.stringify(value)}`;
    }
  });
  return parts.join(' and ');
}

function describeNested(value: unknown): string {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? describe(value as Record<string, unknown>)
    : JSON.stringify(value);
}

/**
 * A JumpCloud authentication (conditional access) policy as a
 * `jumpcloud_auth_policy` entity: what it does (effect, MFA), to whom and to
 * what (group and application ids), when (conditions), and whether it takes
 * effect (enabled, not monitor-only).
 */
export function createAuthPolicyEntity(
  policy: JumpCloudAuthnPolicy,
): Entity | undefined {
  const id = cleanString(policy.id);
  if (!id) return undefined;
  const name = firstString(policy.name) ?? id;
  const targets = policyTargets(policy);
  const effect = cleanString(policy.effect?.action)?.toLowerCase();
  return createEntity(policy, {
    _key: authPolicyKey(id),
    _type: Entities.AUTH_POLICY._type,
    _class: Entities.AUTH_POLICY._class,
    id,
    name,
    displayName: name,
    description: cleanString(policy.description),
    policyType: cleanString(policy.type),
    disabled: isTrue(policy.disabled),
    monitorOnly: isTrue(policy.monitorOnly),
    enforced: isEnforcing(policy),
    effect,
    mfaRequired: requiresMfa(policy),
    conditions: describeConditions(policy.conditions),
    includedGroupIds: targets.includedGroupIds,
    excludedGroupIds: targets.excludedGroupIds,
    applicationIds: targets.applicationIds,
    allApplications: targets.allApplications,
    excludedApplicationIds: targets.excludedApplicationIds,
    resourceTypes: targets.resourceTypes,
  });
}
