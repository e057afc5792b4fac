import { ObjectIdFactory, Random, streamFor } from './random';
import { GraphConnection, UserGroup } from './types';

const DAY_MS = 86_400_000;

const GROUP_NAMES = [
  'All Users',
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People Ops',
  'Support',
  'Contractors',
  'VPN Users',
  'AWS Admins',
  'GitHub Org Owners',
  'Équipe Paris',
  '東京オフィス',
  'On-call',
  'Interns',
  'Leadership',
  'Designers',
  'Data Team',
  'Security',
  'Alumni (do not use)',
];

const PROJECT_WORDS = [
  'Apollo',
  'Borealis',
  'Cobalt',
  'Delta',
  'Ember',
  'Falcon',
  'Granite',
  'Helix',
];

export interface GroupGenerationContext {
  seed: number;
  count: number;
  membersPerGroup: number;
  nowMs: number;
  orgCreatedMs: number;
  emailDomain: string;
  userIds: readonly string[];
  deletedUserIds: readonly string[];
  ids: ObjectIdFactory;
}

export interface GeneratedGroups {
  groups: UserGroup[];
  groupMembers: Map<string, GraphConnection[]>;
  deletedGroupIds: string[];
}

export function memberRow(id: string, type: string): GraphConnection {
  return { attributes: null, to: { attributes: null, id, type } };
}

export function generateGroups(ctx: GroupGenerationContext): GeneratedGroups {
  const rng = streamFor(ctx.seed, 'groups');
  const created: number[] = [];
  for (let i = 0; i < ctx.count; i++) {
    created.push(
      ctx.orgCreatedMs +
        Math.floor(rng.next() * (ctx.nowMs - ctx.orgCreatedMs - DAY_MS)),
    );
  }
  created.sort((a, b) => a - b);

  const names = new Set<string>();
  const groups: UserGroup[] = [];
  for (let i = 0; i < ctx.count; i++) {
    groups.push(
      buildGroup(
        rng,
        ctx,
        i,
        ctx.ids.next(created[i]),
        uniqueName(rng, names, i),
      ),
    );
  }
  const deletedGroupIds = [
    ctx.ids.next(ctx.nowMs - 30 * DAY_MS),
    ctx.ids.next(ctx.nowMs - 2 * DAY_MS),
  ];

  const groupMembers = new Map<string, GraphConnection[]>();
  const forcedEmpty = ctx.count >= 2 ? rng.int(1, ctx.count - 1) : -1;
  let deletedRows = 0;
  for (let g = 0; g < ctx.count; g++) {
    const size = g === forcedEmpty ? 0 : groupSize(rng, g, ctx);
    const rows: GraphConnection[] = [];
    const used = new Set<string>();
    for (const userIndex of rng.distinct(size, 0, ctx.userIds.length - 1)) {
      const deleted = ctx.deletedUserIds.length > 0 && rng.chance(0.01);
      const id = deleted
        ? rng.pick(ctx.deletedUserIds)
        : ctx.userIds[userIndex];
      if (used.has(id)) continue;
      used.add(id);
      if (deleted) deletedRows++;
      rows.push(memberRow(id, 'user'));
    }
    groupMembers.set(groups[g].id, rows);
  }

  ensureOddRows(rng, ctx, groups, groupMembers, deletedRows);
  return { groups, groupMembers, deletedGroupIds };
}

/**
 * Every tenant of some size keeps at least one member row pointing at a
 * deleted user and one row that is not a user at all (a dynamic group may
 * list another group), whatever the seed.
 */
function ensureOddRows(
  rng: Random,
  ctx: GroupGenerationContext,
  groups: UserGroup[],
  groupMembers: Map<string, GraphConnection[]>,
  deletedRows: number,
) {
  const nonEmpty = groups.filter((g) => groupMembers.get(g.id)!.length > 0);
  if (nonEmpty.length === 0) return;
  if (deletedRows === 0 && ctx.deletedUserIds.length > 0) {
    const rows = groupMembers.get(rng.pick(nonEmpty).id)!;
    rows.splice(
      rng.int(0, rows.length),
      0,
      memberRow(ctx.deletedUserIds[0], 'user'),
    );
  }
  if (groups.length >= 10) {
    const holder = rng.pick(nonEmpty);
    const nested = groups.find((g) => g.id !== holder.id)!;
    const rows = groupMembers.get(holder.id)!;
    rows.splice(rng.int(0, rows.length), 0, memberRow(nested.id, 'user_group'));
  }
}

function groupSize(
  rng: Random,
  index: number,
  ctx: GroupGenerationContext,
): number {
  const mean = ctx.membersPerGroup;
  if (index === 0) return Math.min(ctx.userIds.length, mean * 5);
  if (rng.chance(0.03)) return 0;
  // Exponential sizes: many small groups, a few large ones, mean as asked.
  const size = Math.round(-mean * Math.log(1 - rng.next()));
  return Math.min(ctx.userIds.length, size);
}

function uniqueName(rng: Random, names: Set<string>, index: number): string {
  let name =
    index < GROUP_NAMES.length
      ? GROUP_NAMES[index]
      : `${rng.pick(['Project', 'Team', 'Squad'])} ${rng.pick(
          PROJECT_WORDS,
        )}-${index}`;
  for (let n = 2; names.has(name); n++) name = `${name} ${n}`;
  names.add(name);
  return name;
}

function buildGroup(
  rng: Random,
  ctx: GroupGenerationContext,
  index: number,
  id: string,
  name: string,
): UserGroup {
  const a = rng.next();
  const attributes =
    a < 0.1
      ? { sudo: { enabled: true, withoutPassword: rng.chance(0.3) } }
      : a < 0.13
      ? {
          ldapGroups: [
            { name: name.toLowerCase().replace(/[^a-z0-9]+/g, '-') },
          ],
        }
      : null;
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || `group-${index}`;
  const group: UserGroup = {
    attributes,
    id,
    name,
    type: 'user_group',
    email: rng.chance(0.3) ? `${slug}@${ctx.emailDomain}` : '',
    description: rng.chance(0.6) ? `${name} members` : '',
  };
  const m = rng.next();
  if (m < 0.35) group.membershipMethod = 'STATIC';
  else if (m < 0.45) group.membershipMethod = 'DYNAMIC_AUTOMATED';
  else if (m < 0.5) group.membershipMethod = 'NOTSET';
  if (group.membershipMethod === 'DYNAMIC_AUTOMATED') {
    group.memberQuery = {
      queryType: 'FilterQuery',
      filters: [{ field: 'department', operator: 'eq', value: 'Engineering' }],
    };
  }
  return group;
}
