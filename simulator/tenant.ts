import { generateAdmins } from './admins';
import { generateApplications } from './applications';
import { generateEvents } from './eventGeneration';
import { EventLog } from './events';
import { generateGroups } from './groups';
import { EMAIL_DOMAINS, ORG_NAMES } from './names';
import { DEFAULT_AUTHN_POLICIES, generateAuthnPolicies } from './authnPolicies';
import { hash32, ObjectIdFactory, streamFor } from './random';
import { reviseTenant, RevisionChange } from './revision';
import {
  defaultSaasApplicationCount,
  generateSaasManagement,
  SaasManagement,
} from './saas';
import { defaultSystemGroupCount, generateSystemGroups } from './systemGroups';
import { generateSystems } from './systems';
import {
  Administrator,
  Application,
  AuthnPolicy,
  GraphConnection,
  JcSystem,
  Organization,
  RemovedApplication,
  SystemGroup,
  SystemUser,
  UserGroup,
} from './types';
import { generateOddUsers, generateUsers } from './users';

const DAY_MS = 86_400_000;

export interface TenantOptions {
  seed?: number;
  users?: number;
  groups?: number;
  /** Average; sizes vary and some groups are empty. */
  membersPerGroup?: number;
  applications?: number;
  /** sso_auth events in the last `ssoEventsDays` days. */
  ssoEvents?: number;
  ssoEventsDays?: number;
  /**
   * Distinct (user or principal, application) pairs the sign-ins in the
   * window are drawn from. When set, each pair gets one sign-in before any
   * gets a second (as far as the events go), so that more events add
   * sign-ins, not pairs. Default: about 1.5 per user, drawn unevenly.
   */
  signInPairs?: number;
  /** Fixed clock; default: now, truncated to the second. */
  now?: Date;
  orgName?: string;
  /** Console administrators (GET /api/users); at least 1, default 5. */
  admins?: number;
  /** Devices (GET /api/systems); default half the users, rounded down. */
  systems?: number;
  /**
   * Device groups (GET /api/v2/systemgroups); default about one per ten
   * devices, at least 2 from 2 devices on, 0 without devices.
   */
  systemGroups?: number;
  /** Authentication policies (GET /api/v2/authn/policies); default 8, 0 allowed. */
  authnPolicies?: number;
  /**
   * Applications SaaS Management discovered (GET
   * /api/v2/saas-management/applications); default about twice the SSO
   * applications, at least 6 when there are users, at most 300 (see
   * defaultSaasApplicationCount); 0: SaaS Management with nothing discovered.
   */
  saasApplications?: number;
  /** false: SaaS Management is not licensed; every SaaS Management route answers 402. Default true. */
  saasManagement?: boolean;
  /**
   * Adds a handful of odd user records (no MFA fields, an invalid e-mail,
   * 10,000-character fields, control characters, emoji, other scripts) after
   * every other user; the rest of the tenant stays the same.
   */
  oddRecords?: boolean;
  /**
   * The tenant a little later (see reviseTenant): revision N applies one
   * more small change of each kind (a user suspended, a member added to a
   * group, an application assigned and its first sign-in) on top of revision
   * N - 1. Default 0: the tenant as generated.
   */
  revision?: number;
}

