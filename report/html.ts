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
import { legendHtml, nodeGraphSvg, typeGraphSvg } from './picture';
import { Entities } from '../src/steps/constants';

/**
 * The report as one self-contained HTML file: styles, script and pictures
 * inline, and a Content-Security-Policy that forbids loading anything, so it
 * opens the same offline, from a mail attachment or a file share.
 */

export function windowText(data: ReportData): string {
  return data.ssoEventsDays
    ? `the last ${data.ssoEventsDays} days`
    : 'the sign-in window of the collection';
}

/**
 * The findings in a few lines, for the terminal and the top of the page;
 * first, when the collection is incomplete, a line that says so.
 */
export function headlineLines(data: ReportData): string[] {
  const count = (type: string) =>
    data.entityCounts.find(([t]) => t === type)?.[1] ?? 0;
  const lines = data.incomplete ? [data.incomplete] : [];
  lines.push(
    `${data.users} users (${
      data.suspendedOrLocked
    } suspended or locked), ${count(Entities.GROUP._type)} groups, ${count(
      Entities.APPLICATION._type,
    )} applications.`,
  );
  const window = windowText(data);
  lines.push(
    data.offboarding.unavailable
      ? 'Offboarding gap: not known (sign-ins were not collected completely).'
      : `Offboarding gap: ${plural(
          data.offboarding.users,
          'suspended or locked user',
        )} signed in to applications in ${window} (${plural(
          data.offboarding.table.total,
          'user–application pair',
        )}).`,
  );
  lines.push(
    data.trueUp.unavailable
      ? 'License true-up: not known (sign-ins or assignments were not collected completely).'
      : `License true-up: ${data.trueUp.table.total} of ${data.trueUp.assignedSeats} assigned application seats had no sign-in in ${window}.`,
  );
  lines.push(
    `MFA: ${data.mfa.activeWithoutMfa.total} of ${
      data.mfa.activeUsers
    } active users have no MFA; ${plural(
      data.mfa.total.excluded,
      'user',
    )} excluded from MFA.`,
  );
  lines.push(
    data.observedOnly.unavailable
      ? 'Applications known only from sign-ins: not known (applications or sign-ins were not collected completely).'
      : `Applications known only from sign-ins: ${data.observedOnly.total}.`,
  );
  lines.push(adminsAndDevicesLine(data));
  return lines;
}

/** Administrators without MFA, unencrypted devices, devices of flagged users. */
function adminsAndDevicesLine(data: ReportData): string {
  const { admins, unencryptedDevices: unencrypted, flaggedUserDevices } = data;
  const parts = [
    admins.unavailable
      ? 'administrators not known'
      : `${admins.table.total} of ${plural(
          admins.active,
          'active administrator',
        )} without MFA`,
    unencrypted.unavailable
      ? 'devices not known'
      : `${unencrypted.table.total} of ${plural(
          unencrypted.activeDevices,
          'active device',
        )} unencrypted`,
    flaggedUserDevices.unavailable
      ? 'devices of suspended or locked users not known'
      : `${plural(flaggedUserDevices.devices, 'device')} bound to ${plural(
          flaggedUserDevices.users,
          'suspended or locked user',
        )}`,
  ];
  return `Administrators and devices: ${parts.join('; ')}.`;
}

