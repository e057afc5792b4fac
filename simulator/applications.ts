import { memberRow } from './groups';
import { ObjectIdFactory, Random, streamFor } from './random';
import { Application, GraphConnection, RemovedApplication } from './types';

const DAY_MS = 86_400_000;

// [catalog key, catalog display name, sso type]
const CATALOG: [string, string, 'saml' | 'oidc'][] = [
  ['aws-sso', 'AWS SSO', 'saml'],
  ['google', 'Google Workspace', 'saml'],
  ['slack', 'Slack', 'saml'],
  ['github', 'GitHub', 'saml'],
  ['salesforce', 'Salesforce', 'saml'],
  ['zoom', 'Zoom', 'saml'],
  ['office365', 'Microsoft 365', 'saml'],
  ['atlassian', 'Atlassian Cloud', 'saml'],
  ['custom-oidc-app', 'Custom OIDC App', 'oidc'],
  ['box', 'Box', 'saml'],
  ['zendesk', 'Zendesk', 'saml'],
  ['datadog', 'Datadog', 'saml'],
  ['pagerduty', 'PagerDuty', 'saml'],
  ['figma', 'Figma', 'saml'],
  ['notion', 'Notion', 'oidc'],
  ['workday', 'Workday', 'saml'],
  ['custom-saml-app', 'Custom SAML App', 'saml'],
];

const LABEL_SUFFIXES = [
  'Prod',
  'Staging',
  'EU',
  'Sandbox',
  'Dev',
  'Ventes',
  'Support',
];
const COLORS: readonly NonNullable<Application['color']>[] = [
  '',
  '#202D38',
  '#005466',
  '#3E8696',
  '#006CAC',
  '#7C6ADA',
  '#FFB000',
];

export interface ApplicationGenerationContext {
  seed: number;
  count: number;
  nowMs: number;
  orgCreatedMs: number;
  orgId: string;
  userIds: readonly string[];
  groupIds: readonly string[];
  deletedUserIds: readonly string[];
  deletedGroupIds: readonly string[];
  ids: ObjectIdFactory;
}

export interface GeneratedApplications {
  applications: Application[];
  applicationAssociations: Map<string, GraphConnection[]>;
  removedApplications: RemovedApplication[];
}

export function generateApplications(
  ctx: ApplicationGenerationContext,
): GeneratedApplications {
  const rng = streamFor(ctx.seed, 'applications');
  const created: number[] = [];
  for (let i = 0; i < ctx.count; i++) {
    created.push(
      ctx.orgCreatedMs +
        Math.floor(rng.next() * (ctx.nowMs - ctx.orgCreatedMs - DAY_MS)),
    );
  }
  created.sort((a, b) => a - b);

  const labels = new Labeller();
  const forcedInactive = ctx.count >= 3 ? rng.int(1, ctx.count - 1) : -1;
  const applications: Application[] = [];
  for (let i = 0; i < ctx.count; i++) {
    const entry = i < 8 ? CATALOG[i] : rng.pick(CATALOG);
    const app = buildApplication(
      rng,
      ctx,
      entry,
      labels.next(rng, entry[1]),
      ctx.ids.next(created[i]),
      created[i],
    );
    if (i === forcedInactive) app.active = false;
    applications.push(app);
  }

  const removedApplications: RemovedApplication[] = [];
  const removedCount = Math.max(1, Math.round(ctx.count * 0.1));
  for (let i = 0; i < removedCount; i++) {
    const [name, displayName, ssoType] = rng.pick(CATALOG);
    const displayLabel = labels.next(rng, `${displayName} (legacy)`);
    removedApplications.push({
      id: ctx.ids.next(ctx.orgCreatedMs + DAY_MS * (i + 1)),
      name,
      displayLabel,
      ssoUrl: `https://sso.jumpcloud.com/saml2/${slugOf(displayLabel)}`,
      ssoType,
    });
  }

  return {
    applications,
    applicationAssociations: bindApplications(rng, ctx, applications),
    removedApplications,
  };
}