/** One organization's data, as JumpCloud would return it. */
export interface Tenant {
  seed: number;
  now: Date;
  ssoEventsDays: number;
  /** Per-tenant value mixed into every id, so tenants never share ids. */
  salt: number;
  emailDomain: string;
  organization: Organization;
  /** Ordered by `_id` (= creation order). users[0] is an ordinary, MFA-enabled, ACTIVATED user. */
  users: SystemUser[];
  groups: UserGroup[];
  /** Direct member rows per group id, as GET /api/v2/usergroups/{id}/members returns them. */
  groupMembers: Map<string, GraphConnection[]>;
  applications: Application[];
  /** Direct bindings per application id (rows of type user and user_group). */
  applicationAssociations: Map<string, GraphConnection[]>;
  /** Users that were deleted; some member rows, bindings, sign-ins and one manager field still point at them. */
  deletedUserIds: Set<string>;
  /** Group ids referenced by bindings that are not in `groups`. */
  deletedGroupIds: Set<string>;
  /**
   * Console administrators, ordered by `_id`; also the admin initiators of
   * Directory Insights events. Some share a user's e-mail (one in other case).
   */
  admins: Administrator[];
  /** Devices, ordered by `_id` (= creation order). */
  systems: JcSystem[];
  /**
   * Direct system→user binding rows per system id (every system has an
   * entry, often empty); a few point at deleted users.
   */
  systemUserBindings: Map<string, GraphConnection[]>;
  /**
   * Direct system→user_group binding rows per system id (every system has
   * an entry, mostly empty); members are resolved through `groupMembers`.
   */
  systemGroupBindings: Map<string, GraphConnection[]>;
  /**
   * Device groups, ordered by `id` (= creation order); a few are dynamic
   * (`DYNAMIC_AUTOMATED`, every device of one OS family).
   */
  systemGroups: SystemGroup[];
  /**
   * Direct member rows (type system) per device group id (every group has
   * an entry, some empty); a few point at `deletedSystemIds`.
   */
  systemGroupMembers: Map<string, GraphConnection[]>;
  /**
   * Direct bindings per device group id (rows of type user and user_group,
   * every group has an entry, often empty); a few point at deleted users
   * and user groups. The user groups' side of these bindings, and of
   * `systemGroupBindings`, is derived from them (see `systemGraph`).
   */
  systemGroupAssociations: Map<string, GraphConnection[]>;
  /** Devices that were deleted; some device group member rows still point at them. */
  deletedSystemIds: Set<string>;
  /** Device groups that were deleted; some user groups' association rows still point at them. */
  deletedSystemGroupIds: Set<string>;
  /**
   * Association rows that only a user group's own list shows (GET
   * /api/v2/usergroups/{id}/associations), after the derived ones: bindings
   * to devices and device groups deleted since.
   */
  staleUserGroupAssociations: Map<string, GraphConnection[]>;
  /** Authentication policies, ordered by `id`. */
  authnPolicies: AuthnPolicy[];
  /** SaaS Management: discovered applications, their accounts and last uses, licenses (see saas.ts). */
  saas: SaasManagement;
  /** Applications that appear in sign-in history only. */
  removedApplications: RemovedApplication[];
  events: EventLog;
  /** The revision this tenant is at (0: as generated). */
  revision: number;
  /** What each revision changed, revision 1 first. */
  revisionChanges: RevisionChange[];
}

