import {
  AdminRef,
  ApplicationRef,
  DeviceAccess,
  DeviceRef,
  Finding,
  ReportData,
  Table,
  TrueUpApplicationRow,
  UserRef,
} from './analyze';
import { escapeHtml } from './escape';
import { legendHtml, seatChartSvg, typeGraphSvg } from './picture';
import { Entities } from '../src/steps/constants';

/**
 * The report as one self-contained HTML file: styles, script and pictures
 * inline, and a Content-Security-Policy that forbids loading anything, so it
 * opens the same offline, from a mail attachment or a file share.
 *
 * Every finding opens with its roll-up (a sentence or two, then counts per
 * user or application) and ends with its long table, folded: tables longer
 * than FOLD_ROWS rows open with "Show all". Tables never widen the page:
 * long cells wrap, and a table that still does not fit scrolls inside its
 * own card.
 */

/** Tables with more rows than this are folded. */
export const FOLD_ROWS = 10;
/** Applications drawn in the seat chart; the table below it has them all. */
export const CHART_APPLICATIONS = 12;

export function windowText(data: ReportData): string {
  return data.ssoEventsDays
    ? `the last ${data.ssoEventsDays} days`
    : 'the sign-in window of the collection';
}

/** One line of the headline; label and anchor name the finding it rolls up. */
interface HeadlineItem {
  label?: string;
  /** The section of the page the line stands for. */
  anchor?: string;
  text: string;
}

/**
 * The findings in a few lines, for the terminal and the top of the page;
 * first, when the collection is incomplete, a line that says so.
 */
export function headlineLines(data: ReportData): string[] {
  return headlineItems(data).map((item) =>
    item.label ? `${item.label}: ${item.text}` : item.text,
  );
}

function headlineItems(data: ReportData): HeadlineItem[] {
  const count = (type: string) =>
    data.entityCounts.find(([t]) => t === type)?.[1] ?? 0;
  const window = windowText(data);
  const items: HeadlineItem[] = data.incomplete
    ? [{ text: data.incomplete }]
    : [];
  items.push({
    text: `${plural(data.users, 'user')} (${formatCount(
      data.suspendedOrLocked,
    )} suspended or locked), ${plural(
      count(Entities.GROUP._type),
      'group',
    )}, ${plural(count(Entities.APPLICATION._type), 'application')}.`,
  });

  const { offboarding } = data;
  items.push({
    label: 'Offboarding gap',
    anchor: 'offboarding',
    text: offboarding.unavailable
      ? 'not known (sign-ins were not collected completely).'
      : offboarding.users === 0
      ? `no suspended or locked user signed in to an application in ${window}.`
      : `${plural(
          offboarding.users,
          'suspended or locked user',
        )} still signed in to ${plural(
          offboarding.applications,
          'application',
        )} in ${window} (${plural(
          offboarding.table.total,
          'user–application pair',
        )}).`,
  });

  const { trueUp } = data;
  const most = mostUnusedSeats(trueUp.applications.rows).map(
    (row) => `${plainName(rowName(row))} (${formatCount(row.seats!.unused)})`,
  );
  const licenses = trueUp.licenses;
  items.push({
    label: 'License true-up',
    anchor: 'true-up',
    text:
      trueUp.unavailable && licenses.unavailable
        ? 'not known (sign-ins or assignments were not collected completely).'
        : `${
            trueUp.unavailable
              ? 'SSO seats not known (sign-ins or assignments were not collected completely).'
              : `${formatCount(trueUp.table.total)} of ${formatCount(
                  trueUp.assignedSeats,
                )} assigned seats unused in ${window}${
                  most.length ? `; most in ${most.join(' and ')}` : ''
                }.`
          } ${licenseHeadline(licenses)}`,
  });

  const { mfa } = data;
  const locked = mfa.lockedActivated;
  items.push({
    label: 'MFA',
    anchor: 'mfa',
    text:
      `${formatCount(mfa.activeWithoutMfa.total)} of ${formatCount(
        mfa.activeUsers,
      )} active users (activated and neither suspended nor locked) have no MFA` +
      (locked.users > 0
        ? `; ${plural(
            locked.users,
            'more activated user is',
            'more activated users are',
          )} locked (${formatCount(locked.withoutMfa)} without MFA)`
        : '') +
      `; ${plural(mfa.total.excluded, 'user')} excluded from MFA.`,
  });

  const { admins } = data;
  items.push({
    label: 'Administrators',
    anchor: 'admins',
    text: admins.unavailable
      ? 'not known from this collection.'
      : `${formatCount(admins.table.total)} of ${plural(
          admins.active,
          'active administrator',
        )} ${admins.table.total === 1 ? 'has' : 'have'} no MFA.`,
  });

  const { phishable } = data;
  items.push({
    label: 'Root and console access without phishing-resistant MFA',
    anchor: 'phishing-resistant',
    text: phishable.unavailable
      ? 'not known from this collection.'
      : phishableHeadline(phishable),
  });

  const policies = data.applicationPolicies;
  items.push({
    label: 'Applications without an MFA policy',
    anchor: 'application-policies',
    text: policies.unavailable
      ? 'not known from this collection.'
      : (policies.table.total === 0
          ? `every one of the ${plural(
              policies.configured,
              'configured application',
            )} is covered by an enforcing policy that requires MFA`
          : `${formatCount(policies.table.total)} of ${plural(
              policies.configured,
              'configured application',
            )} ${
              policies.table.total === 1 ? 'is' : 'are'
            } covered by no enforcing policy that requires MFA${
              policies.assignedSeats !== undefined
                ? ` (${plural(policies.assignedSeats, 'assigned seat')})`
                : ''
            }`) +
        (policies.unknown > 0
          ? `; ${formatCount(policies.unknown)} not known`
          : '') +
        '.',
  });

  const unencrypted = data.unencryptedDevices;
  items.push({
    label: 'Unencrypted devices',
    anchor: 'unencrypted-devices',
    text: unencrypted.unavailable
      ? 'not known from this collection.'
      : `${formatCount(unencrypted.table.total)} of ${plural(
          unencrypted.activeDevices,
          'active device',
        )} ${
          unencrypted.table.total === 1 ? 'has' : 'have'
        } no full-disk encryption.`,
  });

  const sudo = data.passwordlessSudo;
  items.push({
    label: 'Passwordless sudo',
    anchor: 'passwordless-sudo',
    text: sudo.unavailable
      ? 'not known from this collection.'
      : sudo.users === 0
      ? 'no user can become root on a device without a password.'
      : `${plural(
          sudo.users,
          'user',
        )} can become root without a password on ${plural(
          sudo.devices,
          'device',
        )} (${plural(sudo.table.total, 'user–device pair')}).`,
  });

  const flagged = data.flaggedUserDevices;
  items.push({
    label: 'Devices of suspended or locked users',
    anchor: 'device-offboarding',
    text: flagged.unavailable
      ? 'not known from this collection.'
      : flagged.devices === 0
      ? 'no device is bound to a suspended or locked user.'
      : `${plural(flagged.devices, 'device')} still bound to ${plural(
          flagged.users,
          'suspended or locked user',
        )} (${formatCount(flagged.suspendedUsers)} of them suspended)${
          flagged.sudoUsers === 0
            ? ', none with sudo'
            : `; ${plural(flagged.sudoUsers, 'has', 'have')} sudo on ${plural(
                flagged.sudoDevices,
                'device',
              )}, ${formatCount(
                flagged.passwordlessDevices,
              )} of them without a password`
        }.`,
  });

  const shadow = data.shadowIt;
  items.push({
    label: 'Shadow IT',
    anchor: 'shadow-it',
    text: shadow.unavailable
      ? 'not known from this collection.'
      : shadow.table.total === 0
      ? `every one of the ${plural(
          shadow.discovered,
          'discovered application',
        )} has an SSO application in JumpCloud.`
      : `${formatCount(shadow.table.total)} of ${plural(
          shadow.discovered,
          'discovered application',
        )} ${
          shadow.table.total === 1 ? 'has' : 'have'
        } no SSO application in JumpCloud, with ${plural(
          shadow.accounts,
          'account',
        )} (${formatCount(shadow.activeAccounts)} used in the last 30 days).`,
  });

  const orphaned = data.orphanedAccounts;
  items.push({
    label: 'Orphaned accounts',
    anchor: 'orphaned-accounts',
    text: orphaned.unavailable
      ? 'not known from this collection.'
      : orphaned.table.total === 0
      ? 'every account in a discovered application belongs to a JumpCloud user.'
      : `${plural(orphaned.table.total, 'account')} in ${plural(
          orphaned.applications,
          'discovered application',
        )} ${
          orphaned.table.total === 1 ? 'belongs' : 'belong'
        } to no JumpCloud user (${formatCount(
          orphaned.active,
        )} used in the last 30 days).`,
  });

  items.push({
    label: 'Applications known only from sign-ins',
    anchor: 'observed',
    text: data.observedOnly.unavailable
      ? 'not known (applications or sign-ins were not collected completely).'
      : `${plural(data.observedOnly.total, 'application')} ${
          data.observedOnly.total === 1 ? 'has' : 'have'
        } sign-ins in ${window} but ${
          data.observedOnly.total === 1 ? 'is' : 'are'
        } not configured in JumpCloud.`,
  });
  return items;
}

