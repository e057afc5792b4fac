import {
  asciiName,
  DEPARTMENTS,
  displayNameOf,
  EMOJI_DISPLAY_NAMES,
  EMPLOYEE_TYPES,
  JOB_TITLES,
  LOCATIONS,
  NAME_POOLS,
  PersonName,
  SHOWCASE_NAMES,
} from './names';
import { diversifyMfaFactors } from './mfaFactors';
import {
  objectId,
  ObjectIdFactory,
  Random,
  sortedTimes,
  streamFor,
} from './random';
import { MfaEnrollmentStatus, SystemUser, UserState } from './types';
import { assembleUser, UserDraft } from './userRecord';

const DAY_MS = 86_400_000;

export interface UserGenerationContext {
  seed: number;
  count: number;
  nowMs: number;
  orgCreatedMs: number;
  orgId: string;
  company: string;
  emailDomain: string;
  ids: ObjectIdFactory;
}

export interface GeneratedUsers {
  users: SystemUser[];
  /** Ids that existed once (they sort among the live ids) but were deleted. */
  deletedUserIds: string[];
}

/**
 * Traits forced onto a few users so that every tenant of modest size shows
 * each oddity at least once, whatever the seed. Most important first: small
 * tenants only get the head of the list.
 */
const FORCED_TRAITS = [
  'staged',
  'suspended',
  'activatedFalse',
  'noState',
  'locked',
  'noMfa',
  'noMfaEnrollment',
  'mfaExclusionUntil',
  'managerNull',
  'managerAbsent',
  'emojiDisplayName',
  'danglingManager',
  'externallyManaged',
] as const;
type ForcedTrait = (typeof FORCED_TRAITS)[number];

interface UserPlan {
  trait?: ForcedTrait;
  name?: PersonName;
  invalidEmail: boolean;
}

export function generateUsers(ctx: UserGenerationContext): GeneratedUsers {
  const rng = streamFor(ctx.seed, 'users');
  const deletedCount = Math.max(3, Math.round(ctx.count * 0.01));
  const total = ctx.count + deletedCount;
  const created = sortedTimes(
    rng,
    total,
    ctx.orgCreatedMs + DAY_MS,
    ctx.nowMs - DAY_MS,
  );

  // Deleted users were created among the live ones, so their ids interleave.
  const deletedSlots = new Set(
    ctx.count === 0
      ? Array.from({ length: total }, (_, i) => i)
      : rng.distinct(deletedCount, 1, total - 1),
  );
  const liveIds: string[] = [];
  const liveCreated: number[] = [];
  const deletedUserIds: string[] = [];
  for (let slot = 0; slot < total; slot++) {
    const id = ctx.ids.next(created[slot]);
    if (deletedSlots.has(slot)) {
      deletedUserIds.push(id);
    } else {
      liveIds.push(id);
      liveCreated.push(created[slot]);
    }
  }

  const plans = planUsers(rng, ctx.count);
  const usernames = new Set<string>();
  const users: SystemUser[] = [];
  const builder = new UserBuilder(rng, ctx, usernames, liveIds, deletedUserIds);
  for (let i = 0; i < ctx.count; i++) {
    users.push(
      i === 0
        ? builder.ordinary(liveIds[0], liveCreated[0])
        : builder.build(i, liveIds[i], liveCreated[i], plans[i]),
    );
  }
  // Its own random stream: the rest of every user stays as drawn above.
  diversifyMfaFactors(users, ctx.seed);
  return { users, deletedUserIds };
}

/**
 * A user inserted "now" whose id sorts before every other user: used by the
 * paging-drift fault. It is not part of the tenant or its ground truth.
 */
export function createDriftUser(
  ctx: Pick<UserGenerationContext, 'orgId' | 'company' | 'emailDomain'>,
  salt: number,
  firstUserCreatedMs: number,
): SystemUser {
  const createdMs = firstUserCreatedMs - DAY_MS;
  return assembleUser({
    ...neutralDraft(objectId(createdMs, salt, 0), ctx.orgId, iso(createdMs)),
    username: 'late.arrival',
    email: `late.arrival@${ctx.emailDomain}`,
    firstname: 'Late',
    lastname: 'Arrival',
    middlename: '',
    displayname: 'Late Arrival',
    description: '',
    employeeIdentifier: null,
    mfa: { exclusion: false, configured: false },
    state: 'ACTIVATED',
    company: ctx.company,
  });
}

