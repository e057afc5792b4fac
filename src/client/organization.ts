import { EventWindow, iterateEventWindow } from './insights';
import { ApiRequests, collectAll, Iteratee, Once } from './requests';
import {
  GraphConnection,
  GraphObjectWithPaths,
  JumpCloudApplication,
  JumpCloudSystem,
  JumpCloudUser,
  JumpCloudUserGroup,
  SsoEvent,
} from './types';

/** Parallel search_after chains over one event window, at most. */
const MAX_EVENT_CHAINS = 8;

/**
 * The parts of an SSO event the integration uses; asking for just these keeps
 * each page a fraction of its full size.
 */
const SSO_EVENT_FIELDS = [
  'id',
  'timestamp',
  'service',
  'event_type',
  'initiated_by.id',
  'initiated_by.type',
  'initiated_by.username',
  'initiated_by.administrator',
  'application.id',
  'application.name',
  'application.display_label',
  'application.sso_type',
  'sso_token_success',
  'success',
];

/**
 * The API of one organization: every request carries its `x-org-id` when the
 * key needs one (a multi-tenant key), through the run's one set of requests,
 * limiter included.
 */
export class OrganizationClient {
  private readonly applications = new Once(() =>
    collectAll<JumpCloudApplication>(
      (iteratee) =>
        this.api.v1List('/applications', 'applications', iteratee, this.scope),
      // SAML/OIDC settings, private keys and certificates among them: never kept.
      ({ config, ...application }) => application,
    ),
  );

  constructor(
    private readonly api: ApiRequests,
    /** The organization's id. */
    readonly organizationId: string,
    /** The `x-org-id` to send; undefined for a single-tenant key. */
    private readonly orgHeader: string | undefined,
    private readonly eventChains = MAX_EVENT_CHAINS,
  ) {}

  private get scope() {
    return { orgId: this.orgHeader };
  }

  iterateUsers(iteratee: Iteratee<JumpCloudUser>): Promise<void> {
    return this.api.v1List('/systemusers', 'users', iteratee, this.scope);
  }

  iterateUserGroups(iteratee: Iteratee<JumpCloudUserGroup>): Promise<void> {
    return this.api.v2List(
      '/v2/usergroups',
      'user groups',
      iteratee,
      (g) => g.id,
      this.scope,
    );
  }

  /** Direct members of a user group (edges to users). */
  iterateUserGroupMembers(
    groupId: string,
    iteratee: Iteratee<GraphConnection>,
  ): Promise<void> {
    return this.api.v2List(
      `/v2/usergroups/${encodeURIComponent(groupId)}/members`,
      'user group members',
      iteratee,
      connectionId,
      this.scope,
    );
  }

  /**
   * The configured SSO applications, read once per run and shared by the
   * steps that need them; each application's `config` is dropped as it
   * arrives.
   */
  listApplications(): Promise<JumpCloudApplication[]> {
    return this.applications.get();
  }

  /** Direct bindings of an application to users or to user groups. */
  iterateApplicationAssociations(
    applicationId: string,
    targets: 'user' | 'user_group',
    iteratee: Iteratee<GraphConnection>,
  ): Promise<void> {
    return this.api.v2List(
      `/v2/applications/${encodeURIComponent(applicationId)}/associations`,
      'application associations',
      iteratee,
      connectionId,
      { ...this.scope, query: { targets } },
    );
  }

  /**
   * Every SSO sign-in event (`service: sso`) of a time window, each once, in
   * parallel chains; `onEvent` must be synchronous.
   */
  iterateSsoEvents(
    window: EventWindow,
    onEvent: (event: SsoEvent, timestampMs: number) => void,
  ): Promise<{ unreadableTimestamps: number }> {
    return iterateEventWindow(
      (slice, searchAfter) =>
        this.api.eventsPage<SsoEvent>(
          { service: ['sso'], fields: SSO_EVENT_FIELDS },
          slice,
          searchAfter,
          'Directory Insights SSO events',
          this.orgHeader,
        ),
      window,
      this.eventChains,
      onEvent,
    );
  }

  iterateSystems(iteratee: Iteratee<JumpCloudSystem>): Promise<void> {
    return this.api.v1List('/systems', 'systems', iteratee, this.scope);
  }

  /** Users bound to a system, directly or through a user group. */
  iterateSystemUsers(
    systemId: string,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ): Promise<void> {
    return this.api.v2List(
      `/v2/systems/${encodeURIComponent(systemId)}/users`,
      'system users',
      iteratee,
      objectId,
      this.scope,
    );
  }

  /** Systems a user is bound to, directly or through a user group. */
  iterateUserSystems(
    userId: string,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ): Promise<void> {
    return this.api.v2List(
      `/v2/users/${encodeURIComponent(userId)}/systems`,
      'user systems',
      iteratee,
      objectId,
      this.scope,
    );
  }
}

function connectionId(connection: GraphConnection): string {
  return `${connection?.to?.type}:${connection?.to?.id}`;
}

function objectId(object: GraphObjectWithPaths): string {
  return `${object?.type}:${object?.id}`;
}
