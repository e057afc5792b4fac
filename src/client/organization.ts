import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { isNotFound } from './errors';
import { EventWindow, iterateEventWindow } from './insights';
import {
  apiPath,
  ApiRequests,
  collectAll,
  Iteratee,
  Once,
  ResultsPaging,
} from './requests';
import {
  GraphConnection,
  GraphObjectWithPaths,
  JumpCloudApplication,
  JumpCloudAuthnPolicy,
  JumpCloudSaasAccount,
  JumpCloudSaasApplication,
  JumpCloudSaasLicenses,
  JumpCloudSaasUsage,
  JumpCloudSystem,
  JumpCloudSystemGroup,
  JumpCloudUser,
  JumpCloudUserGroup,
  SsoEvent,
} from './types';

/** Parallel search_after chains over one event window, at most. */
const MAX_EVENT_CHAINS = 8;

/**
 * Readings of a list that answers 404 while the object it belongs to still
 * exists (a replica not caught up, say), before giving up.
 */
const OWNED_LIST_ATTEMPTS = 3;

/** Lists that belong to one object, and the route of that object. */
const OWNED_LISTS = {
  userGroupMembers: {
    list: '/v2/usergroups/{id}/members',
    resource: 'user group members',
    owner: '/v2/usergroups/{id}',
    ownerResource: 'user group',
  },
  applicationAssociations: {
    list: '/v2/applications/{id}/associations',
    resource: 'application associations',
    owner: '/applications/{id}',
    ownerResource: 'application',
  },
  systemUsers: {
    list: '/v2/systems/{id}/users',
    resource: 'system users',
    owner: '/systems/{id}',
    ownerResource: 'system',
  },
  userSystems: {
    list: '/v2/users/{id}/systems',
    resource: 'user systems',
    owner: '/systemusers/{id}',
    ownerResource: 'user',
  },
  systemGroupMembers: {
    list: '/v2/systemgroups/{id}/members',
    resource: 'device group members',
    owner: '/v2/systemgroups/{id}',
    ownerResource: 'device group',
  },
  systemGroupAssociations: {
    list: '/v2/systemgroups/{id}/associations',
    resource: 'device group bindings',
    owner: '/v2/systemgroups/{id}',
    ownerResource: 'device group',
  },
  userGroupAssociations: {
    list: '/v2/usergroups/{id}/associations',
    resource: 'user group bindings',
    owner: '/v2/usergroups/{id}',
    ownerResource: 'user group',
  },
  systemAssociations: {
    list: '/v2/systems/{id}/associations',
    resource: 'device bindings',
    owner: '/systems/{id}',
    ownerResource: 'system',
  },
  saasAccounts: {
    list: '/v2/saas-management/applications/{id}/accounts',
    resource: 'SaaS application accounts',
    owner: '/v2/saas-management/applications/{id}',
    ownerResource: 'SaaS application',
  },
  saasUsage: {
    list: '/v2/saas-management/applications/{id}/usage',
    resource: 'SaaS application usage',
    owner: '/v2/saas-management/applications/{id}',
    ownerResource: 'SaaS application',
  },
} as const;

/** The `{totalCount, results}` owned lists, and how each pages. */
const RESULTS_LISTS: Partial<Record<keyof typeof OWNED_LISTS, ResultsPaging>> =
  { saasAccounts: 'saas', saasUsage: 'whole' };

const SAAS = {
  APPLICATIONS: '/v2/saas-management/applications',
  APPLICATION: '/v2/saas-management/applications/{id}',
  LICENSES: '/v2/saas-management/application-licenses/{id}',
} as const;

/**
 * The parts of an SSO event the integration uses; asking for just these keeps
 * each page a fraction of its full size.
 */