export function generateTenant(options: TenantOptions = {}): Tenant {
  const seed = options.seed ?? 1;
  const now = options.now ?? new Date(Math.floor(Date.now() / 1000) * 1000);
  const nowMs = now.getTime();
  const userCount = count(options.users, 300, 'users');
  const groupCount = count(options.groups, 25, 'groups');
  const membersPerGroup = count(options.membersPerGroup, 20, 'membersPerGroup');
  const appCount = count(options.applications, 15, 'applications');
  if (appCount > 60_000) throw new Error('applications must be at most 60000');
  const ssoEvents = count(options.ssoEvents, 3000, 'ssoEvents');
  const ssoEventsDays = count(options.ssoEventsDays, 30, 'ssoEventsDays');
  const signInPairs =
    options.signInPairs === undefined
      ? undefined
      : count(options.signInPairs, 0, 'signInPairs');
  if (ssoEventsDays < 1 || ssoEventsDays > 90)
    throw new Error('ssoEventsDays must be 1..90');
  const adminCount = count(options.admins, 5, 'admins');
  if (adminCount < 1 || adminCount > 10_000)
    throw new Error('admins must be 1..10000');
  const revision = count(options.revision, 0, 'revision');
  const systemCount = count(
    options.systems,
    Math.floor(userCount / 2),
    'systems',
  );
  const systemGroupCount = count(
    options.systemGroups,
    defaultSystemGroupCount(systemCount),
    'systemGroups',
  );
  const policyCount = count(
    options.authnPolicies,
    DEFAULT_AUTHN_POLICIES,
    'authnPolicies',
  );
  const saasCount = count(
    options.saasApplications,
    defaultSaasApplicationCount(userCount, appCount),
    'saasApplications',
  );

  const rng = streamFor(seed, 'tenant');
  const salt = hash32(seed, 0x7e4a47);
  const ids = new ObjectIdFactory(salt);
  const orgCreatedMs = nowMs - (3 * 365 + rng.int(0, 700)) * DAY_MS;
  const orgId = ids.next(orgCreatedMs);
  const orgName =
    options.orgName ??
    ORG_NAMES[
      (((seed - 1) % ORG_NAMES.length) + ORG_NAMES.length) % ORG_NAMES.length
    ];
  const emailDomain = rng.pick(EMAIL_DOMAINS);
  const organization: Organization = {
    _id: orgId,
    id: orgId,
    displayName: orgName,
    logoUrl: rng.chance(0.5)
      ? null
      : `https://cdn.example.com/logos/${orgId}.png`,
    created: new Date(orgCreatedMs).toISOString(),
  };

  const base = { seed, nowMs, orgCreatedMs, orgId, ids };
  const { users, deletedUserIds } = generateUsers({
    ...base,
    count: userCount,
    company: orgName,
    emailDomain,
  });
  const userIds = users.map((u) => u.id);
  const { groups, groupMembers, deletedGroupIds } = generateGroups({
    ...base,
    count: groupCount,
    membersPerGroup,
    emailDomain,
    userIds,
    deletedUserIds,
  });
  const { applications, applicationAssociations, removedApplications } =
    generateApplications({
      ...base,
      count: appCount,
      userIds,
      groupIds: groups.map((g) => g.id),
      deletedUserIds,
      deletedGroupIds,
    });
  const admins = generateAdmins({
    ...base,
    count: adminCount,
    emailDomain,
    users,
  });
  const events = generateEvents(
    { seed, nowMs, ssoEvents, ssoEventsDays, signInPairs },
    {
      orgId,
      salt,
      users,
      deletedUserIds,
      admins,
      applications,
      removedApplications,
    },
  );

  const { systems, systemUserBindings, systemGroupBindings } = generateSystems({
    ...base,
    count: systemCount,
    users,
    deletedUserIds,
    groupIds: groups.map((g) => g.id),
    deletedGroupIds,
    groupMembers,
    adminId: admins[0].id,
  });

  // Device groups and policies draw from streams and ids of their own, so
  // that nothing above changes with them (nor the odd users below).
  const systemGroupIdFactory = new ObjectIdFactory(hash32(salt, 0x5e6c));
  const systemGroups = generateSystemGroups({
    ...base,
    ids: systemGroupIdFactory,
    count: systemGroupCount,
    systems,
    users,
    deletedUserIds,
    groups,
    groupMembers,
    deletedGroupIds,
    systemGroupBindings,
  });
  const authnPolicies = generateAuthnPolicies({
    ...base,
    ids: new ObjectIdFactory(hash32(salt, 0xa07b)),
    count: policyCount,
    groups,
    deletedGroupIds,
    applications,
    removedApplications,
  });
  // SaaS Management too: a stream and ids of its own, after everything else.
  const saas = generateSaasManagement({
    seed,
    salt,
    count: saasCount,
    enabled: options.saasManagement ?? true,
    nowMs,
    emailDomain,
    users,
    deletedUserIds,
    groups,
    applications,
    removedApplications,
  });

  // Last of all, so that the odd users take nothing from any other draw; a
  // new array, because the event log indexes principals past the end of the
  // one it was given (deleted users, then administrators).
  const allUsers = options.oddRecords
    ? [
        ...users,
        ...generateOddUsers({
          orgId,
          company: orgName,
          emailDomain,
          ids,
          nowMs,
        }),
      ]
    : users;

  const tenant: Tenant = {
    seed,
    now,
    ssoEventsDays,
    salt,
    emailDomain,
    organization,
    users: allUsers,
    groups,
    groupMembers,
    applications,
    applicationAssociations,
    deletedUserIds: new Set(deletedUserIds),
    deletedGroupIds: new Set(deletedGroupIds),
    admins,
    systems,
    systemUserBindings,
    systemGroupBindings,
    systemGroups: systemGroups.systemGroups,
    systemGroupMembers: systemGroups.systemGroupMembers,
    systemGroupAssociations: systemGroups.systemGroupAssociations,
    deletedSystemIds: new Set(systemGroups.deletedSystemIds),
    deletedSystemGroupIds: new Set(systemGroups.deletedSystemGroupIds),
    staleUserGroupAssociations: systemGroups.staleUserGroupAssociations,
    authnPolicies,
    saas,
    removedApplications,
    events,
    revision,
    revisionChanges: [],
  };
  for (let k = 1; k <= revision; k++)
    tenant.revisionChanges.push(reviseTenant(tenant, k));
  return tenant;
}

function count(
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer`);
  return n;
}