/** The licenses' sentence of the true-up headline. */
function licenseHeadline(licenses: ReportData['trueUp']['licenses']): string {
  if (licenses.unavailable) return 'SaaS licenses not known.';
  if (licenses.applications === 0)
    return 'No discovered application has a license count in SaaS Management.';
  return `${formatCount(licenses.unusedLicenses)} of ${plural(
    licenses.licenses,
    'paid license',
  )} unused in ${plural(licenses.applications, 'discovered application')}${
    licenses.unusedCost.length > 0
      ? ` (${costText(licenses.unusedCost)} a month${
          licenses.unpriced > 0
            ? `; ${formatCount(licenses.unpriced)} not priced`
            : ''
        })`
      : licenses.unpriced > 0
      ? ' (not priced)'
      : ''
  }.`;
}

function phishableHeadline(phishable: ReportData['phishable']): string {
  const parts: string[] = [];
  if (phishable.sudo)
    parts.push(
      `${formatCount(phishable.sudo.lacking)} of ${plural(
        phishable.sudo.users,
        'user',
      )} with sudo on a device`,
    );
  if (phishable.admins)
    parts.push(
      `${formatCount(phishable.admins.lacking)} of ${plural(
        phishable.admins.active,
        'active administrator',
      )}`,
    );
  const one =
    parts.length === 1 && (phishable.sudo ?? phishable.admins)!.lacking === 1;
  const unknown = phishable.admins?.unknown ?? 0;
  return `${parts.join(' and ')} ${
    one ? 'has' : 'have'
  } no phishing-resistant factor (a WebAuthn key)${
    unknown > 0
      ? `; ${plural(
          unknown,
          'administrator is',
          'administrators are',
        )} linked to no user, so not known`
      : ''
  }${
    phishable.sudo
      ? phishable.admins
        ? ''
        : '; administrators not known'
      : '; users with sudo not known'
  }.`;
}