export function renderReport(data: ReportData): string {
  const title = `JumpCloud graph report${
    data.accounts.length ? ` – ${data.accounts.join(', ')}` : ''
  }`;
  const window = windowText(data);
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
<ul id="headline" class="headline">${headlineLines(data)
    .map((line) => `<li>${escapeHtml(line)}</li>`)
    .join('')}</ul>
<nav><a href="#offboarding">Offboarding</a><a href="#true-up">License true-up</a><a href="#mfa">MFA</a><a href="#admins">Administrators</a><a href="#unencrypted-devices">Unencrypted devices</a><a href="#device-offboarding">Devices of suspended users</a><a href="#observed">Known only from sign-ins</a><a href="#counts">Counts</a><a href="#picture">Picture</a></nav>
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
  return section(
    'offboarding',
    'Offboarding gap: suspended or locked users who still signed in',
    `<p>Users that are suspended or locked in JumpCloud now, with a successful SSO sign-in to an application in ${escapeHtml(
      windowText(data),
    )}. Check whether their sessions and application accounts were closed.</p>`,
    finding,
    [
      'User',
      'Login',
      'State',
      'Application',
      'Last sign-in',
      'Sign-ins in window',
    ],
    (row) =>
      tr({ user: row.user.key, application: row.application.key }, [
        userCell(row.user),
        escapeHtml(row.user.login ?? ''),
        escapeHtml(row.user.state),
        applicationCell(row.application),
        escapeHtml(formatTime(row.lastSsoOn)),
        escapeHtml(row.ssoEventCount ?? ''),
      ]),
    'No suspended or locked user signed in.',
  );
}

function trueUpSection(data: ReportData): string {
  const finding = data.trueUp;
  const seats =
    finding.unavailable || finding.seats.length === 0
      ? ''
      : `<h3>Seats per application</h3>${tableHtml(
          'true-up-seats',
          ['Application', 'Assigned users', 'Signed in', 'No sign-in'],
          finding.seats.map((s) =>
            tr({ application: s.application.key }, [
              applicationCell(s.application),
              String(s.assigned),
              String(s.signedIn),
              String(s.unused),
            ]),
          ),
          { rows: finding.seats, total: finding.seats.length },
        )}<h3>Seats without a sign-in</h3>`;
  return section(
    'true-up',
    'License true-up: assigned seats with no sign-in',
    `<p>Users assigned an application in JumpCloud, directly or through a user group, who did not sign in to it in ${escapeHtml(
      windowText(data),
    )}. Candidates for removing the assignment and reclaiming the license.</p>${seats}`,
    finding,
    ['User', 'Login', 'State', 'Application', 'How assigned', 'Last sign-in'],
    (row) =>
      tr({ user: row.user.key, application: row.application.key }, [
        userCell(row.user),
        escapeHtml(row.user.login ?? ''),
        escapeHtml(row.user.state),
        applicationCell(row.application),
        escapeHtml(row.how),
        'never in window',
      ]),
    'Every assigned user signed in.',
  );
}

