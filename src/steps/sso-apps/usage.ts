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

/**
 * Folds SSO sign-in events, one at a time, into one small record per
 * user → application pair: memory grows with the pairs, never with the
 * events.
 */
export class SsoUsage {
  /** userId → applicationId → usage (failures too; pairs with no success are not reported). */
  private readonly pairs = new Map<string, Map<string, PairUsage>>();
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

  constructor(private readonly isCollectedUser: (userId: string) => boolean) {}

  add(event: SsoEvent, timestampMs: number): void {
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
    const userId = cleanString(actor.id);
    if (!userId || !this.isCollectedUser(userId)) {
      this.skipped.userNotCollected++;
      return;
    }

    let ofUser = this.pairs.get(userId);
    if (!ofUser) this.pairs.set(userId, (ofUser = new Map()));
    let pair = ofUser.get(applicationId);
    if (!pair) {
      pair = {
        firstSsoOn: Infinity,
        lastSsoOn: -Infinity,
        ssoEventCount: 0,
        failedSsoCount: 0,
      };
      ofUser.set(applicationId, pair);
    }

    if (!succeeded(event)) {
      pair.failedSsoCount++;
      return;
    }
    pair.ssoEventCount++;
    pair.firstSsoOn = Math.min(pair.firstSsoOn, timestampMs);
    pair.lastSsoOn = Math.max(pair.lastSsoOn, timestampMs);
    this.observe(applicationId, event, timestampMs);
  }

  /** Every pair with at least one successful sign-in. */
  *signedInPairs(): Generator<{
    userId: string;
    applicationId: string;
    usage: PairUsage;
  }> {
    for (const [userId, ofUser] of this.pairs) {
      for (const [applicationId, usage] of ofUser) {
        if (usage.ssoEventCount > 0) yield { userId, applicationId, usage };
      }
    }
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
    for (const ofUser of this.pairs.values()) {
      for (const usage of ofUser.values()) {
        if (usage.ssoEventCount === 0) count++;
      }
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