export function renderReport(data: ReportData): string {
  const title = `JumpCloud graph report${
    data.accounts.length ? ` – ${data.accounts.join(', ')}` : ''
  }`;
  const window = windowText(data);
  const headline = headlineItems(data)
    .map(
      (item) =>
        `<li>${
          item.label
            ? `${
                item.anchor
                  ? `<a href="#${item.anchor}">${escapeHtml(item.label)}</a>`
                  : escapeHtml(item.label)
              }: `
            : ''
        }${escapeHtml(item.text)}</li>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${
  data.incomplete
    ? `<div class="banner" id="incomplete" role="alert">${escapeHtml(
        data.incomplete,
      )}</div>`
    : ''
}
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Report written ${escapeHtml(
    formatTime(data.generatedAt),
  )}. Sign-ins cover ${escapeHtml(window)}.</p>
<ul id="headline" class="headline">${headline}</ul>
<nav><a href="#offboarding">Offboarding</a><a href="#true-up">License true-up</a><a href="#mfa">MFA</a><a href="#admins">Administrators</a><a href="#phishing-resistant">Phishing-resistant MFA</a><a href="#application-policies">MFA policies</a><a href="#unencrypted-devices">Unencrypted devices</a><a href="#passwordless-sudo">Passwordless sudo</a><a href="#device-offboarding">Devices of suspended users</a><a href="#shadow-it">Shadow IT</a><a href="#orphaned-accounts">Orphaned accounts</a><a href="#observed">Known only from sign-ins</a><a href="#counts">Counts</a><a href="#picture">Types</a></nav>
</header>
<main>
${offboardingSection(data)}
${trueUpSection(data)}
${mfaSection(data)}
${phishableSection(data)}
${applicationPoliciesSection(data)}
${unencryptedDevicesSection(data)}
${passwordlessSudoSection(data)}
${deviceOffboardingSection(data)}
${shadowItSection(data)}
${orphanedAccountsSection(data)}
${observedSection(data)}
${countsSection(data)}
${pictureSection(data)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function offboardingSection(data: ReportData): string {
  const finding = data.offboarding;
  const window = escapeHtml(windowText(data));
  const latest = finding.table.rows[0]?.lastSsoOn;
  return findingSection({
    id: 'offboarding',
    heading: 'Offboarding gap: suspended or locked users who still signed in',
    finding,
    rollup: () =>
      `<strong>${plural(
        finding.users,
        'suspended or locked user',
      )}</strong> still signed in to ${plural(
        finding.applications,
        'application',
      )} in ${window}: ${plural(
        finding.table.total,
        'user–application pair',
      )} and ${plural(finding.ssoEvents, 'sign-in')}${
        latest ? `, the latest on ${timeHtml(latest)}` : ''
      }. Each user first (latest sign-in first), then every pair.`,
    intro: `<p>Users that are suspended or locked in JumpCloud now, with a successful SSO sign-in to an application in ${window}. Check whether their sessions and application accounts were closed.</p>`,
    parts: () =>
      `<h3>Per user</h3>${previewTable(
        'offboarding-users',
        'users',
        [
          'User',
          'Login',
          'State',
          number('Applications'),
          'Signed in to',
          number('Sign-ins in window'),
          'Last sign-in',
        ],
        finding.byUser.rows.map((row) =>
          tr({ user: row.user.key }, [
            userCell(row.user),
            escapeHtml(row.user.login ?? ''),
            escapeHtml(row.user.state),
            numberCell(row.applications),
            escapeHtml(row.applicationNames.join(', ')) +
              andMore(row.applications, row.applicationNames.length),
            numberCell(row.ssoEventCount),
            timeCell(row.lastSsoOn),
          ]),
        ),
        finding.byUser,
      )}`,
    whenEmpty: 'No suspended or locked user signed in.',
    detail: {
      heading: 'Every user–application pair',
      what: 'user–application pairs',
      columns: [
        'User',
        'Login',
        'State',
        'Application',
        'Last sign-in',
        number('Sign-ins in window'),
      ],
      row: (row) =>
        tr({ user: row.user.key, application: row.application.key }, [
          userCell(row.user),
          escapeHtml(row.user.login ?? ''),
          escapeHtml(row.user.state),
          applicationCell(row.application),
          timeCell(row.lastSsoOn),
          numberCell(row.ssoEventCount),
        ]),
    },
  });
}

function trueUpSection(data: ReportData): string {
  const finding = data.trueUp;
  const { licenses } = finding;
  const window = escapeHtml(windowText(data));
  const seatsKnown = !finding.unavailable;
  const seatApps = finding.byApplication;
  const most = mostUnusedSeats(finding.applications.rows).map(
    (row) => `${escapeHtml(rowName(row))} (${formatCount(row.seats!.unused)})`,
  );
  const topUser = finding.byUser.rows[0];
  const rows = finding.applications.rows;
  const charted = seatsKnown
    ? rows.filter((row) => row.seats).slice(0, CHART_APPLICATIONS)
    : [];
  const licensesKnown = !licenses.unavailable;
  const seatSentence = !seatsKnown
    ? ''
    : finding.table.total === 0
    ? `Every one of the ${plural(
        finding.assignedSeats,
        'assigned seat',
      )} had a sign-in in ${window}.`
    : `<strong>${formatCount(finding.table.total)} of ${formatCount(
        finding.assignedSeats,
      )} assigned seats</strong> (${percent(
        finding.table.total,
        finding.assignedSeats,
      )}) had no sign-in in ${window}, in ${
        finding.applicationsWithUnused === seatApps.total
          ? seatApps.total === 1
            ? 'the one application'
            : `all ${formatCount(seatApps.total)} applications`
          : `${formatCount(finding.applicationsWithUnused)} of the ${plural(
              seatApps.total,
              'application',
            )}`
      } with assigned seats${
        most.length ? `; most in ${most.join(' and ')}` : ''
      }.${
        topUser
          ? ` ${plural(
              finding.byUser.total,
              'user holds',
              'users hold',
            )} unused seats; ${userCell(topUser.user)} holds the most (${
              topUser.unused
            } of ${topUser.assigned} assigned).`
          : ''
      }`;
  const mostLicenses = rows
    .filter((row) => (row.licenses?.unusedLicenses ?? 0) > 0)
    .sort((a, b) => b.licenses!.unusedLicenses - a.licenses!.unusedLicenses)
    .slice(0, 2)
    .map(
      (row) =>
        `${escapeHtml(row.application.name)} (${formatCount(
          row.licenses!.unusedLicenses,
        )})`,
    );
  const licenseSentence =
    !licensesKnown || licenses.applications === 0
      ? ''
      : `In SaaS Management, <strong>${formatCount(
          licenses.unusedLicenses,
        )} of ${plural(licenses.licenses, 'paid license')}</strong> in ${plural(
          licenses.applications,
          'discovered application',
        )} went unused in the last 30 days${
          licenses.unusedCost.length > 0
            ? `, ${escapeHtml(costText(licenses.unusedCost))} a month`
            : ''
        }${
          licenses.unpriced > 0
            ? ` (${plural(
                licenses.unpriced,
                'application has',
                'applications have',
              )} no price)`
            : ''
        }${
          mostLicenses.length ? `; most in ${mostLicenses.join(' and ')}` : ''
        }.`;
  const caveats = caveatsHtml([
    ...finding.caveats,
    ...(licenses.unavailable
      ? [`SaaS licenses are not counted: ${lowerFirst(licenses.unavailable)}`]
      : licenses.caveats),
  ]);
  const intro = `<p>Seats: users assigned an SSO application in JumpCloud, directly or through a user group, who did not sign in to it in ${window}. Licenses: what SaaS Management knows of the contract of a discovered application, the licenses bought minus its accounts used in the last 30 days. Both are candidates for reclaiming; a discovered application that is an SSO application (the same name) shares its row.</p>`;
  const rollup =
    seatSentence || licenseSentence
      ? `<p class="rollup" id="true-up-rollup">${[seatSentence, licenseSentence]
          .filter(Boolean)
          .join(' ')}</p>`
      : '';
  const unavailable = finding.unavailable
    ? `<p class="warning unavailable">${escapeHtml(finding.unavailable)}</p>`
    : '';
  const perApplication =
    rows.length === 0
      ? ''
      : `<h3>Per application</h3>
<p class="note">${
          charted.length === 0
            ? 'Unused seats and licenses per application, most first.'
            : rows.filter((row) => row.seats).length > charted.length
            ? `The chart: the ${charted.length} applications with the most unused seats; the table has them all, with the licenses.`
            : 'The chart: assigned seats against seats used in the window; the table adds the licenses.'
        }</p>
${seatChartSvg(
  charted.map((row) => ({
    ...row.seats!,
    application: { ...row.application, name: rowName(row) },
  })),
  'true-up-chart',
)}
${previewTable(
  'true-up-seats',
  'applications',
  [
    'Application',
    number('Assigned seats'),
    number('Used in window'),
    number('Unused'),
    'How the seats are assigned',
    number('Licenses'),
    number('Accounts used (30 days)'),
    number('Unused licenses'),
    number('Unused per month'),
  ],
  rows.map((row) => {
    const seats = seatsKnown ? row.seats : undefined;
    const paid = row.licenses;
    return tr(
      {
        application: row.application.key,
        ...(seats
          ? {
              assigned: String(seats.assigned),
              used: String(seats.signedIn),
              unused: String(seats.unused),
              direct: String(seats.direct),
              'through-groups': String(seats.throughGroups),
              both: String(seats.both),
            }
          : {}),
        ...(paid
          ? {
              saas: paid.saasApplications.map((a) => a.key).join(' '),
              licenses: String(paid.licenses),
              'unused-licenses': String(paid.unusedLicenses),
              'unused-cost':
                paid.unusedLicenseCost === undefined
                  ? ''
                  : String(paid.unusedLicenseCost),
              currency: paid.currency ?? '',
            }
          : {}),
      },
      [
        trueUpApplicationCell(row),
        numberCell(seats?.assigned),
        numberCell(seats?.signedIn),
        numberCell(seats?.unused),
        seats ? escapeHtml(howAssigned(seats)) : '',
        numberCell(paid?.licenses),
        numberCell(paid?.activeAccounts),
        numberCell(paid?.unusedLicenses),
        {
          html: !paid?.unusedLicenses
            ? ''
            : paid.unusedLicenseCost === undefined
            ? '<span class="note">no price</span>'
            : escapeHtml(moneyText(paid.unusedLicenseCost, paid.currency)),
          className: 'num',
        },
      ],
    );
  }),
  finding.applications,
)}`;
  const seatParts =
    !seatsKnown || finding.table.total === 0
      ? ''
      : `<h3>Users with the most unused seats</h3>
${previewTable(
  'true-up-users',
  'users with unused seats',
  [
    'User',
    'Login',
    'State',
    number('Unused seats'),
    number('Assigned seats'),
    'Applications not used',
  ],
  finding.byUser.rows.map((row) =>
    tr({ user: row.user.key }, [
      userCell(row.user),
      escapeHtml(row.user.login ?? ''),
      escapeHtml(row.user.state),
      numberCell(row.unused),
      numberCell(row.assigned),
      row.applications.map(applicationCell).join(', ') +
        andMore(row.unused, row.applications.length),
    ]),
  ),
  finding.byUser,
)}<h3>Every unused seat</h3>${detailTable(
          'true-up-table',
          'unused seats',
          [
            'User',
            'Login',
            'State',
            'Application',
            'How assigned',
            'Last sign-in',
          ],
          finding.table.rows.map((row) =>
            tr({ user: row.user.key, application: row.application.key }, [
              userCell(row.user),
              escapeHtml(row.user.login ?? ''),
              escapeHtml(row.user.state),
              applicationCell(row.application),
              escapeHtml(row.how),
              'never in window',
            ]),
          ),
          finding.table,
        )}`;
  return `<section id="true-up" data-total="${
    finding.unavailable ? '' : finding.table.total
  }">
<h2>License true-up: unused seats and licenses</h2>
${unavailable}${rollup}${caveats}${intro}${perApplication}${seatParts}
</section>`;
}

/** The two rows of the true-up with the most unused seats (rows share SSO applications of one name). */
function mostUnusedSeats(rows: TrueUpApplicationRow[]): TrueUpApplicationRow[] {
  return rows
    .filter((row) => (row.seats?.unused ?? 0) > 0)
    .sort((a, b) => b.seats!.unused - a.seats!.unused)
    .slice(0, 2);
}

/** A true-up row's name: its SSO applications' ("A / B"), or the discovered one's. */
function rowName(row: TrueUpApplicationRow): string {
  return row.ssoApplications.length > 0
    ? row.ssoApplications.map((a) => a.name).join(' / ')
    : row.application.name;
}

/** The application of a true-up row: its SSO applications, or the discovered one. */
function trueUpApplicationCell(row: TrueUpApplicationRow): string {
  if (row.ssoApplications.length === 0)
    return `${applicationCell(
      row.application,
    )} <span class="note">(discovered, not in SSO)</span>`;
  return row.ssoApplications.map(applicationCell).join(' / ');
}

/** "12 directly; 30 through 3 groups; 2 both ways". */
function howAssigned(seat: {
  direct: number;
  throughGroups: number;
  both: number;
  groups: number;
}): string {
  const parts: string[] = [];
  if (seat.direct > 0) parts.push(`${formatCount(seat.direct)} directly`);
  if (seat.throughGroups > 0)
    parts.push(
      `${formatCount(seat.throughGroups)} through ${plural(
        seat.groups,
        'group',
      )}`,
    );
  if (seat.both > 0) parts.push(`${formatCount(seat.both)} both ways`);
  return parts.join('; ');
}

function mfaSection(data: ReportData): string {
  const { mfa } = data;
  const stateRows = [...mfa.byState, mfa.total].map((row) =>
    tr({ state: row.state }, [
      row.state === 'activated'
        ? 'activated <span class="note">(the active users)</span>'
        : escapeHtml(row.state),
      numberCell(row.users),
      numberCell(row.withMfa),
      numberCell(row.withoutMfa),
      numberCell(row.excluded),
    ]),
  );
  const gaps = mfa.activeWithoutMfa;
  const locked = mfa.lockedActivated;
  const rollup =
    `<strong>${formatCount(gaps.total)} of ${plural(
      mfa.activeUsers,
      'active user',
    )}</strong> (activated and neither suspended nor locked) ${
      gaps.total === 1 ? 'has' : 'have'
    } no MFA.` +
    (locked.users > 0
      ? ` ${plural(
          locked.users,
          'activated user is',
          'activated users are',
        )} locked (${formatCount(
          locked.withoutMfa,
        )} of them without MFA): not active, so counted apart, in the row “activated, locked”.`
      : '') +
    ` ${plural(mfa.total.excluded, 'user')} of all states ${
      mfa.total.excluded === 1 ? 'is' : 'are'
    } excluded from MFA.`;
  return `<section id="mfa" data-total="${gaps.total}">
<h2>MFA posture</h2>
<p class="rollup" id="mfa-rollup">${rollup}</p>
${caveatsHtml(mfa.caveats)}
<p>A user has MFA when JumpCloud reports a second factor configured or enrolled (TOTP, push or WebAuthn). Exclusions are users an administrator exempted from MFA. Active users are the row “activated”; locked users are counted in rows of their own.</p>
${tableHtml(
  'mfa-by-state',
  [
    'State',
    number('Users'),
    number('With MFA'),
    number('Without MFA'),
    number('Excluded from MFA'),
  ],
  stateRows,
  { rows: stateRows, total: stateRows.length },
)}
<h3>Active users without MFA</h3>
${
  gaps.total === 0
    ? '<p class="empty">Every active user has MFA.</p>'
    : detailTable(
        'mfa-gaps',
        'active users without MFA',
        ['User', 'Login', 'Excluded from MFA', 'Enrollment'],
        gaps.rows.map((row) =>
          tr({ user: row.user.key }, [
            userCell(row.user),
            escapeHtml(row.user.login ?? ''),
            row.excluded
              ? `yes${
                  row.excludedUntil
                    ? ` (until ${timeHtml(row.excludedUntil)})`
                    : ''
                }`
              : 'no',
            escapeHtml(row.enrollment ?? ''),
          ]),
        ),
        gaps,
      )
}
${adminsPart(data)}
</section>`;
}

/** Part of the MFA section: administrators sign in to the console, not as users. */
function adminsPart(data: ReportData): string {
  const { admins } = data;
  const heading = '<h3 id="admins">Administrators</h3>';
  const intro = `<p>Administrators sign in to the JumpCloud console with accounts of their own. One has MFA when a second factor (TOTP) is enrolled; “MFA required” is the setting that asks for one, which alone does not protect the account.</p>`;
  if (admins.unavailable)
    return `${heading}<p class="warning unavailable">${escapeHtml(
      admins.unavailable,
    )}</p>${intro}`;
  const gaps = admins.table;
  const rollup =
    (gaps.total === 0
      ? `Every one of the ${plural(
          admins.active,
          'active administrator',
        )} has MFA enrolled.`
      : `<strong>${formatCount(gaps.total)} of ${plural(
          admins.active,
          'active administrator',
        )}</strong> ${gaps.total === 1 ? 'has' : 'have'} no MFA enrolled${
          admins.mfaRequiredNotEnrolled > 0
            ? `; ${formatCount(admins.mfaRequiredNotEnrolled)} of them ${
                admins.mfaRequiredNotEnrolled === 1 ? 'is' : 'are'
              } asked for MFA (“MFA required”) but not enrolled`
            : ''
        }.`) +
    (admins.suspended > 0
      ? ` ${plural(admins.suspended, 'suspended administrator')} ${
          admins.suspended === 1 ? 'is' : 'are'
        } not counted.`
      : '');
  const counts = [
    tr({ state: 'all' }, [
      numberCell(admins.admins),
      numberCell(admins.active),
      numberCell(admins.suspended),
      numberCell(admins.withMfa),
      numberCell(admins.withoutMfa),
      numberCell(gaps.total),
    ]),
  ];
  return `${heading}<p class="rollup" id="admins-rollup">${rollup}</p>${caveatsHtml(
    admins.caveats,
  )}${intro}${tableHtml(
    'admin-mfa',
    [
      number('Administrators'),
      number('Active'),
      number('Suspended'),
      number('With MFA'),
      number('Without MFA'),
      number('Active without MFA'),
    ],
    counts,
    { rows: counts, total: counts.length },
  )}
<h3>Active administrators without MFA</h3>
${
  gaps.total === 0
    ? '<p class="empty">Every active administrator has MFA.</p>'
    : detailTable(
        'admin-mfa-gaps',
        'active administrators without MFA',
        ['Administrator', 'E-mail', 'Role', 'MFA required'],
        gaps.rows.map((row) =>
          tr({ admin: row.admin.key }, [
            adminCell(row.admin),
            escapeHtml(row.admin.email ?? ''),
            escapeHtml(row.admin.role ?? ''),
            row.mfaRequired ? 'yes, not enrolled' : 'no',
          ]),
        ),
        gaps,
      )
}`;
}

function unencryptedDevicesSection(data: ReportData): string {
  const finding = data.unencryptedDevices;
  const shownOs = finding.byOs.slice(0, 4);
  const otherOs = finding.byOs
    .slice(shownOs.length)
    .reduce((sum, [, n]) => sum + n, 0);
  const how =
    finding.notReported === 0
      ? finding.table.total === 1
        ? 'its encryption is off'
        : 'encryption is off on every one'
      : finding.encryptionOff === 0
      ? finding.table.total === 1
        ? 'it reports no encryption'
        : 'none of them reports its encryption'
      : `${formatCount(
          finding.encryptionOff,
        )} with encryption off and ${formatCount(
          finding.notReported,
        )} that report none`;
  return findingSection({
    id: 'unencrypted-devices',
    heading: 'Unencrypted devices: active devices without full-disk encryption',
    finding,
    rollup: () =>
      `<strong>${formatCount(finding.table.total)} of ${plural(
        finding.activeDevices,
        'active device',
      )}</strong> ${
        finding.table.total === 1 ? 'has' : 'have'
      } no full-disk encryption: ${how}. By operating system: ${shownOs
        .map(([os, n]) => `${escapeHtml(os)} ${formatCount(n)}`)
        .concat(otherOs > 0 ? [`other ${formatCount(otherOs)}`] : [])
        .join(', ')}; ${plural(
        finding.users,
        'user is',
        'users are',
      )} bound to them.`,
    intro: `<p>Devices JumpCloud manages that are active and whose disk encryption is off or not reported (${formatCount(
      finding.activeDevices,
    )} of ${formatCount(
      finding.devices,
    )} devices are active), with the users bound to them directly or through a user group.</p>`,
    whenEmpty: 'Every active device has its disk encrypted.',
    detail: {
      heading: 'Every unencrypted device',
      what: 'unencrypted devices',
      columns: [
        'Device',
        'Hostname',
        'OS',
        'Serial',
        'Disk encryption',
        'Last seen',
        'Users',
      ],
      row: (row) =>
        tr({ device: row.device.key }, [
          deviceCell(row.device),
          escapeHtml(row.device.hostname ?? ''),
          escapeHtml(
            [row.device.os, row.device.osVersion].filter(Boolean).join(' '),
          ),
          escapeHtml(row.device.serial ?? ''),
          row.device.fdeActive === false ? 'off' : 'not reported',
          timeCell(row.device.lastSeenOn),
          row.userCount === 0
            ? '<span class="note">none</span>'
            : row.users.map(userCell).join(', ') +
              andMore(row.userCount, row.users.length),
        ]),
    },
  });
}

function deviceOffboardingSection(data: ReportData): string {
  const finding = data.flaggedUserDevices;
  const sudoKnown = !data.passwordlessSudo.unavailable;
  return findingSection({
    id: 'device-offboarding',
    heading: 'Devices of suspended or locked users, with sudo marked',
    finding,
    rollup: () =>
      `<strong>${plural(finding.devices, 'device')}</strong> (${formatCount(
        finding.activeDevices,
      )} of them active) ${
        finding.devices === 1 ? 'is' : 'are'
      } still bound to ${plural(
        finding.users,
        'suspended or locked user',
      )}, ${formatCount(finding.suspendedUsers)} of them suspended.${
        !sudoKnown
          ? ''
          : finding.sudoUsers === 0
          ? ' None of them has sudo on these devices.'
          : ` <strong>${plural(
              finding.sudoUsers,
              'of them has',
              'of them have',
            )} sudo</strong> on ${plural(
              finding.sudoDevices,
              'device',
            )}, ${formatCount(
              finding.passwordlessDevices,
            )} of them without a password.`
      } Each user first (most sudo first), then every binding.`,
    intro:
      '<p>Devices still bound to users who are suspended or locked in JumpCloud now, directly or through user groups and device groups: JumpCloud keeps the binding, so reactivating the user (or unlocking) gives the access back, as root where sudo is marked. Collect the device, or remove the binding.</p>',
    parts: () =>
      `<h3>Per user</h3>${previewTable(
        'device-offboarding-users',
        'users',
        [
          'User',
          'Login',
          'State',
          number('Devices'),
          number('Active devices'),
          number('With sudo'),
          number('Sudo without password'),
        ],
        finding.byUser.rows.map((row) =>
          tr({ user: row.user.key }, [
            userCell(row.user),
            escapeHtml(row.user.login ?? ''),
            escapeHtml(row.user.state),
            numberCell(row.devices),
            numberCell(row.activeDevices),
            numberCell(sudoKnown ? row.sudoDevices : undefined),
            numberCell(sudoKnown ? row.passwordlessDevices : undefined),
          ]),
        ),
        finding.byUser,
      )}`,
    whenEmpty: 'No device is bound to a suspended or locked user.',
    detail: {
      heading: 'Every binding',
      what: 'user–device bindings',
      columns: [
        'User',
        'User state',
        'Device',
        'Device active',
        'Sudo',
        'How bound',
        'Last seen',
      ],
      row: (row) =>
        tr(
          {
            user: row.user.key,
            device: row.device.key,
            sudo: sudoText(row.access),
          },
          [
            userCell(row.user),
            escapeHtml(row.user.state),
            deviceCell(row.device),
            row.device.active ? 'yes' : 'no',
            escapeHtml(sudoText(row.access)),
            escapeHtml(howBound(row.access)),
            timeCell(row.device.lastSeenOn),
          ],
        ),
    },
  });
}

function passwordlessSudoSection(data: ReportData): string {
  const finding = data.passwordlessSudo;
  const top = finding.byUser.rows[0];
  return findingSection({
    id: 'passwordless-sudo',
    heading: 'Passwordless sudo: who can become root without a password',
    finding,
    rollup: () =>
      `<strong>${plural(
        finding.users,
        'user',
      )}</strong> can become root without a password on ${plural(
        finding.devices,
        'device',
      )} (${formatCount(finding.activeDevices)} of them active): ${plural(
        finding.table.total,
        'user–device pair',
      )}${
        top
          ? `; ${userCell(top.user)} on the most (${plural(
              top.devices,
              'device',
            )})`
          : ''
      }.${
        finding.flaggedUsers > 0
          ? ` ${plural(
              finding.flaggedUsers,
              'of them is',
              'of them are',
            )} suspended or locked.`
          : ''
      } ${plural(
        finding.sudoUsers,
        'user has',
        'users have',
      )} sudo on some device, with or without a password.`,
    intro:
      '<p>Users whose access to a device, through every path JumpCloud compiles (a direct binding, user groups, device groups), grants sudo without a password: anyone who gets hold of their session is root on the device. Grant sudo with a password, or on fewer devices.</p>',
    parts: () =>
      `<h3>Per user</h3>${previewTable(
        'passwordless-sudo-users',
        'users',
        [
          'User',
          'Login',
          'State',
          number('Devices'),
          number('Active devices'),
          number('Bound directly'),
          'Devices (latest seen first)',
        ],
        finding.byUser.rows.map((row) =>
          tr({ user: row.user.key }, [
            userCell(row.user),
            escapeHtml(row.user.login ?? ''),
            escapeHtml(row.user.state),
            numberCell(row.devices),
            numberCell(row.activeDevices),
            numberCell(row.direct),
            row.deviceNames.map(deviceCell).join(', ') +
              andMore(row.devices, row.deviceNames.length),
          ]),
        ),
        finding.byUser,
      )}`,
    whenEmpty: 'No user can become root on a device without a password.',
    detail: {
      heading: 'Every user–device pair',
      what: 'user–device pairs',
      columns: [
        'User',
        'State',
        'Device',
        'Device active',
        'How bound',
        'Last seen',
      ],
      row: (row) =>
        tr({ user: row.user.key, device: row.device.key }, [
          userCell(row.user),
          escapeHtml(row.user.state),
          deviceCell(row.device),
          row.device.active ? 'yes' : 'no',
          escapeHtml(howBound(row.access)),
          timeCell(row.device.lastSeenOn),
        ]),
    },
  });
}

function phishableSection(data: ReportData): string {
  const finding = data.phishable;
  const lackingPeople = finding.table.rows.filter(
    (r) => r.phishingResistant === 'lacking',
  ).length;
  const parts: string[] = [];
  if (finding.sudo)
    parts.push(
      `<strong>${formatCount(finding.sudo.lacking)} of ${plural(
        finding.sudo.users,
        'user',
      )} with sudo on a device</strong>`,
    );
  if (finding.admins)
    parts.push(
      `<strong>${formatCount(finding.admins.lacking)} of ${plural(
        finding.admins.active,
        'active administrator',
      )}</strong> (through the user each one is)`,
    );
  const unknown = finding.admins?.unknown ?? 0;
  return findingSection({
    id: 'phishing-resistant',
    heading: 'Root and console access without phishing-resistant MFA',
    finding,
    rollup: () =>
      `${parts.join(' and ')} ${
        parts.length === 1 && (finding.sudo ?? finding.admins)!.lacking === 1
          ? 'has'
          : 'have'
      } no phishing-resistant factor (a WebAuthn key)${
        lackingPeople > 0
          ? `: of these ${plural(
              lackingPeople,
              'person',
              'people',
            )}, ${formatCount(finding.phishableMfa)} ${
              finding.phishableMfa === 1 ? 'has' : 'have'
            } a factor that can be phished (TOTP or push) and ${formatCount(
              finding.noMfa,
            )} none`
          : ''
      }.${
        unknown > 0
          ? ` ${plural(
              unknown,
              'active administrator is',
              'active administrators are',
            )} linked to no user, so whether ${
              unknown === 1 ? 'it has' : 'they have'
            } one is not known.`
          : ''
      }`,
    intro:
      '<p>A phishing-resistant factor is a WebAuthn key (a FIDO2 security key or a platform authenticator) enrolled in JumpCloud; one-time codes (TOTP) and push approvals can be phished. Users with sudo on a device can become root on it (suspended users are left out: they are in “Devices of suspended or locked users”); administrators run the JumpCloud console and count through the JumpCloud user with their e-mail. An administrator with no such user is listed as not known, not as lacking.</p>',
    parts: () => {
      const counts = [
        ...(finding.sudo
          ? [
              tr({ kind: 'sudo' }, [
                'Users with sudo on a device',
                numberCell(finding.sudo.users),
                numberCell(finding.sudo.users - finding.sudo.lacking),
                numberCell(finding.sudo.phishableMfa),
                numberCell(finding.sudo.noMfa),
                numberCell(0),
              ]),
            ]
          : []),
        ...(finding.admins
          ? [
              tr({ kind: 'admins' }, [
                'Active administrators',
                numberCell(finding.admins.active),
                numberCell(
                  finding.admins.active -
                    finding.admins.lacking -
                    finding.admins.unknown,
                ),
                numberCell(finding.admins.phishableMfa),
                numberCell(finding.admins.noMfa),
                numberCell(finding.admins.unknown),
              ]),
            ]
          : []),
      ];
      return `<h3>By kind of access</h3>${tableHtml(
        'phishing-resistant-counts',
        [
          'Access',
          number('People'),
          number('Phishing-resistant'),
          number('Only TOTP or push'),
          number('No MFA'),
          number('Not known'),
        ],
        counts,
        { rows: counts, total: counts.length },
      )}`;
    },
    whenEmpty:
      unknown > 0
        ? 'Everyone with sudo or console access whose factors are known has a phishing-resistant factor.'
        : 'Everyone with sudo or console access has a phishing-resistant factor.',
    detail: {
      heading: 'Every such person',
      what: 'people',
      columns: [
        'Person',
        'Login',
        'Access',
        'TOTP',
        'Push',
        'WebAuthn',
        'Phishing-resistant',
      ],
      row: (row) =>
        tr(
          {
            ...(row.user ? { user: row.user.key } : {}),
            ...(row.admins.length
              ? { admin: row.admins.map((a) => a.key).join(' ') }
              : {}),
            'phishing-resistant': row.phishingResistant,
          },
          [
            row.user ? userCell(row.user) : adminCell(row.admins[0]),
            escapeHtml(row.user?.login ?? row.admins[0]?.email ?? ''),
            escapeHtml(privilegeText(row)),
            factorHtml(row.factors.totp),
            factorHtml(row.factors.push),
            factorHtml(row.factors.webAuthn),
            row.phishingResistant === 'lacking'
              ? 'no'
              : '<span class="note">not known: no user</span>',
          ],
        ),
    },
  });
}

/** "administrator (Read Only); sudo on 3 devices, 2 without a password". */
function privilegeText(row: {
  admins: AdminRef[];
  sudoDevices?: number;
  passwordlessDevices?: number;
}): string {
  const parts: string[] = [];
  if (row.admins.length > 0)
    parts.push(
      `administrator (${row.admins
        .map((a) => a.role ?? 'role not reported')
        .join(', ')})`,
    );
  if (row.sudoDevices)
    parts.push(
      `sudo on ${plural(row.sudoDevices, 'device')}${
        row.passwordlessDevices
          ? `, ${formatCount(row.passwordlessDevices)} without a password`
          : ''
      }`,
    );
  return parts.join('; ');
}

/** A factor status in words: "enrolled", "not enrolled", "pending activation". */
function factorHtml(status: string | undefined): string {
  if (!status) return '<span class="note">not reported</span>';
  return escapeHtml(status.toLowerCase().replace(/_/g, ' '));
}

function applicationPoliciesSection(data: ReportData): string {
  const finding = data.applicationPolicies;
  const window = escapeHtml(windowText(data));
  return findingSection({
    id: 'application-policies',
    heading: 'Applications no enforcing MFA policy covers',
    finding,
    rollup: () =>
      `<strong>${formatCount(finding.table.total)} of ${plural(
        finding.configured,
        'configured application',
      )}</strong> ${
        finding.table.total === 1 ? 'is' : 'are'
      } covered by no enforcing authentication policy that requires MFA${
        finding.assignedSeats !== undefined
          ? `: ${plural(
              finding.assignedSeats,
              'seat is',
              'seats are',
            )} assigned in ${finding.table.total === 1 ? 'it' : 'them'}`
          : ''
      }.${
        finding.unknown > 0
          ? ` For ${plural(
              finding.unknown,
              'more configured application',
            )} it is not known.`
          : ''
      } ${plural(
        finding.policies,
        'authentication policy',
        'authentication policies',
      )} ${finding.policies === 1 ? 'was' : 'were'} collected, ${formatCount(
        finding.enforcingMfaPolicies,
      )} of them enforcing with MFA.`,
    intro: `<p>A configured SSO application is covered when an authentication policy that is enabled, not in monitor mode and allows sign-in only with MFA targets it (by name, or all applications without excluding it). Such a policy may still apply to some user groups only. Users who signed in are those of ${window}.</p>`,
    whenEmpty:
      'Every configured application is covered by an enforcing policy that requires MFA.',
    detail: {
      heading: 'Every such application',
      what: 'applications',
      columns: [
        'Application',
        number('Assigned seats'),
        number('Users who signed in'),
        'Last sign-in',
      ],
      row: (row) =>
        tr({ application: row.application.key }, [
          applicationCell(row.application),
          numberCell(row.assignedSeats),
          numberCell(row.ssoUserCount),
          timeCell(row.lastSsoOn),
        ]),
    },
  });
}

function shadowItSection(data: ReportData): string {
  const finding = data.shadowIt;
  const top = finding.table.rows[0];
  return findingSection({
    id: 'shadow-it',
    heading: 'Shadow IT: discovered applications with no SSO application',
    finding,
    rollup: () =>
      `<strong>${formatCount(finding.table.total)} of ${plural(
        finding.discovered,
        'discovered application',
      )}</strong> ${
        finding.table.total === 1 ? 'has' : 'have'
      } no SSO application of ${
        finding.table.total === 1 ? 'its' : 'their'
      } name in JumpCloud, with ${plural(
        finding.accounts,
        'account',
      )}, ${formatCount(
        finding.activeAccounts,
      )} of them used in the last 30 days${
        top && (top.activeAccounts ?? 0) > 0
          ? `; the most used is ${applicationCell(top.application)} (${plural(
              top.activeAccounts!,
              'account',
            )} used)`
          : ''
      }. Review status: ${finding.byStatus
        .map(
          ([status, n]) =>
            `${escapeHtml(statusText(status))} ${formatCount(n)}`,
        )
        .join(', ')}.`,
    intro:
      '<p>SaaS Management discovers the applications people use (through the browser extension, connectors, devices or SSO). A discovered application is shadow IT here when no configured SSO application has its name: people use it without JumpCloud’s sign-in, so suspending them in JumpCloud does not end their access.</p>',
    whenEmpty: 'Every discovered application has an SSO application.',
    detail: {
      heading: 'Every shadow-IT application',
      what: 'shadow-IT applications',
      columns: [
        'Application',
        'Review status',
        'Discovered',
        number('Accounts'),
        number('Used (30 days)'),
        'Last used',
      ],
      row: (row) =>
        tr({ application: row.application.key }, [
          applicationCell(row.application),
          escapeHtml(statusText(row.status ?? 'not reported')),
          timeCell(row.discoveredOn),
          numberCell(row.accounts),
          numberCell(row.activeAccounts),
          timeCell(row.lastUsedOn),
        ]),
    },
  });
}

function orphanedAccountsSection(data: ReportData): string {
  const finding = data.orphanedAccounts;
  const top = finding.byApplication.rows[0];
  return findingSection({
    id: 'orphaned-accounts',
    heading: 'Orphaned accounts in discovered applications',
    finding,
    rollup: () =>
      `<strong>${plural(finding.table.total, 'account')}</strong> in ${plural(
        finding.applications,
        'discovered application',
      )} ${
        finding.table.total === 1 ? 'belongs' : 'belong'
      } to no JumpCloud user, ${formatCount(
        finding.active,
      )} of them used in the last 30 days${
        top?.application
          ? `; most in ${applicationCell(top.application)} (${formatCount(
              top.accounts,
            )})`
          : ''
      }. ${plural(
        finding.saasAccounts,
        'account is',
        'accounts are',
      )} known to SaaS Management in all.`,
    intro:
      '<p>Accounts SaaS Management found in discovered applications that JumpCloud ties to no user, or to a user deleted since: nobody leaving the company closes them. Close them, or give them an owner.</p>',
    parts: () =>
      `<h3>Per application</h3>${previewTable(
        'orphaned-accounts-by-application',
        'applications',
        [
          'Application',
          number('Orphaned accounts'),
          number('Active (30 days)'),
          number('Inactive (90 days)'),
          number('Unused'),
          'Last used',
        ],
        finding.byApplication.rows.map((row) =>
          tr({ application: row.application?.key ?? '' }, [
            row.application
              ? applicationCell(row.application)
              : '<span class="note">not known</span>',
            numberCell(row.accounts),
            numberCell(row.active),
            numberCell(row.inactive),
            numberCell(row.unused),
            timeCell(row.lastUsedOn),
          ]),
        ),
        finding.byApplication,
      )}`,
    whenEmpty: 'Every account in a discovered application belongs to a user.',
    detail: {
      heading: 'Every orphaned account',
      what: 'orphaned accounts',
      columns: [
        'Account',
        'Username',
        'Application',
        'Status',
        'Last used',
        'User id (not collected)',
      ],
      row: (row) =>
        tr(
          {
            account: row.account.key,
            application: row.application?.key ?? '',
            status: row.status ?? '',
          },
          [
            escapeHtml(row.account.name),
            escapeHtml(
              row.account.username !== row.account.name
                ? row.account.username ?? ''
                : '',
            ),
            row.application
              ? applicationCell(row.application)
              : '<span class="note">not known</span>',
            escapeHtml(row.status ?? ''),
            timeCell(row.lastUsedOn),
            row.account.userId
              ? `<code>${escapeHtml(row.account.userId)}</code>`
              : '<span class="note">none named</span>',
          ],
        ),
    },
  });
}

/** sudo as a word: "without password", "with password", "no". */
function sudoText(access: DeviceAccess): string {
  if (access.sudo === undefined) return 'not recorded';
  return access.sudoWithoutPassword
    ? 'without password'
    : access.sudo
    ? 'with password'
    : 'no';
}

/** "directly", "directly and 2 more paths", "through 3 group paths". */
function howBound(access: DeviceAccess): string {
  const paths = access.pathCount;
  if (access.direct === undefined) return '';
  if (access.direct)
    return paths && paths > 1
      ? `directly and ${plural(paths - 1, 'group path')}`
      : 'directly';
  return paths ? `through ${plural(paths, 'group path')}` : 'through groups';
}

/** newly_discovered → "newly discovered". */
function statusText(status: string): string {
  return status.replace(/_/g, ' ');
}

function observedSection(data: ReportData): string {
  const table = data.observedOnly;
  const top = table.rows[0];
  return findingSection({
    id: 'observed',
    heading: 'Applications known only from sign-ins',
    finding: {
      unavailable: table.unavailable,
      caveats: table.caveats,
      table,
    },
    rollup: () =>
      `<strong>${plural(
        table.total,
        'application',
      )}</strong> not configured in JumpCloud had sign-ins in ${escapeHtml(
        windowText(data),
      )}${
        top?.ssoUserCount !== undefined
          ? `; most users signed in to ${applicationCell(
              top.application,
            )}: ${plural(top.ssoUserCount, 'user')}${
              top.ssoEventCount !== undefined
                ? `, ${plural(top.ssoEventCount, 'sign-in')}`
                : ''
            }`
          : ''
      }.`,
    intro:
      '<p>Applications users signed in to through JumpCloud that are not configured in the organization (any more): a removed or renamed connector, or one to review.</p>',
    whenEmpty: 'None: every application signed in to is configured.',
    detail: {
      heading: 'Every such application',
      what: 'applications known only from sign-ins',
      columns: [
        'Application',
        number('Users who signed in'),
        number('Sign-ins'),
        'Last sign-in',
      ],
      row: (row) =>
        tr({ application: row.application.key }, [
          applicationCell(row.application),
          numberCell(row.ssoUserCount),
          numberCell(row.ssoEventCount),
          timeCell(row.lastSsoOn),
        ]),
    },
  });
}

function countsSection(data: ReportData): string {
  const rows = (counts: [string, number][]) =>
    counts.map(([type, count]) =>
      tr({ type }, [`<code>${escapeHtml(type)}</code>`, numberCell(count)]),
    );
  const entities = rows(data.entityCounts);
  const relationships = rows(data.relationshipCounts);
  const sum = (counts: [string, number][]) =>
    counts.reduce((n, [, count]) => n + count, 0);
  return `<section id="counts">
<h2>What was collected</h2>
<p class="rollup" id="counts-rollup">${plural(
    sum(data.entityCounts),
    'entity',
    'entities',
  )} of ${plural(data.entityCounts.length, 'type')} and ${plural(
    sum(data.relationshipCounts),
    'relationship',
  )} of ${plural(data.relationshipCounts.length, 'type')}; ${plural(
    data.emptyGroups,
    'user group',
  )} without members.</p>
<div class="columns"><div>${previewTable(
    'entity-counts',
    'entity types',
    ['Entity type', number('Count')],
    entities,
    { rows: entities, total: entities.length },
  )}</div><div>${previewTable(
    'relationship-counts',
    'relationship types',
    ['Relationship type', number('Count')],
    relationships,
    { rows: relationships, total: relationships.length },
  )}</div></div>
</section>`;
}

function pictureSection(data: ReportData): string {
  const types = data.typeGraph.nodes.map((n) => n.type);
  const classes = data.typeGraph.edges.map((e) => e.relationshipClass);
  return `<section id="picture">
<h2>Types and relationships</h2>
<p>Each circle is an entity type with how many were collected; each arrow a relationship class from one type to another, with how many. Dashed circles are types other integrations own, which relationships point at.</p>
${legendHtml(
  types,
  classes,
  new Set(data.typeGraph.nodes.filter((n) => n.mapped).map((n) => n.type)),
)}
${typeGraphSvg(data.typeGraph.nodes, data.typeGraph.edges)}
</section>`;
}

interface Detail<Row> {
  heading: string;
  /** What the rows are, for "Show all N …". */
  what: string;
  columns: Column[];
  row: (row: Row) => string;
}

/**
 * A finding: its roll-up (a sentence or two), caveats, what it means, the
 * roll-up tables and pictures, then the long table of every row, folded.
 * When the finding is not known, why instead; when it is empty, that.
 */
function findingSection<Row>(options: {
  id: string;
  heading: string;
  finding: Pick<Finding<Row>, 'unavailable' | 'caveats' | 'table'>;
  rollup: () => string;
  intro: string;
  parts?: () => string;
  whenEmpty: string;
  detail: Detail<Row>;
}): string {
  const { id, finding, detail } = options;
  const caveats = caveatsHtml(finding.caveats);
  let body: string;
  if (finding.unavailable) {
    body = `<p class="warning unavailable">${escapeHtml(
      finding.unavailable,
    )}</p>${caveats}${options.intro}`;
  } else if (finding.table.total === 0) {
    body = `<p class="rollup empty" id="${id}-rollup">${escapeHtml(
      options.whenEmpty,
    )}</p>${caveats}${options.intro}`;
  } else {
    body = `<p class="rollup" id="${id}-rollup">${options.rollup()}</p>${caveats}${
      options.intro
    }${options.parts?.() ?? ''}<h3>${escapeHtml(
      detail.heading,
    )}</h3>${detailTable(
      `${id}-table`,
      detail.what,
      detail.columns,
      finding.table.rows.map(detail.row),
      finding.table,
    )}`;
  }
  return `<section id="${id}" data-total="${
    finding.unavailable ? '' : finding.table.total
  }">