function mfaSection(data: ReportData): string {
  const { mfa } = data;
  const stateRows = [...mfa.byState, mfa.total].map((row) =>
    tr({ state: row.state }, [
      escapeHtml(row.state),
      String(row.users),
      String(row.withMfa),
      String(row.withoutMfa),
      String(row.excluded),
    ]),
  );
  const gaps = mfa.activeWithoutMfa;
  return `<section id="mfa" data-total="${gaps.total}">
<h2>MFA posture</h2>
<p>A user has MFA when JumpCloud reports a second factor configured or enrolled (TOTP, push or WebAuthn). Exclusions are users an administrator exempted from MFA.</p>
${caveatsHtml(mfa.caveats)}
${tableHtml(
  'mfa-by-state',
  ['State', 'Users', 'With MFA', 'Without MFA', 'Excluded from MFA'],
  stateRows,
  { rows: stateRows, total: stateRows.length },
)}
<h3>Active users without MFA</h3>
${
  gaps.total === 0
    ? '<p class="empty">Every active user has MFA.</p>'
    : filterBox('mfa-gaps') +
      tableHtml(
        'mfa-gaps',
        ['User', 'Login', 'Excluded from MFA', 'Enrollment'],
        gaps.rows.map((row) =>
          tr({ user: row.user.key }, [
            userCell(row.user),
            escapeHtml(row.user.login ?? ''),
            row.excluded
              ? `yes${
                  row.excludedUntil
                    ? ` (until ${escapeHtml(formatTime(row.excludedUntil))})`
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
  const intro = `<h3 id="admins">Administrators</h3>
<p>Administrators sign in to the JumpCloud console with accounts of their own. One has MFA when a second factor (TOTP) is enrolled; “MFA required” is the setting that asks for one, which alone does not protect the account.</p>${caveatsHtml(
    admins.caveats,
  )}`;
  if (admins.unavailable)
    return `${intro}<p class="warning unavailable">${escapeHtml(
      admins.unavailable,
    )}</p>`;
  const counts = [
    tr({ state: 'all' }, [
      String(admins.admins),
      String(admins.active),
      String(admins.suspended),
      String(admins.withMfa),
      String(admins.withoutMfa),
      String(admins.table.total),
    ]),
  ];
  const gaps = admins.table;
  return `${intro}${tableHtml(
    'admin-mfa',
    [
      'Administrators',
      'Active',
      'Suspended',
      'With MFA',
      'Without MFA',
      'Active without MFA',
    ],
    counts,
    { rows: counts, total: counts.length },
  )}
<h3>Active administrators without MFA</h3>
${
  gaps.total === 0
    ? '<p class="empty">Every active administrator has MFA.</p>'
    : filterBox('admin-mfa-gaps') +
      tableHtml(
        'admin-mfa-gaps',
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
  return section(
    'unencrypted-devices',
    'Unencrypted devices: active devices without full-disk encryption',
    `<p>Devices JumpCloud manages that are active and whose disk encryption is off or not reported (${finding.activeDevices} of ${finding.devices} devices are active), with the users bound to them directly or through a user group.</p>`,
    finding,
    [
      'Device',
      'Hostname',
      'OS',
      'Serial',
      'Disk encryption',
      'Last seen',
      'Users',
    ],
    (row) =>
      tr({ device: row.device.key }, [
        deviceCell(row.device),
        escapeHtml(row.device.hostname ?? ''),
        escapeHtml(
          [row.device.os, row.device.osVersion].filter(Boolean).join(' '),
        ),
        escapeHtml(row.device.serial ?? ''),
        row.device.fdeActive === false ? 'off' : 'not reported',
        escapeHtml(formatTime(row.device.lastSeenOn)),
        row.userCount === 0
          ? '<span class="note">none</span>'
          : row.users.map(userCell).join(', ') +
            (row.userCount > row.users.length
              ? ` and ${row.userCount - row.users.length} more`
              : ''),
      ]),
    'Every active device has its disk encrypted.',
  );
}

function deviceOffboardingSection(data: ReportData): string {
  return section(
    'device-offboarding',
    'Devices of suspended or locked users',
    '<p>Devices still bound to users who are suspended or locked in JumpCloud now, directly or through a user group: collect the device, or remove the binding.</p>',
    data.flaggedUserDevices,
    ['User', 'User state', 'Device', 'Device active', 'Last seen'],
    (row) =>
      tr({ user: row.user.key, device: row.device.key }, [
        userCell(row.user),
        escapeHtml(row.user.state),
        deviceCell(row.device),
        row.device.active ? 'yes' : 'no',
        escapeHtml(formatTime(row.device.lastSeenOn)),
      ]),
    'No device is bound to a suspended or locked user.',
  );
}

function observedSection(data: ReportData): string {
  return section(
    'observed',
    'Applications known only from sign-ins',
    '<p>Applications users signed in to through JumpCloud that are not configured in the organization (any more): a removed or renamed connector, or one to review.</p>',
    {
      unavailable: data.observedOnly.unavailable,
      caveats: data.observedOnly.caveats,
      table: data.observedOnly,
    },
    ['Application', 'Users who signed in', 'Sign-ins', 'Last sign-in'],
    (row) =>
      tr({ application: row.application.key }, [
        applicationCell(row.application),
        escapeHtml(row.ssoUserCount ?? ''),
        escapeHtml(row.ssoEventCount ?? ''),
        escapeHtml(formatTime(row.lastSsoOn)),
      ]),
    'None: every application signed in to is configured.',
  );
}

function countsSection(data: ReportData): string {
  const rows = (counts: [string, number][]) =>
    counts.map(([type, count]) =>
      tr({ type }, [`<code>${escapeHtml(type)}</code>`, String(count)]),
    );
  const entities = rows(data.entityCounts);
  const relationships = rows(data.relationshipCounts);
  return `<section id="counts">
<h2>What was collected</h2>
<div class="columns"><div>${tableHtml(
    'entity-counts',
    ['Entity type', 'Count'],
    entities,
    { rows: entities, total: entities.length },
  )}</div><div>${tableHtml(
    'relationship-counts',
    ['Relationship type', 'Count'],
    relationships,
    { rows: relationships, total: relationships.length },
  )}</div></div>
<p>User groups without members: ${data.emptyGroups}.</p>
</section>`;
}

function pictureSection(data: ReportData): string {
  const types = data.typeGraph.nodes.map((n) => n.type);
  const classes = data.typeGraph.edges.map((e) => e.relationshipClass);
  const nodes = data.picture
    ? `<h3>Every entity and relationship</h3><p>One ring per type; hover a dot for its name.</p>${nodeGraphSvg(
        data.picture.nodes,
        data.picture.edges,
        types,
      )}`
    : `<p class="note">${escapeHtml(data.pictureOmitted ?? '')}</p>`;
  return `<section id="picture">
<h2>Picture of the graph</h2>
${legendHtml(
  types,
  classes,
  new Set(data.typeGraph.nodes.filter((n) => n.mapped).map((n) => n.type)),
)}
<h3>Types and relationship classes</h3>
${typeGraphSvg(data.typeGraph.nodes, data.typeGraph.edges)}
${nodes}
</section>`;
}

/** A finding: explanation, caveats or why it is unknown, then its table. */
function section<Row>(
  id: string,
  heading: string,
  intro: string,
  finding: Pick<Finding<Row>, 'unavailable' | 'caveats' | 'table'>,
  columns: string[],
  row: (row: Row) => string,
  whenEmpty: string,
): string {
  const caveats = caveatsHtml(finding.caveats);
  let body: string;
  if (finding.unavailable) {
    body = `<p class="warning unavailable">${escapeHtml(
      finding.unavailable,
    )}</p>`;
  } else if (finding.table.total === 0) {
    body = `<p class="empty">${escapeHtml(whenEmpty)}</p>`;
  } else {
    body =
      filterBox(`${id}-table`) +
      tableHtml(
        `${id}-table`,
        columns,
        finding.table.rows.map(row),
        finding.table,
      );
  }
  return `<section id="${id}" data-total="${
    finding.unavailable ? '' : finding.table.total
  }">
<h2>${escapeHtml(heading)}</h2>
${intro}${caveats}${body}
</section>`;
}

function caveatsHtml(caveats: string[]): string {
  return caveats.map((c) => `<p class="warning">${escapeHtml(c)}</p>`).join('');
}

function tableHtml(
  id: string,
  columns: string[],
  rows: string[],
  table: Table<unknown>,
): string {
  const more =
    table.total > table.rows.length
      ? `<p class="more">… and ${table.total - table.rows.length} more (${
          table.total
        } in all).</p>`
      : '';
  return `<table id="${id}" data-total="${table.total}" data-shown="${
    rows.length
  }"><thead><tr>${columns
    .map((c) => `<th>${escapeHtml(c)}</th>`)
    .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