const SSO_EVENT_FIELDS = [
  'id',
  'timestamp',
  'event_type',
  'initiated_by.id',
  'initiated_by.type',
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
  private readonly policies = new Once(() =>
    collectAll<JumpCloudAuthnPolicy>((iteratee) =>
      this.api.v2List(
        '/v2/authn/policies',
        'authentication policies',
        iteratee,
        (policy) => policy.id,
        this.scope,
      ),
    ),
  );

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

  /**
   * Direct members of a user group (edges to users); undefined when the group
   * is gone.
   */
  listUserGroupMembers(
    groupId: string,
  ): Promise<GraphConnection[] | undefined> {
    return this.listOwned('userGroupMembers', groupId, connectionId);
  }

  /**
   * The configured SSO applications, read once per run and shared by the
   * steps that need them; each application's `config` is dropped as it
   * arrives.
   */
  listApplications(): Promise<JumpCloudApplication[]> {
    return this.applications.get();
  }

  /**
   * Direct bindings of an application to users or to user groups; undefined
   * when the application is gone.
   */
  listApplicationAssociations(
    applicationId: string,
    targets: 'user' | 'user_group',
  ): Promise<GraphConnection[] | undefined> {
    return this.listOwned(
      'applicationAssociations',
      applicationId,
      connectionId,
      { targets },
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
    const query = { service: ['sso'], fields: SSO_EVENT_FIELDS };
    const resource = 'Directory Insights SSO events';
    return iterateEventWindow(
      {
        fetchPage: (slice, searchAfter, into) =>
          this.api.eventsPage<SsoEvent>(
            query,
            slice,
            searchAfter,
            resource,
            this.orgHeader,
            into,
          ),
        countEvents: (slice) =>
          this.api.eventsCount(query, slice, resource, this.orgHeader),
        maxChains: this.eventChains,
        endpoint: this.api.eventsEndpoint,
        resource,
      },
      window,
      onEvent,
    );
  }

  iterateSystems(iteratee: Iteratee<JumpCloudSystem>): Promise<void> {
    return this.api.v1List('/systems', 'systems', iteratee, this.scope);
  }

  iterateSystemGroups(iteratee: Iteratee<JumpCloudSystemGroup>): Promise<void> {
    return this.api.v2List(
      '/v2/systemgroups',
      'device groups',
      iteratee,
      (group) => group.id,
      this.scope,
    );
  }

  /** Direct members of a device group (edges to systems); undefined when the group is gone. */
  listSystemGroupMembers(
    groupId: string,
  ): Promise<GraphConnection[] | undefined> {
    return this.listOwned('systemGroupMembers', groupId, connectionId);
  }

  /**
   * Direct bindings of one object to others (`targets`, e.g. `user` and
   * `user_group` for a device group); undefined when the object is gone.
   */
  listBindings(
    of: 'systemGroup' | 'userGroup' | 'system',
    id: string,
    targets: readonly string[],
  ): Promise<GraphConnection[] | undefined> {
    const kind = (
      {
        systemGroup: 'systemGroupAssociations',
        userGroup: 'userGroupAssociations',
        system: 'systemAssociations',
      } as const
    )[of];
    // The spec's targets is an array sent comma-separated (explode: false).
    return this.listOwned(kind, id, connectionId, {
      targets: targets.join(','),
    });
  }

  /** Applications SaaS Management discovered (the list has no names: see getSaasApplication). */
  iterateSaasApplications(
    iteratee: Iteratee<JumpCloudSaasApplication>,
  ): Promise<void> {
    return this.api.v1List(SAAS.APPLICATIONS, 'SaaS applications', iteratee, {
      ...this.scope,
      paging: 'saas',
    });
  }

  /** One discovered application, with its name; undefined when it is gone. */
  getSaasApplication(
    id: string,
  ): Promise<JumpCloudSaasApplication | undefined> {
    return this.api.object(
      apiPath(SAAS.APPLICATION, id),
      'SaaS application',
      this.scope,
    );
  }

  /** The accounts people hold in a discovered application; undefined when it is gone. */
  listSaasAccounts(id: string): Promise<JumpCloudSaasAccount[] | undefined> {
    return this.listOwned(
      'saasAccounts',
      id,
      (account: JumpCloudSaasAccount) => account.id,
    );
  }

  /**
   * When each account of a discovered application was last used within the
   * last `days` days; undefined when the application is gone.
   */
  listSaasUsage(
    id: string,
    days: number,
  ): Promise<JumpCloudSaasUsage[] | undefined> {
    return this.listOwned(
      'saasUsage',
      id,
      (usage: JumpCloudSaasUsage) => String(usage.account_id),
      { day_count: String(days) },
    );
  }

  /**
   * The licenses bought for a discovered application; undefined when JumpCloud
   * answers 404 (no license contract: the application itself was just read).
   */
  getSaasLicenses(id: string): Promise<JumpCloudSaasLicenses | undefined> {
    return this.api.object(
      apiPath(SAAS.LICENSES, id),
      'SaaS application licenses',
      this.scope,
    );
  }

  /**
   * The authentication (conditional access) policies, read once per run and
   * shared by the steps that need them.
   */
  listAuthnPolicies(): Promise<JumpCloudAuthnPolicy[]> {
    return this.policies.get();
  }

  /**
   * Users bound to a system, directly or through a user group; undefined
   * when the system is gone.
   */
  listSystemUsers(
    systemId: string,
  ): Promise<GraphObjectWithPaths[] | undefined> {
    return this.listOwned('systemUsers', systemId, objectId);
  }

  /**
   * Systems a user is bound to, directly or through a user group; undefined
   * when the user is gone.
   */
  listUserSystems(userId: string): Promise<GraphObjectWithPaths[] | undefined> {
    return this.listOwned('userSystems', userId, objectId);
  }

  /**
   * A list that belongs to one object (a group's members). A 404 on it means
   * the object is gone only when the object itself answers 404; while the
   * object exists, the list is read again. Undefined: the object is gone.
   */
  private async listOwned<T>(
    kind: keyof typeof OWNED_LISTS,
    id: string,
    idOf: (item: T) => string,
    query?: Record<string, string>,
  ): Promise<T[] | undefined> {
    const { list, resource, owner, ownerResource } = OWNED_LISTS[kind];
    const paging = RESULTS_LISTS[kind];
    for (let attempt = 1; ; attempt++) {
      const items: T[] = [];
      const keep = (item: T) => {
        items.push(item);
      };
      try {
        if (paging) {
          await this.api.v1List<T & { _id?: string }>(
            apiPath(list, id),
            resource,
            keep,
            {
              ...this.scope,
              query,
              paging,
              idOf,
            },
          );
        } else {
          await this.api.v2List(apiPath(list, id), resource, keep, idOf, {
            ...this.scope,
            query,
          });
        }
        return items;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        const exists = await this.api.exists(
          apiPath(owner, id),
          ownerResource,
          this.scope,
        );
        if (!exists) return undefined;
        if (attempt >= OWNED_LIST_ATTEMPTS) {
          const { endpoint } = err as IntegrationProviderAPIError;
          throw new IntegrationProviderAPIError({
            endpoint,
            status: 404,
            statusText: `Not Found ${OWNED_LIST_ATTEMPTS} times, though the ${ownerResource} itself still exists`,
          });
        }
      }
    }
  }
}

function connectionId(connection: GraphConnection): string {
  return `${connection?.to?.type}:${connection?.to?.id}`;
}

function objectId(object: GraphObjectWithPaths): string {
  return `${object?.type}:${object?.id}`;
}
