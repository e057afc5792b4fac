import { Random, streamFor } from './random';
import { MfaEnrollmentStatus, SystemUser } from './types';

/**
 * Where users stand with each MFA factor (`mfaEnrollment.totpStatus`,
 * `pushStatus`, `webAuthnStatus`): every status of `MfaEnrollmentStatus`
 * shows up, some records lack a factor, and `overallStatus` follows the
 * factors (see `overallOf`).
 *
 * A pass over the generated users with a random stream of its own, so that
 * nothing else in a user (or in the tenant) moves. Whether a user's overall
 * status is ENROLLED stays as drawn (so does every other field, and with
 * them whether a client sees the user with MFA); the factors are made to
 * agree: a user enrolled overall keeps the factors that are ENROLLED, one
 * who is not has none (a push or WebAuthn factor drawn ENROLLED becomes an
 * unfinished one), and factors that are not ENROLLED are now and then in an
 * unfinished state or missing. TOTP keeps agreeing with `totp_enabled`.
 * users[0] stays as it is.
 */

export const FACTORS = ['totpStatus', 'pushStatus', 'webAuthnStatus'] as const;
export type Factor = (typeof FACTORS)[number];

export const MFA_STATUSES: readonly MfaEnrollmentStatus[] = [
  'NOT_ENROLLED',
  'DISABLED',
  'PENDING_ACTIVATION',
  'ENROLLMENT_EXPIRED',
  'IN_ENROLLMENT',
  'PRE_ENROLLMENT',
  'ENROLLED',
];

/** The states between "never started" and "enrolled", and switched off. */
const UNFINISHED: readonly MfaEnrollmentStatus[] = [
  'DISABLED',
  'PENDING_ACTIVATION',
  'ENROLLMENT_EXPIRED',
  'IN_ENROLLMENT',
  'PRE_ENROLLMENT',
];

/** Which unfinished state the overall status reports first, when no factor is enrolled. */
const OVERALL_PRIORITY: readonly MfaEnrollmentStatus[] = [
  'IN_ENROLLMENT',
  'PENDING_ACTIVATION',
  'PRE_ENROLLMENT',
  'ENROLLMENT_EXPIRED',
];

type Enrollment = NonNullable<SystemUser['mfaEnrollment']>;

/**
 * The overall status the factors add up to: ENROLLED when any factor is;
 * otherwise the furthest unfinished enrollment (IN_ENROLLMENT, then
 * PENDING_ACTIVATION, PRE_ENROLLMENT, ENROLLMENT_EXPIRED); DISABLED when
 * every factor present is; else NOT_ENROLLED.
 */
export function overallOf(
  enrollment: Pick<Enrollment, Factor>,
): MfaEnrollmentStatus {
  const present = FACTORS.map((f) => enrollment[f]).filter(
    (s): s is MfaEnrollmentStatus => typeof s === 'string',
  );
  if (present.includes('ENROLLED')) return 'ENROLLED';
  const unfinished = OVERALL_PRIORITY.find((s) => present.includes(s));
  if (unfinished) return unfinished;
  if (present.length > 0 && present.every((s) => s === 'DISABLED'))
    return 'DISABLED';
  return 'NOT_ENROLLED';
}

/** Chance that a factor that is not enrolled is in one of the unfinished states. */
const UNFINISHED_RATE = 0.2;
/** Chance that a factor that is not enrolled is missing from the record. */
const MISSING_RATE = 0.03;

export function diversifyMfaFactors(users: SystemUser[], seed: number): void {
  const rng = streamFor(seed, 'mfa factors');
  const candidates: Enrollment[] = [];
  for (let i = 1; i < users.length; i++) {
    const enrollment = users[i].mfaEnrollment;
    if (enrollment) candidates.push(enrollment);
  }
  for (const enrollment of candidates) {
    const enrolled = enrollment.overallStatus === 'ENROLLED';
    for (const factor of FACTORS) {
      const status = enrollment[factor];
      if (status === 'ENROLLED') {
        if (!enrolled) enrollment[factor] = rng.pick(UNFINISHED);
        continue;
      }
      const r = rng.next();
      if (r < MISSING_RATE) delete enrollment[factor];
      else if (status === 'NOT_ENROLLED' && r < MISSING_RATE + UNFINISHED_RATE)
        enrollment[factor] = rng.pick(UNFINISHED);
    }
  }
  forceEveryStatus(rng, candidates);
  for (const enrollment of candidates)
    enrollment.overallStatus = overallOf(enrollment);
}

/**
 * Every status of every factor, and every factor missing once, whatever the
 * seed, as far as there are users for it; each forced on another user, one
 * whose status for that factor is not ENROLLED and some other user shares
 * (so forcing one status never takes away another). ENROLLED is forced only
 * on a user enrolled overall, and never for TOTP (users[0] has it enrolled,
 * and `totp_enabled` must agree).
 */
function forceEveryStatus(rng: Random, candidates: Enrollment[]) {
  const order = rng.shuffle(candidates.map((_, i) => i));
  const used = new Set<number>();
  for (const factor of FACTORS) {
    const counts = new Map<MfaEnrollmentStatus | undefined, number>();
    for (const e of candidates)
      counts.set(e[factor], (counts.get(e[factor]) ?? 0) + 1);
    const force = (status: MfaEnrollmentStatus | undefined) => {
      const k = order.find((i) => {
        const current = candidates[i][factor];
        return (
          !used.has(i) &&
          current !== undefined &&
          current !== 'ENROLLED' &&
          (counts.get(current) ?? 0) >= 2 &&
          (status !== 'ENROLLED' || candidates[i].overallStatus === 'ENROLLED')
        );
      });
      if (k === undefined) return;
      used.add(k);
      const e = candidates[k];
      counts.set(e[factor], (counts.get(e[factor]) ?? 0) - 1);
      counts.set(status, (counts.get(status) ?? 0) + 1);
      if (status === undefined) delete e[factor];
      else e[factor] = status;
    };
    for (const status of MFA_STATUSES) {
      if (factor === 'totpStatus' && status === 'ENROLLED') continue;
      if (!counts.get(status)) force(status);
    }
    if (!counts.get(undefined)) force(undefined);
  }
}
