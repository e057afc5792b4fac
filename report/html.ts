import {
  AdminRef,
  ApplicationRef,
  DeviceRef,
  Finding,
  ReportData,
  Table,
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
  const most = trueUp.byApplication.rows
    .filter((s) => s.unused > 0)
    .slice(0, 2)
    .map((s) => `${plainName(s.application.name)} (${formatCount(s.unused)})`);
  items.push({
    label: 'License true-up',
    anchor: 'true-up',
    text: trueUp.unavailable
      ? 'not known (sign-ins or assignments were not collected completely).'
      : `${formatCount(trueUp.table.total)} of ${formatCount(
          trueUp.assignedSeats,
        )} assigned seats unused in ${window}${
          most.length ? `; most in ${most.join(' and ')}` : ''
        }.`,
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
        )}.`,
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
<nav><a href="#offboarding">Offboarding</a><a href="#true-up">License true-up</a><a href="#mfa">MFA</a><a href="#admins">Administrators</a><a href="#unencrypted-devices">Unencrypted devices</a><a href="#device-offboarding">Devices of suspended users</a><a href="#observed">Known only from sign-ins</a><a href="#counts">Counts</a><a href="#picture">Types</a></nav>
</header>
<main>
${offboardingSection(data)}
${trueUpSection(data)}
${mfaSection(data)}
${unencryptedDevicesSection(data)}
${deviceOffboardingSection(data)}
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
  const window = escapeHtml(windowText(data));
  const apps = finding.byApplication;
  const most = apps.rows
    .filter((s) => s.unused > 0)
    .slice(0, 2)
    .map((s) => `${escapeHtml(s.application.name)} (${formatCount(s.unused)})`);
  const topUser = finding.byUser.rows[0];
  const charted = apps.rows.slice(0, CHART_APPLICATIONS);
  return findingSection({
    id: 'true-up',
    heading: 'License true-up: assigned seats with no sign-in',
    finding,
    rollup: () =>
      `<strong>${formatCount(finding.table.total)} of ${formatCount(
        finding.assignedSeats,
      )} assigned seats</strong> (${percent(
        finding.table.total,
        finding.assignedSeats,
      )}) had no sign-in in ${window}, in ${
        finding.applicationsWithUnused === apps.total
          ? apps.total === 1
            ? 'the one application'
            : `all ${formatCount(apps.total)} applications`
          : `${formatCount(finding.applicationsWithUnused)} of the ${plural(
              apps.total,
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
      }`,
    intro: `<p>Users assigned an application in JumpCloud, directly or through a user group, who did not sign in to it in ${window}. Candidates for removing the assignment and reclaiming the license.</p>`,
    parts: () =>
      `<h3>Per application</h3>
<p class="note">${
        apps.total > charted.length
          ? `The ${
              charted.length
            } applications with the most unused seats; the table has all ${formatCount(
              apps.total,
            )}.`
          : 'Assigned seats against seats used in the window.'
      }</p>
${seatChartSvg(charted, 'true-up-chart')}
${previewTable(
  'true-up-seats',
  'applications',
  [
    'Application',
    number('Assigned seats'),
    number('Used in window'),
    number('Unused'),
    'How the seats are assigned',
  ],
  apps.rows.map((s) =>
    tr(
      {
        application: s.application.key,
        assigned: String(s.assigned),
        used: String(s.signedIn),
        unused: String(s.unused),
        direct: String(s.direct),
        'through-groups': String(s.throughGroups),
        both: String(s.both),
      },
      [
        applicationCell(s.application),
        numberCell(s.assigned),
        numberCell(s.signedIn),
        numberCell(s.unused),
        escapeHtml(howAssigned(s)),
      ],
    ),
  ),
  apps,
)}
<h3>Users with the most unused seats</h3>
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
)}`,
    whenEmpty: 'Every assigned user signed in.',
    detail: {
      heading: 'Every unused seat',
      what: 'unused seats',
      columns: [
        'User',
        'Login',
        'State',
        'Application',
        'How assigned',
        'Last sign-in',
      ],
      row: (row) =>
        tr({ user: row.user.key, application: row.application.key }, [
          userCell(row.user),
          escapeHtml(row.user.login ?? ''),
          escapeHtml(row.user.state),
          applicationCell(row.application),
          escapeHtml(row.how),
          'never in window',
        ]),
    },
  });
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
  return findingSection({
    id: 'device-offboarding',
    heading: 'Devices of suspended or locked users',
    finding,
    rollup: () =>
      `<strong>${plural(finding.devices, 'device')}</strong> (${formatCount(
        finding.activeDevices,
      )} of them active) ${
        finding.devices === 1 ? 'is' : 'are'
      } still bound to ${plural(finding.users, 'suspended or locked user')}.`,
    intro:
      '<p>Devices still bound to users who are suspended or locked in JumpCloud now, directly or through a user group: collect the device, or remove the binding.</p>',
    whenEmpty: 'No device is bound to a suspended or locked user.',
    detail: {
      heading: 'Every binding',
      what: 'user–device bindings',
      columns: ['User', 'User state', 'Device', 'Device active', 'Last seen'],
      row: (row) =>
        tr({ user: row.user.key, device: row.device.key }, [
          userCell(row.user),
          escapeHtml(row.user.state),
          deviceCell(row.device),
          row.device.active ? 'yes' : 'no',
          timeCell(row.device.lastSeenOn),
        ]),
    },
  });
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