function filterBox(tableId: string): string {
  return `<input class="filter" type="search" placeholder="Filter the rows shown" data-filter="${tableId}" aria-label="Filter rows">`;
}

function tr(data: Record<string, string>, cells: string[]): string {
  const attributes = Object.entries(data)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<tr${attributes}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
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

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5d6d7e; --line: #dde3ea; --warn: #fff4e0; --warn-line: #e0a040; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
header { background: #fff; border-bottom: 1px solid var(--line); max-width: none; }
h1 { font-size: 22px; margin: 4px 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: var(--muted); margin: 0 0 8px; }
.headline { margin: 8px 0; padding-left: 20px; }
.headline li { margin: 2px 0; }
nav a { margin-right: 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px; margin: 16px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f3f6; position: sticky; top: 0; }
td:nth-child(n+2) { white-space: nowrap; }
tr:hover td { background: #f7fbff; }
.banner { margin: 0; padding: 12px 24px; background: #fde8e8; border-bottom: 3px solid #c0392b; color: #7b1d14; font-size: 15px; font-weight: 600; }
.warning { background: var(--warn); border: 1px solid var(--warn-line); border-radius: 4px; padding: 8px 12px; }
.empty, .note, .more { color: var(--muted); }
.filter { margin: 6px 0; padding: 4px 8px; width: 260px; }
.columns { display: flex; gap: 24px; flex-wrap: wrap; }
.columns > div { flex: 1 1 360px; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 6px 0; }
.legend-item { display: inline-flex; align-items: center; gap: 4px; }
svg.graph { width: 100%; height: auto; background: #fbfcfd; border: 1px solid var(--line); border-radius: 4px; }
svg.node-graph { max-height: 900px; }
.node-graph line { stroke-width: 0.6; stroke-opacity: 0.35; }
.node-graph circle { stroke: #fff; stroke-width: 0.8; }
.node-graph.focus line { stroke-opacity: 0.04; }
.node-graph.focus line.lit { stroke-opacity: 0.9; stroke-width: 1.4; }
.type-graph text { font-size: 13px; text-anchor: middle; }
.type-graph .node-count { fill: #fff; font-weight: 600; }
.type-graph .mapped .node-count { fill: var(--ink); }
.type-graph .edge-label { fill: var(--ink); paint-order: stroke; stroke: #fbfcfd; stroke-width: 4px; }
code { font-size: 13px; }
`;

/**
 * Small and dependency-free: row filters, highlighting a node's edges on
 * hover, and a record of what the browser actually laid out (rows with a
 * height, drawn nodes with a size, where the incomplete-collection banner
 * sits) in data attributes, which the end-to-end test reads back after the
 * page's scripts ran.
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

  var nodeGraph = document.querySelector('svg.node-graph');
  if (nodeGraph) {
    var lines = nodeGraph.querySelectorAll('line.edge');
    var circles = nodeGraph.querySelectorAll('circle.node');
    Array.prototype.forEach.call(circles, function (circle) {
      var x = circle.getAttribute('cx'), y = circle.getAttribute('cy');
      circle.addEventListener('mouseenter', function () {
        nodeGraph.classList.add('focus');
        Array.prototype.forEach.call(lines, function (line) {
          var touches = (line.getAttribute('x1') === x && line.getAttribute('y1') === y) ||
            (line.getAttribute('x2') === x && line.getAttribute('y2') === y);
          if (touches) line.classList.add('lit');
        });
      });
      circle.addEventListener('mouseleave', function () {
        nodeGraph.classList.remove('focus');
        Array.prototype.forEach.call(nodeGraph.querySelectorAll('line.lit'), function (line) {
          line.classList.remove('lit');
        });
      });
    });
  }

  // A horizontal line has no height and a vertical one no width: an element
  // counts as drawn when its box has any extent.
  function drawn(elements) {
    var n = 0;
    Array.prototype.forEach.call(elements, function (element) {
      var box = element.getBoundingClientRect();
      if (box.width > 0 || box.height > 0) n++;
    });
    return n;
  }
  Array.prototype.forEach.call(document.querySelectorAll('table'), function (table) {
    table.setAttribute('data-rendered-rows', String(drawn(table.tBodies[0].rows)));
  });
  Array.prototype.forEach.call(document.querySelectorAll('svg.graph'), function (svg) {
    svg.setAttribute('data-rendered-nodes', String(drawn(svg.querySelectorAll('circle.node, g.type-node circle'))));
    svg.setAttribute('data-rendered-edges', String(drawn(svg.querySelectorAll('line.edge, g.type-edge path'))));
  });
  var banner = document.getElementById('incomplete');
  if (banner) {
    var box = banner.getBoundingClientRect();
    banner.setAttribute('data-rendered-top', String(Math.round(box.top)));
    banner.setAttribute('data-rendered-height', String(Math.round(box.height)));
  }
  document.body.setAttribute('data-ready', 'true');
})();
`;
