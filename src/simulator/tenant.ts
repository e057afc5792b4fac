import { generateApplications } from './applications';
import { generateEvents } from './eventGeneration';
import { EventLog } from './events';
import { generateGroups } from './groups';
import { EMAIL_DOMAINS, ORG_NAMES } from './names';
import { hash32, ObjectIdFactory, streamFor } from './random';
import {
  Administrator,
  Application,
  GraphConnection,
  Organization,
  RemovedApplication,
  SystemUser,
  UserGroup,
} from './types';
import { generateUsers } from './users';

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
  /** Fixed clock; default: now, truncated to the second. */
  now?: Date;
  orgName?: string;
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
  admins: Administrator[];
  /** Applications that appear in sign-in history only. */
  removedApplications: RemovedApplication[];
  events: EventLog;
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
  if (ssoEventsDays < 1 || ssoEventsDays > 90)
    throw new Error('ssoEventsDays must be 1..90');

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
  const admins: Administrator[] = [
    'it-admin',
    'helpdesk',
    'security.officer',
  ].map((name, k) => ({
    id: ids.next(orgCreatedMs + k * 1000),
    email: `${name}@${emailDomain}`,
  }));
  const events = generateEvents(
    { seed, nowMs, ssoEvents, ssoEventsDays },
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

  return {
    seed,
    now,
    ssoEventsDays,
    salt,
    emailDomain,
    organization,
    users,
    groups,
    groupMembers,
    applications,
    applicationAssociations,
    deletedUserIds: new Set(deletedUserIds),
    deletedGroupIds: new Set(deletedGroupIds),
    admins,
    removedApplications,
    events,
  };
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