<h2>${escapeHtml(options.heading)}</h2>
${body}
</section>`;
}

function caveatsHtml(caveats: string[]): string {
  return caveats.map((c) => `<p class="warning">${escapeHtml(c)}</p>`).join('');
}

/** A column heading; numbers are set right. */
type Column = string | { label: string; number: true };

function number(label: string): Column {
  return { label, number: true };
}

function tableHtml(
  id: string,
  columns: Column[],
  rows: string[],
  table: Table<unknown>,
): string {
  const more =
    table.total > table.rows.length
      ? `<p class="more">… and ${formatCount(
          table.total - table.rows.length,
        )} more (${formatCount(table.total)} in all).</p>`
      : '';
  const headings = columns
    .map((c) =>
      typeof c === 'string'
        ? `<th>${escapeHtml(c)}</th>`
        : `<th class="num">${escapeHtml(c.label)}</th>`,
    )
    .join('');
  return `<div class="table-wrap"><table id="${id}" data-total="${
    table.total
  }" data-shown="${
    rows.length
  }"><thead><tr>${headings}</tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>${more}`;
}

/**
 * The long table of a finding: up to FOLD_ROWS rows shown as they are; more
 * folded in a <details> that opens with "Show all N …" (no script needed),
 * with the row filter inside.
 */