/** Long enough to overflow any sane field; the collector keeps 1,000 characters. */
const LONG_FIELD_LENGTH = 10_000;

/**
 * The records a real directory holds and a collector must survive, added by
 * the tenant option `oddRecords`: no MFA fields at all, an e-mail that is not
 * one, 10,000-character fields, control characters, emoji, other scripts and
 * a lone surrogate. Otherwise they are ordinary users and part of the ground
 * truth. They are created last, half a day ago, so they sort after every
 * other user; generated after the rest of the tenant, they change nothing
 * else in it.
 */
export function generateOddUsers(
  ctx: Pick<
    UserGenerationContext,
    'orgId' | 'company' | 'emailDomain' | 'ids' | 'nowMs'
  >,
): SystemUser[] {
  const long = (text: string) =>
    text
      .repeat(Math.ceil(LONG_FIELD_LENGTH / text.length))
      .slice(0, LONG_FIELD_LENGTH);
  const odd: Partial<UserDraft>[] = [
    // Predates MFA in JumpCloud: neither mfa nor mfaEnrollment.
    { username: 'odd.no-mfa', firstname: 'Nomfa', lastname: 'Legacy' },
    {
      username: 'odd.bad-email',
      email: 'odd bad-email@@not a domain',
      firstname: 'Invalid',
      lastname: 'Email',
    },
    {
      username: 'odd.long-fields',
      firstname: 'Long',
      lastname: 'Fields',
      description: long('Imported from a legacy HR system. '),
      jobTitle: long('Senior Principal Staff Engineer '),
      location: long('Building 7, '),
    },
    {
      username: 'odd.control-chars',
      firstname: 'Nul\u0000Byte',
      lastname: 'Bell\u0007Escape\u001b[31m',
      displayname: 'Ctrl\u0000\u0007\u001b Chars\r\n',
      department: 'Tab\tSeparated\u0085Dept',
    },
    {
      username: 'odd.emoji-scripts',
      firstname: '🦄 Ζωή',
      lastname: 'Ünïcødé 李雷',
      displayname: '🦄 Ζωή Ünïcødé 李雷 👩‍💻',
      department: 'Инженерия',
      jobTitle: 'مهندس برمجيات',
      location: 'देवनागरी नगर',
    },
    {
      username: 'odd.lone-surrogate',
      firstname: 'Half\ud83dPair',
      lastname: 'Surrogate',
      displayname: 'Half \ud83d Pair \ude00',
    },
    {
      // "Trojan Source": direction overrides and isolates make a name read
      // as something it is not.
      username: 'odd.bidi-override',
      firstname: 'Eve',
      lastname: '\u202enimda\u202c',
      displayname: 'Eve \u202enimda\u202c \u2066(IT)\u2069',
      department: 'Security\u2067 Ops\u2069',
    },
  ];
  return odd.map((fields, k) => {
    const createdMs = ctx.nowMs - DAY_MS / 2 + k * 1000;
    const username = fields.username ?? `odd.user${k}`;
    const draft: UserDraft = {
      ...neutralDraft(ctx.ids.next(createdMs), ctx.orgId, iso(createdMs)),
      email: `${username}@${ctx.emailDomain}`,
      state: 'ACTIVATED',
      company: ctx.company,
      ...fields,
      username,
    };
    if (k > 0) {
      draft.mfa = { exclusion: false, configured: false };
      draft.mfaEnrollment = {
        overallStatus: 'NOT_ENROLLED',
        totpStatus: 'NOT_ENROLLED',
        pushStatus: 'NOT_ENROLLED',
        webAuthnStatus: 'NOT_ENROLLED',
      };
    }
    return assembleUser(draft);
  });
}

