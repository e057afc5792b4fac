import { SsoEvent } from '../../client';
import { cleanString } from '../clean';

/** Sign-ins of one user to one application within the window. */
export interface PairUsage {
  firstSsoOn: number;
  lastSsoOn: number;
  /** Successful sign-ins. */
  ssoEventCount: number;
  failedSsoCount: number;
}

/** An application as sign-in events name it. */
export interface ObservedApplication {
  id: string;
  name?: string;
  displayLabel?: string;
  ssoType?: string;
}

export interface ApplicationUsage {
  ssoEventCount: number;
  ssoUserCount: number;
  lastSsoOn: number;
}

export interface SkippedSignIns {
  userNotCollected: number;
  administrator: number;
  noApplication: number;
  notUser: number;
  notSsoAuth: number;
}

/** Not a collected user: its sign-ins are skipped. */
const NOT_COLLECTED = -1;
const NO_PAIR = -1;

/**
 * Folds SSO sign-in events, one at a time, into one small record per
 * user → application pair: memory grows with the pairs, never with the
 * events. Each user and application id is kept once (as a number in the
 * pairs); the pairs are columns of typed arrays, each user's pairs a chain
 * through them, so a pair costs a few dozen bytes however many sign-ins it
 * has.
 */
export class SsoUsage {
  /** userId → its number, or NOT_COLLECTED; only while events are added. */
  private readonly userNumbers = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly applicationNumbers = new Map<string, number>();
  private readonly applicationIds: string[] = [];
  /** Per user number: its latest pair, the head of its chain. */
  private latestPairOfUser = new Int32Array(1024).fill(NO_PAIR);
  private readonly pairs = new PairColumns();
  private readonly observed = new Map<
    string,
    ObservedApplication & { seenOn: number }
  >();
  readonly skipped: SkippedSignIns = {
    userNotCollected: 0,
    administrator: 0,
    noApplication: 0,
    notUser: 0,
    notSsoAuth: 0,
  };
  events = 0;
  private finished = false;

  constructor(private readonly isCollectedUser: (userId: string) => boolean) {}

  /**
   * Every event is in: what only adding needs (the id lookups, the columns'
   * spare room) is let go, since the pairs are kept until build-sso-usage.
   */
  finish(): void {
    this.finished = true;
    this.userNumbers.clear();
    this.applicationNumbers.clear();
    this.pairs.trim();
  }

  add(event: SsoEvent, timestampMs: number): void {
    if (this.finished) throw new Error('SsoUsage: an event after finish()');
    this.events++;
    if (event.event_type && event.event_type !== 'sso_auth') {
      this.skipped.notSsoAuth++;
      return;
    }
    const actor = event.initiated_by ?? {};
    const actorType = cleanString(actor.type)?.toLowerCase();
    if (
      actor.administrator === true ||
      actorType === 'admin' ||
      actorType === 'administrator'
    ) {
      this.skipped.administrator++;
      return;
    }
    if (actorType !== 'user' && actorType !== 'systemuser') {
      this.skipped.notUser++;
      return;
    }
    const applicationId = cleanString(event.application?.id);
    if (!applicationId) {
      this.skipped.noApplication++;
      return;
    }
    const user = this.userNumber(cleanString(actor.id));
    if (user === NOT_COLLECTED) {
      this.skipped.userNotCollected++;
      return;
    }

    const pair = this.pairOf(user, this.applicationNumber(applicationId));
    if (!succeeded(event)) {
      this.pairs.failed[pair]++;
      return;
    }
    this.pairs.succeeded[pair]++;
    if (timestampMs < this.pairs.first[pair])
      this.pairs.first[pair] = timestampMs;
    if (timestampMs > this.pairs.last[pair])
      this.pairs.last[pair] = timestampMs;
    this.observe(applicationId, event, timestampMs);
  }

  /** Every pair with at least one successful sign-in. */
  *signedInPairs(): Generator<{
    userId: string;
    applicationId: string;
    usage: PairUsage;
  }> {
    const p = this.pairs;
    for (let pair = 0; pair < p.size; pair++) {
      if (p.succeeded[pair] === 0) continue;
      yield {
        userId: this.userIds[p.user[pair]],
        applicationId: this.applicationIds[p.application[pair]],
        usage: {
          firstSsoOn: p.first[pair],
          lastSsoOn: p.last[pair],
          ssoEventCount: p.succeeded[pair],
          failedSsoCount: p.failed[pair],
        },
      };
    }
  }

  private userNumber(userId: string | undefined): number {
    if (!userId) return NOT_COLLECTED;
    let user = this.userNumbers.get(userId);
    if (user === undefined) {
      user = this.isCollectedUser(userId) ? this.userIds.length : NOT_COLLECTED;
      this.userNumbers.set(userId, user);
      if (user !== NOT_COLLECTED) this.userIds.push(userId);
    }
    return user;
  }