function detailTable(
  id: string,
  what: string,
  columns: Column[],
  rows: string[],
  table: Table<unknown>,
): string {
  const html = tableHtml(id, columns, rows, table);
  if (rows.length <= FOLD_ROWS) return html;
  const label =
    table.total > rows.length
      ? `Show the first ${formatCount(rows.length)} of ${formatCount(
          table.total,
        )} ${what}`
      : `Show all ${formatCount(table.total)} ${what}`;
  return `<details class="fold" id="${id}-fold"><summary>${escapeHtml(
    label,
  )}</summary>${filterBox(id)}${html}</details>`;
}

/**
 * A roll-up table: its first FOLD_ROWS rows (the most) shown, the rest
 * hidden until its "Show all N …" button is pressed.
 */
function previewTable(
  id: string,
  what: string,
  columns: Column[],
  rows: string[],
  table: Table<unknown>,
): string {
  if (rows.length <= FOLD_ROWS) return tableHtml(id, columns, rows, table);
  const folded = rows.map((row, i) =>
    i < FOLD_ROWS ? row : row.replace(/^<tr/, '<tr class="extra" hidden'),
  );
  const label = `Show all ${formatCount(rows.length)} ${what}`;
  return `${tableHtml(
    id,
    columns,
    folded,
    table,
  )}<button type="button" class="show-all" data-table="${id}" aria-controls="${id}" aria-expanded="false" data-label="${escapeHtml(
    label,
  )}" data-fewer="${escapeHtml(
    `Show the first ${FOLD_ROWS} only`,
  )}">${escapeHtml(label)}</button>`;
}