function bindApplications(
  rng: Random,
  ctx: ApplicationGenerationContext,
  applications: Application[],
): Map<string, GraphConnection[]> {
  const bindings = new Map<string, GraphConnection[]>();
  const unbound =
    applications.length >= 3 ? rng.int(0, applications.length - 1) : -1;
  for (let i = 0; i < applications.length; i++) {
    const rows: GraphConnection[] = [];
    if (i !== unbound && !rng.chance(0.1)) {
      const groupCount =
        ctx.groupIds.length === 0
          ? 0
          : rng.int(1, Math.min(3, ctx.groupIds.length));
      for (const g of rng.distinct(groupCount, 0, ctx.groupIds.length - 1)) {
        rows.push(memberRow(ctx.groupIds[g], 'user_group'));
      }
      const userCount =
        ctx.userIds.length === 0 || rng.chance(0.4) ? 0 : rng.int(1, 3);
      for (const u of rng.distinct(userCount, 0, ctx.userIds.length - 1)) {
        rows.push(memberRow(ctx.userIds[u], 'user'));
      }
    }
    bindings.set(applications[i].id, rows);
  }
  // Bindings outlive deleted users and groups; keep one of each.
  const bound = applications.filter((a) => bindings.get(a.id)!.length > 0);
  if (bound.length > 0) {
    if (ctx.deletedUserIds.length > 0) {
      bindings
        .get(rng.pick(bound).id)!
        .push(memberRow(rng.pick(ctx.deletedUserIds), 'user'));
    }
    bindings
      .get(rng.pick(bound).id)!
      .push(memberRow(rng.pick(ctx.deletedGroupIds), 'user_group'));
  }
  return bindings;
}

class Labeller {
  private readonly used = new Set<string>();
  private readonly slugs = new Set<string>();

  next(rng: Random, base: string): string {
    let label = base;
    if (this.used.has(label)) label = `${base} (${rng.pick(LABEL_SUFFIXES)})`;
    for (
      let n = 2;
      this.used.has(label) || this.slugs.has(slugOf(label));
      n++
    ) {
      label = `${base} ${n}`;
    }
    this.used.add(label);
    this.slugs.add(slugOf(label));
    return label;
  }
}

export function slugOf(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'app'
  );
}

function buildApplication(
  rng: Random,
  ctx: ApplicationGenerationContext,
  [name, displayName, ssoType]: [string, string, 'saml' | 'oidc'],
  displayLabel: string,
  id: string,
  createdMs: number,
): Application {
  const slug = slugOf(displayLabel);
  const certExpiry =
    createdMs + 5 * 365 * DAY_MS - (rng.chance(0.1) ? 6 * 365 * DAY_MS : 0);
  const sso: Application['sso'] = {
    jit: rng.chance(0.2),
    beta: false,
    type: ssoType,
  };
  if (ssoType === 'saml')
    sso.idpCertExpirationAt = new Date(certExpiry).toISOString();
  const color = rng.chance(0.6) ? null : rng.pick(COLORS);
  return {
    _id: id,
    id,
    active: rng.chance(0.87),
    name,
    displayName,
    displayLabel,
    beta: false,
    color,
    organization: ctx.orgId,
    logo: {
      url: `https://s3.amazonaws.com/static.jumpcloud.com/applications/logos/application-icon-${name}.png`,
    },
    ssoUrl: `https://sso.jumpcloud.com/saml2/${slug}`,
    learnMore: `https://support.jumpcloud.com/support/s/article/Single-Sign-On-SSO-With-${displayName.replace(
      / /g,
      '-',
    )}`,
    description: rng.chance(0.3) ? `${displayLabel} for the whole company` : '',
    config: secretConfig(rng, slug),
    databaseAttributes: [],
    created: new Date(createdMs).toISOString(),
    sso,
  };
}

/** The part of an application that must never reach the graph. */
function secretConfig(rng: Random, slug: string): Record<string, unknown> {
  const spHost = `${slug}.sp.example.com`;
  return {
    acsUrl: field('ACS URL', 'text', `https://${spHost}/saml/acs`, 1),
    spEntityId: field(
      'SP Entity ID',
      'text',
      `https://${spHost}/saml/metadata`,
      2,
    ),
    idpEntityId: field('IdP Entity ID', 'text', `JumpCloud-${slug}`, 3),
    idpCertificate: field(
      'IdP Certificate',
      'file',
      pem(rng, 'CERTIFICATE', 600),
      4,
    ),
    idpPrivateKey: field(
      'IdP Private Key',
      'file',
      pem(rng, 'PRIVATE KEY', 900),
      5,
    ),
    signAssertion: field('Sign Assertion', 'checkbox', rng.chance(0.5), 6),
    signResponse: field('Sign Response', 'checkbox', rng.chance(0.5), 7),
    constantAttributes: {
      label: 'Constant Attributes',
      mutable: true,
      type: 'list',
      position: 8,
      value: [
        {
          name: 'team',
          value: slug,
          readOnly: false,
          required: false,
          visible: true,
        },
      ],
      visible: true,
    },
  };
}

function field(label: string, type: string, value: unknown, position: number) {
  return {
    label,
    type,
    value,
    position,
    readOnly: false,
    required: true,
    visible: true,
    tooltip: null,
  };
}

function pem(rng: Random, kind: string, bytes: number): string {
  const raw = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) raw[i] = Math.floor(rng.next() * 256);
  const body = raw
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----`;
}