  private applicationNumber(applicationId: string): number {
    let application = this.applicationNumbers.get(applicationId);
    if (application === undefined) {
      application = this.applicationIds.length;
      this.applicationNumbers.set(applicationId, application);
      this.applicationIds.push(applicationId);
    }
    return application;
  }

  /** The pair of a user and an application, added on its first sign-in. */
  private pairOf(user: number, application: number): number {
    if (user >= this.latestPairOfUser.length) {
      const grown = new Int32Array(this.latestPairOfUser.length * 2).fill(
        NO_PAIR,
      );
      grown.set(this.latestPairOfUser);
      this.latestPairOfUser = grown;
    }
    const p = this.pairs;
    for (let pair = this.latestPairOfUser[user]; pair !== NO_PAIR; ) {
      if (p.application[pair] === application) return pair;
      pair = p.previousOfUser[pair];
    }
    const pair = p.add(user, application, this.latestPairOfUser[user]);
    this.latestPairOfUser[user] = pair;
    return pair;
  }

  /** Per application: successful sign-ins, distinct users, latest sign-in. */
  applicationUsage(): Map<string, ApplicationUsage> {
    const result = new Map<string, ApplicationUsage>();
    for (const { applicationId, usage } of this.signedInPairs()) {
      const app = result.get(applicationId);
      if (app) {
        app.ssoEventCount += usage.ssoEventCount;
        app.ssoUserCount++;
        app.lastSsoOn = Math.max(app.lastSsoOn, usage.lastSsoOn);
      } else {
        result.set(applicationId, {
          ssoEventCount: usage.ssoEventCount,
          ssoUserCount: 1,
          lastSsoOn: usage.lastSsoOn,
        });
      }
    }
    return result;
  }

  /** Applications seen in successful sign-ins, named as the latest event named them. */
  observedApplications(): ObservedApplication[] {
    return [...this.observed.values()].map(({ seenOn, ...app }) => app);
  }

  /** Pairs with failed sign-ins only: no USES relationship. */
  get failedOnlyPairs(): number {
    let count = 0;
    for (let pair = 0; pair < this.pairs.size; pair++) {
      if (this.pairs.succeeded[pair] === 0) count++;
    }
    return count;
  }

  private observe(id: string, event: SsoEvent, timestampMs: number): void {
    // Chains run in parallel, so events do not arrive in time order.
    const known = this.observed.get(id);
    if (known && known.seenOn > timestampMs) return;
    const app = event.application ?? {};
    this.observed.set(id, {
      id,
      seenOn: timestampMs,
      name: cleanString(app.name),
      displayLabel: cleanString(app.display_label),
      ssoType: cleanString(app.sso_type),
    });
  }
}

/** sso_auth rows carry `sso_token_success`; a row with `success` instead is read by that. */
function succeeded(event: SsoEvent): boolean {
  return (event.sso_token_success ?? event.success) === true;
}

/** The pairs, one row per index across typed arrays that grow by half. */
class PairColumns {
  size = 0;
  user = new Uint32Array(0);
  application = new Uint32Array(0);
  /** The user's previous pair, or NO_PAIR. */
  previousOfUser = new Int32Array(0);
  first = new Float64Array(0);
  last = new Float64Array(0);
  succeeded = new Uint32Array(0);
  failed = new Uint32Array(0);

  add(user: number, application: number, previousOfUser: number): number {
    if (this.size === this.user.length) this.grow();
    const pair = this.size++;
    this.user[pair] = user;
    this.application[pair] = application;
    this.previousOfUser[pair] = previousOfUser;
    this.first[pair] = Infinity;
    this.last[pair] = -Infinity;
    return pair;
  }

  private grow(): void {
    this.resize(Math.max(1024, Math.ceil(this.user.length * 1.5)));
  }

  /** Down to exactly the pairs there are, once no more come. */
  trim(): void {
    if (this.size < this.user.length) this.resize(this.size);
  }

  private resize(capacity: number): void {
    const resize = <T extends Uint32Array | Int32Array | Float64Array>(
      from: T,
      to: T,
    ): T => {
      to.set(from.subarray(0, capacity));
      return to;
    };
    this.user = resize(this.user, new Uint32Array(capacity));
    this.application = resize(this.application, new Uint32Array(capacity));
    this.previousOfUser = resize(this.previousOfUser, new Int32Array(capacity));
    this.first = resize(this.first, new Float64Array(capacity));
    this.last = resize(this.last, new Float64Array(capacity));
    this.succeeded = resize(this.succeeded, new Uint32Array(capacity));
    this.failed = resize(this.failed, new Uint32Array(capacity));
  }
}