function filterBox(tableId: string): string {
  return `<input class="filter" type="search" placeholder="Filter the rows shown" data-filter="${tableId}" aria-label="Filter rows">`;
}

/** A cell: HTML, or HTML with a class (numbers, times). */
type Cell = string | { html: string; className: string };

function tr(data: Record<string, string>, cells: Cell[]): string {
  const attributes = Object.entries(data)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<tr${attributes}>${cells
    .map((c) =>
      typeof c === 'string'
        ? `<td>${c}</td>`
        : `<td class="${c.className}">${c.html}</td>`,
    )
    .join('')}</tr>`;
}

function numberCell(n: number | undefined): Cell {
  return { html: n === undefined ? '' : formatCount(n), className: 'num' };
}

function timeCell(ms: number | undefined): Cell {
  return { html: escapeHtml(formatTime(ms)), className: 'time' };
}

function timeHtml(ms: number): string {
  return `<span class="time">${escapeHtml(formatTime(ms))}</span>`;
}

/** ", and 3 more" when a cell names fewer than there are. */
function andMore(total: number, named: number): string {
  return total > named ? ` and ${formatCount(total - named)} more` : '';
}

function userCell(user: UserRef): string {
  return linked(user.name, user.webLink);
}

function adminCell(admin: AdminRef): string {
  return escapeHtml(admin.name);
}

function deviceCell(device: DeviceRef): string {
  return linked(device.name, device.webLink);
}

function applicationCell(application: ApplicationRef): string {
  return linked(application.name, application.webLink);
}

/** Links to the JumpCloud console open in a new tab; nothing is loaded. */
function linked(text: string, href: string | undefined): string {
  if (!href || !/^https?:\/\//.test(href)) return escapeHtml(text);
  return `<a href="${escapeHtml(
    href,
  )}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** "USD 1,234.50"; an amount without a currency has none. */