function planUsers(rng: Random, count: number): UserPlan[] {
  const plans: UserPlan[] = Array.from({ length: count }, () => ({
    invalidEmail: false,
  }));
  if (count < 2) return plans;
  const traitSlots = rng.distinct(FORCED_TRAITS.length, 1, count - 1);
  traitSlots.forEach((slot, k) => (plans[slot].trait = FORCED_TRAITS[k]));
  const nameSlots = rng.distinct(SHOWCASE_NAMES.length, 1, count - 1);
  nameSlots.forEach((slot, k) => (plans[slot].name = SHOWCASE_NAMES[k]));
  const invalid = count >= 100 ? Math.max(1, Math.round(count * 0.01)) : 0;
  for (const slot of rng.distinct(invalid, 1, count - 1)) {
    plans[slot].invalidEmail = true;
  }
  return plans;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Values of a plain, valid user; callers override what they need. */
function neutralDraft(
  id: string,
  organization: string,
  created: string,
): UserDraft {
  return {
    id,
    username: '',
    email: '',
    firstname: '',
    lastname: '',
    activated: true,
    suspended: false,
    account_locked: false,
    account_locked_date: null,
    password_expired: false,
    password_never_expires: false,
    totp_enabled: false,
    department: '',
    jobTitle: '',
    employeeType: '',
    company: '',
    costCenter: '',
    location: '',
    externally_managed: false,
    external_source_type: '',
    sudo: false,
    passwordless_sudo: false,
    organization,
    unixId: 5000,
    badLoginAttempts: 0,
    created,
    // Declared up front so every draft shares one hidden class.
    phoneNumbers: undefined,
    middlename: undefined,
    displayname: undefined,
    description: undefined,
    employeeIdentifier: undefined,
    manager: undefined,
    mfa: undefined,
    mfaEnrollment: undefined,
    state: undefined,
    password_date: undefined,
    password_expiration_date: undefined,
    alternateEmail: undefined,
    recoveryEmail: undefined,
    restrictedFields: undefined,
  };
}

class UserBuilder {
  /** Next numeric suffix per username base; scanning from 2 each time is quadratic. */
  private readonly nextSuffix = new Map<string, number>();

  constructor(
    private readonly rng: Random,
    private readonly ctx: UserGenerationContext,
    private readonly usernames: Set<string>,
    private readonly liveIds: string[],
    private readonly deletedIds: string[],
  ) {}

  /** The first user: every field populated, nothing odd (tests rely on it). */
  ordinary(id: string, createdMs: number): SystemUser {
    const name = asciiName(0, 0);
    const username = this.uniqueUsername(name);
    const passwordDate = createdMs + DAY_MS;
    return assembleUser({
      ...neutralDraft(id, this.ctx.orgId, iso(createdMs)),
      username,
      email: `${username}@${this.ctx.emailDomain}`,
      firstname: name.first,
      lastname: name.last,
      middlename: 'J',
      displayname: displayNameOf(name),
      description: 'Founding engineer',
      state: 'ACTIVATED',
      department: DEPARTMENTS[0],
      jobTitle: JOB_TITLES[12],
      employeeType: 'Full-Time',
      employeeIdentifier: 'E000001',
      company: this.ctx.company,
      costCenter: 'CC-1000',
      location: LOCATIONS[0],
      manager: this.liveIds.length > 1 ? this.liveIds[1] : undefined,
      mfa: { exclusion: false, configured: true },
      mfaEnrollment: {
        overallStatus: 'ENROLLED',
        totpStatus: 'ENROLLED',
        pushStatus: 'ENROLLED',
        webAuthnStatus: 'NOT_ENROLLED',
        jcGoStatus: 'NOT_ENROLLED',
      },
      totp_enabled: true,
      password_date: iso(passwordDate),
      password_expiration_date: iso(
        Math.max(passwordDate, this.ctx.nowMs) + 60 * DAY_MS,
      ),
      alternateEmail: `${username}@personal.example.net`,
      phoneNumbers: [
        { id: this.rng.hex(24), number: '+1 555 0100', type: 'work' },
      ],
      unixId: 5001,
    });
  }

  build(
    index: number,
    id: string,
    createdMs: number,
    plan: UserPlan,
  ): SystemUser {
    const rng = this.rng;
    const trait = plan.trait;
    const name = plan.name ?? this.randomName();
    const username = this.uniqueUsername(name);
    const state = this.state(trait);
    const locked =
      trait === 'locked' || (state !== 'STAGED' && rng.chance(0.03));
    const passwordDate =
      state === 'STAGED'
        ? null
        : createdMs + Math.floor(rng.next() * (this.ctx.nowMs - createdMs));
    const neverExpires = rng.chance(0.06);
    const expiration =
      passwordDate === null || neverExpires ? null : passwordDate + 90 * DAY_MS;
    const draft: UserDraft = {
      ...neutralDraft(id, this.ctx.orgId, iso(createdMs)),
      username,
      email: plan.invalidEmail
        ? this.invalidEmail(name, username, index)
        : `${username}@${this.ctx.emailDomain}`,
      firstname: name.first,
      lastname: name.last,
      state,
      activated: this.activated(state, trait),
      suspended: state === 'SUSPENDED',
      account_locked: locked,
      account_locked_date: locked
        ? iso(this.ctx.nowMs - rng.int(1, 30 * 24) * 3_600_000)
        : null,
      password_never_expires: neverExpires,
      password_expired: expiration !== null && expiration < this.ctx.nowMs,
      unixId: 5001 + index,
      badLoginAttempts: locked
        ? rng.int(5, 10)
        : rng.chance(0.1)
        ? rng.int(1, 3)
        : 0,
    };
    if (rng.chance(0.95)) {
      draft.password_date = passwordDate === null ? null : iso(passwordDate);
      draft.password_expiration_date =
        expiration === null ? null : iso(expiration);
    }
    this.applyOptionalText(draft, index, name, trait);
    this.applyMfa(draft, state, trait);
    this.applyManager(draft, index, trait);
    if (trait === 'externallyManaged' || rng.chance(0.04)) {
      draft.externally_managed = true;
      draft.external_source_type = 'scim';
      draft.restrictedFields = [
        { field: 'email', id: rng.hex(24), type: 'scim' },
      ];
    }
    if (rng.chance(0.02)) {
      draft.sudo = true;
      draft.passwordless_sudo = rng.chance(0.3);
    }
    return assembleUser(draft);
  }

  private randomName(): PersonName {
    const rng = this.rng;
    const pools = NAME_POOLS;
    const r = rng.next();
    if (r < 0.1) return rng.pick(pools.otherScripts);
    if (r < 0.22) return rng.pick(pools.accented);
    return asciiName(
      rng.int(0, pools.asciiFirstCount - 1),
      rng.int(0, pools.asciiLastCount - 1),
    );
  }

  private uniqueUsername(name: PersonName): string {
    const base = `${name.asciiFirst}.${name.asciiLast}`;
    let n = this.nextSuffix.get(base) ?? 1;
    let candidate = n === 1 ? base : `${base}${n}`;
    while (this.usernames.has(candidate)) candidate = `${base}${++n}`;
    this.nextSuffix.set(base, n + 1);
    this.usernames.add(candidate);
    return candidate;
  }

  private invalidEmail(
    name: PersonName,
    username: string,
    index: number,
  ): string {
    switch (index % 4) {
      case 0:
        return index < 400 ? 'not-an-email' : `not-an-email-${index}`;
      case 1:
        return `${name.asciiFirst} ${name.asciiLast}@${this.ctx.emailDomain}`;
      case 2:
        return `${username}@`;
      default:
        return `${username}@@${this.ctx.emailDomain}`;
    }
  }

  private state(trait?: ForcedTrait): UserState | undefined {
    if (trait === 'staged') return 'STAGED';
    if (trait === 'suspended') return 'SUSPENDED';
    if (trait === 'noState') return undefined;
    if (trait === 'activatedFalse' || trait === 'locked') return 'ACTIVATED';
    const r = this.rng.next();
    if (r < 0.84) return 'ACTIVATED';
    if (r < 0.91) return 'STAGED';
    if (r < 0.985) return 'SUSPENDED';
    return undefined;
  }

  private activated(
    state: UserState | undefined,
    trait?: ForcedTrait,
  ): boolean {
    if (trait === 'activatedFalse') return false;
    switch (state) {
      case 'ACTIVATED':
        // Real records say ACTIVATED while activated is false.
        return !this.rng.chance(0.05);
      case 'STAGED':
        return false;
      case 'SUSPENDED':
        return !this.rng.chance(0.3);
      default:
        return this.rng.chance(0.7);
    }
  }

  private applyOptionalText(
    user: UserDraft,
    index: number,
    name: PersonName,
    trait?: ForcedTrait,
  ) {
    const rng = this.rng;
    const r = rng.next();
    if (trait === 'emojiDisplayName' || r < 0.02) {
      user.displayname = rng.pick(EMOJI_DISPLAY_NAMES);
    } else if (r < 0.87) {
      user.displayname = displayNameOf(name);
    } else if (r < 0.97) {
      user.displayname = '';
    }
    const m = rng.next();
    if (m < 0.8) user.middlename = '';
    else if (m < 0.9) user.middlename = rng.pick(['A', 'J', 'María', 'Ли']);

    user.department = nullableText(rng, DEPARTMENTS);
    user.jobTitle = nullableText(rng, JOB_TITLES);
    user.employeeType = rng.pick(EMPLOYEE_TYPES);
    user.location = nullableText(rng, LOCATIONS);
    const c = rng.next();
    user.company = c < 0.85 ? this.ctx.company : c < 0.95 ? '' : null;
    user.costCenter = rng.chance(0.7) ? `CC-${1000 + rng.int(0, 40) * 10}` : '';
    const e = rng.next();
    if (e < 0.7)
      user.employeeIdentifier = `E${String(index + 1).padStart(6, '0')}`;
    else if (e < 0.95) user.employeeIdentifier = null;
    const d = rng.next();
    if (d < 0.1)
      user.description = `Joined via ${rng.pick([
        'HRIS',
        'SCIM',
        'CSV import',
      ])}`;
    else if (d < 0.95) user.description = '';
    if (rng.chance(0.1))
      user.alternateEmail = `${name.asciiFirst}${index}@personal.example.net`;
    if (rng.chance(0.05)) {
      user.recoveryEmail = {
        address: `${name.asciiFirst}.recovery${index}@example.net`,
        verified: rng.chance(0.5),
      };
    }
  }

  private applyMfa(
    user: UserDraft,
    state: UserState | undefined,
    trait?: ForcedTrait,
  ) {
    const rng = this.rng;
    const configured = state !== 'STAGED' && rng.chance(0.65);
    if (trait !== 'noMfa' && (trait !== undefined || !rng.chance(0.04))) {
      const exclusion = trait === 'mfaExclusionUntil' || rng.chance(0.08);
      user.mfa = { exclusion, configured };
      if (exclusion && (trait === 'mfaExclusionUntil' || rng.chance(0.7))) {
        user.mfa.exclusionUntil = iso(
          this.ctx.nowMs + rng.int(-5, 30) * DAY_MS,
        );
        if (rng.chance(0.5)) user.mfa.exclusionDays = rng.int(1, 30);
      }
    }
    if (
      trait === 'noMfaEnrollment' ||
      (trait === undefined && rng.chance(0.07))
    ) {
      user.totp_enabled = configured && rng.chance(0.5);
      return;
    }
    const totp: MfaEnrollmentStatus = configured
      ? rng.chance(0.7)
        ? 'ENROLLED'
        : 'NOT_ENROLLED'
      : rng.pick([
          'NOT_ENROLLED',
          'NOT_ENROLLED',
          'PENDING_ACTIVATION',
          'DISABLED',
        ]);
    const push: MfaEnrollmentStatus =
      configured && totp !== 'ENROLLED'
        ? 'ENROLLED'
        : rng.chance(0.2)
        ? 'ENROLLED'
        : 'NOT_ENROLLED';
    const overall: MfaEnrollmentStatus = configured
      ? 'ENROLLED'
      : rng.pick([
          'NOT_ENROLLED',
          'NOT_ENROLLED',
          'PENDING_ACTIVATION',
          'IN_ENROLLMENT',
          'ENROLLMENT_EXPIRED',
        ]);
    user.mfaEnrollment = {
      overallStatus: overall,
      totpStatus: totp,
      pushStatus: push,
      webAuthnStatus: rng.chance(0.1) ? 'ENROLLED' : 'NOT_ENROLLED',
    };
    if (rng.chance(0.5)) user.mfaEnrollment.jcGoStatus = 'NOT_ENROLLED';
    user.totp_enabled = totp === 'ENROLLED';
  }

  private applyManager(user: UserDraft, index: number, trait?: ForcedTrait) {
    const rng = this.rng;
    if (trait === 'managerNull') {
      user.manager = null;
      return;
    }
    if (trait === 'managerAbsent') return;
    if (trait === 'danglingManager') {
      user.manager = this.deletedIds[0];
      return;
    }
    const r = rng.next();
    if (r < 0.6) {
      // Managers are usually people hired earlier.
      const managerIndex = rng.int(0, Math.max(0, index - 1));
      if (managerIndex !== index) user.manager = this.liveIds[managerIndex];
    } else if (r < 0.7) {
      user.manager = null;
    } else if (r < 0.71) {
      user.manager = '';
    }
  }
}

function nullableText(rng: Random, pool: readonly string[]): string | null {
  const r = rng.next();
  if (r < 0.85) return rng.pick(pool);
  if (r < 0.95) return '';
  return null;
}