function moneyText(amount: number, currency: string | undefined): string {
  const figure = amount.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return currency ? `${currency} ${figure}` : `${figure} (no currency given)`;
}

/** "USD 1,234.50 and EUR 20.00". */
function costText(costs: [string, number][]): string {
  const parts = costs.map(([currency, amount]) => moneyText(amount, currency));
  return parts.length < 2
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** 1,203: counts as people read them. */
function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** 89%; never 100% or 0% for a part that is not all or none. */
function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const rounded = Math.round((100 * part) / whole);
  if (rounded === 100 && part < whole) return 'over 99%';
  if (rounded === 0 && part > 0) return 'under 1%';
  return `${rounded}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * A name from JumpCloud for the printed headline: control characters (a
 * terminal would act on escape sequences) become spaces, and a long name is
 * cut.
 */
function plainName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = name.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return plain.length > 40 ? `${plain.slice(0, 39)}…` : plain;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5d6d7e; --line: #dde3ea; --warn: #fff4e0; --warn-line: #e0a040; --link: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
header { background: #fff; border-bottom: 1px solid var(--line); max-width: none; }
header > * { max-width: 1152px; margin-left: auto; margin-right: auto; }
h1 { font-size: 22px; margin: 4px auto; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: var(--link); }
.meta { color: var(--muted); margin: 0 auto 8px; }
.headline { margin: 8px auto; padding-left: 20px; }
.headline li { margin: 2px 0; }
.headline a { font-weight: 600; color: inherit; text-decoration-color: var(--line); }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px; margin: 16px 0; min-width: 0; }
.rollup { font-size: 15px; margin: 0 0 10px; padding: 8px 12px; background: #f0f5fc; border-left: 4px solid #2f6fde; border-radius: 0 4px 4px 0; }
.rollup.empty { background: #f0f8f3; border-left-color: #1a9c5b; color: var(--ink); }
.table-wrap { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td { overflow-wrap: break-word; }
th { background: #f0f3f6; }
th.num, td.num { text-align: right; }
td.num, td.time, .time { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr:hover td { background: #f7fbff; }
.banner { margin: 0; padding: 12px 24px; background: #fde8e8; border-bottom: 3px solid #c0392b; color: #7b1d14; font-size: 15px; font-weight: 600; }
.warning { background: var(--warn); border: 1px solid var(--warn-line); border-radius: 4px; padding: 8px 12px; }
.empty, .note, .more { color: var(--muted); }
.filter { margin: 6px 0; padding: 4px 8px; width: 260px; max-width: 100%; }
details.fold { margin: 6px 0; }
details.fold > summary, button.show-all { cursor: pointer; color: var(--link); font: inherit; font-weight: 600; }
details.fold > summary { padding: 6px 0; }
button.show-all { background: none; border: 1px solid var(--line); border-radius: 4px; padding: 4px 10px; margin: 2px 0 6px; }
button.show-all:hover, details.fold > summary:hover { text-decoration: underline; }
.columns { display: flex; gap: 24px; flex-wrap: wrap; }
.columns > div { flex: 1 1 360px; min-width: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 6px 0; }
.legend-item { display: inline-flex; align-items: center; gap: 4px; }
svg.graph, svg.chart { display: block; width: 100%; height: auto; background: #fbfcfd; border: 1px solid var(--line); border-radius: 4px; }
.type-graph text { font-size: 13px; text-anchor: middle; }
.type-graph .node-count { fill: #fff; font-weight: 600; }
.type-graph .mapped .node-count { fill: var(--ink); }
.type-graph .edge-label { fill: var(--ink); paint-order: stroke; stroke: #fbfcfd; stroke-width: 4px; }
.seat-chart text { font-size: 12px; fill: var(--ink); }
.seat-chart .label { text-anchor: end; }
.seat-chart .tick { text-anchor: middle; fill: var(--muted); font-size: 11px; }
.seat-chart .grid { stroke: var(--line); }
.seat-chart rect.assigned { fill: #f6c27a; }
.seat-chart rect.used { fill: #1a9c5b; }
.seat-chart .value { fill: var(--muted); }
code { font-size: 13px; }
`;

/**
 * Small and dependency-free: row filters, and the "Show all" buttons of the
 * roll-up tables (the long tables fold in <details>, which needs none).
 * data-ready on <body> says the script ran to its end.
 */
const SCRIPT = `
(function () {
  var inputs = document.querySelectorAll('input[data-filter]');
  Array.prototype.forEach.call(inputs, function (input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    if (!table) return;
    input.addEventListener('input', function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = q !== '' && row.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });

  var buttons = document.querySelectorAll('button.show-all');
  Array.prototype.forEach.call(buttons, function (button) {
    var table = document.getElementById(button.getAttribute('data-table'));
    if (!table) return;
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') !== 'true';
      Array.prototype.forEach.call(table.querySelectorAll('tr.extra'), function (row) {
        row.hidden = !open;
      });
      button.setAttribute('aria-expanded', String(open));
      button.textContent = button.getAttribute(open ? 'data-fewer' : 'data-label');
    });
  });
  document.body.setAttribute('data-ready', 'true');
})();
`;
