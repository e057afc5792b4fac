import { SeatSummary, TypeEdge, TypeNode } from './analyze';
import { escapeHtml } from './escape';

/**
 * The report's pictures as inline SVG with fixed, deterministic layouts (no
 * library, no network): the same collection always gives the same picture.
 * Two, each worth looking at rather than reading: the entity types and
 * relationship classes of the graph, and the seat chart of the license
 * true-up. (A picture of every entity and relationship is not drawn: past a
 * few dozen nodes it was a hairball that told nothing.)
 */

const TYPE_COLORS = [
  '#2f6fde',
  '#e07b00',
  '#1a9c5b',
  '#c2185b',
  '#7b3fbf',
  '#00838f',
  '#8d6e00',
  '#5d6d7e',
  '#d84315',
  '#3949ab',
];

const CLASS_COLORS: Record<string, string> = {
  HAS: '#8a94a6',
  USES: '#1a9c5b',
  ASSIGNED: '#e07b00',
  MANAGES: '#7b3fbf',
  IS: '#c2185b',
};

export function typeColor(types: string[], type: string): string {
  const i = types.indexOf(type);
  return TYPE_COLORS[(i < 0 ? types.length : i) % TYPE_COLORS.length];
}

export function classColor(relationshipClass: string): string {
  return CLASS_COLORS[relationshipClass] ?? '#5d6d7e';
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Entity types as circles with their counts, one arrow per (from type,
 * relationship class, to type) with its count, laid out in columns from
 * left to right along the relationships (the account first, what users use
 * last). An arrow that would run through another type goes around all of
 * them, along a lane of its own above or below; parallel arrows spread
 * apart; a type related to itself (user MANAGES user) gets a loop above it;
 * labels take the first free spot along their arrow. Types other
 * integrations own (mapped) are dashed.
 */
export function typeGraphSvg(nodes: TypeNode[], edges: TypeEdge[]): string {
  if (nodes.length === 0) return '<p class="empty">Nothing was collected.</p>';
  const radius = 32;
  const types = nodes.map((n) => n.type);
  const { position, columns, rows } = layeredLayout(nodes, edges);
  const columnGap = 230;
  const rowGap = 150;
  const width = Math.max(600, 140 + (columns - 1) * columnGap + 140);
  const at = (type: string) => {
    const p = position.get(type)!;
    return {
      x: 140 + p.column * columnGap,
      // Each column centred vertically.
      y: 130 + (p.row + (rows - p.columnSize) / 2) * rowGap,
      column: p.column,
    };
  };

  const ys = types.map((t) => at(t).y);
  const top = Math.min(...ys) - radius;
  const bottom = Math.max(...ys) + radius + 22; // below the name
  const middle = (top + bottom) / 2;
  let lanesUp = 0;
  let lanesDown = 0;

  // Edges between the same two types (either direction) share a bundle.
  const bundles = new Map<string, TypeEdge[]>();
  for (const edge of edges) {
    const id = [edge.from, edge.to].sort().join('|');
    const bundle = bundles.get(id) ?? [];
    bundle.push(edge);
    bundles.set(id, bundle);
  }

  // Labels go where they hit neither a type nor an earlier label.
  const taken: Box[] = types.map((t) => {
    const p = at(t);
    return {
      x: p.x - radius,
      y: p.y - radius,
      w: 2 * radius,
      h: 2 * radius + 22,
    };
  });
  const placeLabel = (
    text: string,
    along: (t: number) => { x: number; y: number },
  ) => {
    const w = text.length * 7 + 6;
    const boxAt = (p: { x: number; y: number }) => ({
      x: p.x - w / 2,
      y: p.y - 9,
      w,
      h: 16,
    });
    const tries = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78];
    const chosen =
      tries.map(along).find((p) => !taken.some((b) => overlaps(b, boxAt(p)))) ??
      along(0.5);
    taken.push(boxAt(chosen));
    return chosen;
  };

  const paths: string[] = [];
  for (const bundle of bundles.values()) {
    bundle.forEach((edge, i) => {
      if (!position.has(edge.from) || !position.has(edge.to)) return;
      const a = at(edge.from);
      const b = at(edge.to);
      const label = `${edge.relationshipClass} (${edge.count})`;
      let d: string;
      let labelAt: { x: number; y: number };
      if (edge.from === edge.to) {
        const reach = 70 + i * 26;
        const start = { x: a.x - radius * 0.7, y: a.y - radius * 0.7 };
        const end = { x: a.x + radius * 0.7, y: a.y - radius * 0.7 };
        d = `M${xy(start)} C${xy({ x: a.x - 48, y: a.y - reach })} ${xy({
          x: a.x + 48,
          y: a.y - reach,
        })} ${xy(end)}`;
        labelAt = placeLabel(label, () => ({ x: a.x, y: a.y - reach + 10 }));
      } else {
        const blocked = types
          .filter((t) => t !== edge.from && t !== edge.to)
          .some((t) => distanceToSegment(at(t), a, b) < radius + 24);
        if (blocked) {
          // Around everything: out to a lane above (or below) all types,
          // along it, and back; each such arrow has a lane of its own.
          // Above when the arrow is in the upper half, below in the lower;
          // arrows along the middle take the side with fewer lanes so far.
          const offset = (a.y + b.y) / 2 - middle;
          const up =
            Math.abs(offset) < rowGap / 4 ? lanesUp <= lanesDown : offset < 0;
          const lane = up
            ? top - 34 - 26 * lanesUp++
            : bottom + 34 + 26 * lanesDown++;
          // Leave and enter sideways, so that the climbs to the lane run in
          // the gaps between columns rather than through other types.
          const dir = Math.sign(b.x - a.x) || 1;
          const start = { x: a.x + dir * radius, y: a.y };
          const end = { x: b.x - dir * (radius + 3), y: b.y };
          const turn = 50;
          d =
            `M${xy(start)} C${xy({ x: start.x + dir * turn, y: start.y })} ${xy(
              {
                x: start.x + dir * turn,
                y: lane,
              },
            )} ${xy({ x: start.x + dir * 2 * turn, y: lane })}` +
            ` L${xy({ x: end.x - dir * 2 * turn, y: lane })} C${xy({
              x: end.x - dir * turn,
              y: lane,
            })} ${xy({ x: end.x - dir * turn, y: end.y })} ${xy(end)}`;
          labelAt = placeLabel(label, (t) => ({
            x:
              start.x + dir * 2 * turn + t * (end.x - start.x - 4 * dir * turn),
            y: lane,
          }));
        } else {
          // Parallel arrows spread apart; arrows within a column bow out.
          const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
          const direction = unit({ x: b.x - a.x, y: b.y - a.y });
          let normal = { x: -direction.y, y: direction.x };
          if (normal.y > 0 || (normal.y === 0 && normal.x < 0))
            normal = { x: -normal.x, y: -normal.y };
          const bend =
            (a.column === b.column ? 50 : 0) +
            (i - (bundle.length - 1) / 2) * 46;
          const control = {
            x: mid.x + normal.x * bend,
            y: mid.y + normal.y * bend,
          };
          const start = towards(a, control, radius);
          const end = towards(b, control, radius + 3);
          d = `M${xy(start)} Q${xy(control)} ${xy(end)}`;
          labelAt = placeLabel(label, (t) => ({
            x:
              (1 - t) ** 2 * start.x +
              2 * t * (1 - t) * control.x +
              t ** 2 * end.x,
            y:
              (1 - t) ** 2 * start.y +
              2 * t * (1 - t) * control.y +
              t ** 2 * end.y,
          }));
        }
      }
      const color = classColor(edge.relationshipClass);
      const title = `${edge.from} ${edge.relationshipClass} ${edge.to}: ${edge.count} (${edge.relationshipType})`;
      paths.push(
        `<g class="type-edge" data-class="${escapeHtml(
          edge.relationshipClass,
        )}"><title>${escapeHtml(title)}</title>` +
          `<path d="${d}" stroke="${color}" fill="none" stroke-width="2" marker-end="url(#arrow-${arrowId(
            edge.relationshipClass,
          )})"/>` +
          `<text x="${round(labelAt.x)}" y="${round(
            labelAt.y + 4,
          )}" class="edge-label">${escapeHtml(label)}</text></g>`,
      );
    });
  }

  // Lanes may run above or below the types: the picture grows to hold them.
  const viewTop = top - 30 - 26 * lanesUp;
  const viewBottom = bottom + 30 + 26 * lanesDown;

  const circles = nodes.map((node) => {
    const p = at(node.type);
    const fill = node.mapped ? '#ffffff' : typeColor(types, node.type);
    const stroke = node.mapped ? '#5d6d7e' : '#ffffff';
    const dash = node.mapped ? ' stroke-dasharray="4 3"' : '';
    return (
      `<g class="type-node${
        node.mapped ? ' mapped' : ''
      }" data-type="${escapeHtml(node.type)}"><title>${escapeHtml(
        `${node.type}: ${node.count}${
          node.mapped
            ? ' relationships to it (owned by another integration)'
            : ''
        }`,
      )}</title>` +
      `<circle cx="${round(p.x)}" cy="${round(
        p.y,
      )}" r="${radius}" fill="${fill}" stroke="${stroke}" stroke-width="2"${dash}/>` +
      `<text x="${round(p.x)}" y="${round(p.y + 5)}" class="node-count">${
        node.count
      }</text>` +
      `<text x="${round(p.x)}" y="${round(
        p.y + radius + 16,
      )}" class="node-label">${escapeHtml(node.type)}</text></g>`
    );
  });

  return (
    `<svg class="graph type-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 ${round(
      viewTop,
    )} ${width} ${round(
      viewBottom - viewTop,
    )}" style="max-width:${width}px" role="img" aria-label="Entity types and relationship classes">` +
    arrowMarkers(edges.map((e) => e.relationshipClass)) +
    paths.join('') +
    circles.join('') +
    '</svg>'
  );
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
  );
}

interface Placed {
  column: number;
  row: number;
  columnSize: number;
}

/**
 * Columns by the longest chain of relationships leading to a type (edges
 * that would close a cycle are left out of that count), rows within a
 * column ordered by where their neighbours in the previous column sit.
 * Deterministic: ties go by type name.
 */
function layeredLayout(
  nodes: TypeNode[],
  edges: TypeEdge[],
): { position: Map<string, Placed>; columns: number; rows: number } {
  const names = nodes.map((n) => n.type).sort();
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of edges)
    if (e.from !== e.to && out.has(e.from) && out.has(e.to))
      out.get(e.from)!.push(e.to);
  for (const targets of out.values()) targets.sort();

  // Depth-first from every type in name order: the finishing order reversed
  // is a topological order of the edges that are not back edges.
  const state = new Map<string, 'open' | 'done'>();
  const finished: string[] = [];
  const forward = new Map<string, string[]>(names.map((n) => [n, []]));
  const visit = (type: string) => {
    state.set(type, 'open');
    for (const next of out.get(type)!) {
      if (state.get(next) === 'open') continue; // back edge: closes a cycle
      forward.get(type)!.push(next);
      if (!state.has(next)) visit(next);
    }
    state.set(type, 'done');
    finished.push(type);
  };
  // Sources first, so that the account (nothing points at it) leads.
  const incoming = new Set(
    edges.filter((e) => e.from !== e.to).map((e) => e.to),
  );
  for (const type of [
    ...names.filter((n) => !incoming.has(n)),
    ...names.filter((n) => incoming.has(n)),
  ])
    if (!state.has(type)) visit(type);

  const column = new Map<string, number>(names.map((n) => [n, 0]));
  for (const type of finished.reverse())
    for (const next of forward.get(type)!)
      column.set(next, Math.max(column.get(next)!, column.get(type)! + 1));

  const columns = Math.max(0, ...column.values()) + 1;
  const byColumn: string[][] = Array.from({ length: columns }, () => []);
  for (const type of names) byColumn[column.get(type)!].push(type);
  const rowOf = new Map<string, number>();
  byColumn.forEach((members, c) => {
    const weight = (type: string) => {
      const before = edges
        .filter((e) => e.to === type && column.get(e.from) === c - 1)
        .map((e) => rowOf.get(e.from)!);
      return before.length
        ? before.reduce((x, y) => x + y, 0) / before.length
        : Number.POSITIVE_INFINITY;
    };
    members.sort((x, y) => weight(x) - weight(y) || x.localeCompare(y));
    members.forEach((type, row) => rowOf.set(type, row));
  });

  const position = new Map<string, Placed>();
  for (const type of names) {
    const c = column.get(type)!;
    position.set(type, {
      column: c,
      row: rowOf.get(type)!,
      columnSize: byColumn[c].length,
    });
  }
  return {
    position,
    columns,
    rows: Math.max(1, ...byColumn.map((m) => m.length)),
  };
}

/**
 * Assigned against used seats per application, as horizontal bars on one
 * scale: a bar as long as the application's assigned seats, its used part
 * solid and its unused part light, the numbers beside it. Drawn here by
 * hand: a few rectangles need no charting library, and one would have to be
 * vendored inline into every report (which loads nothing from anywhere).
 * The bars carry their numbers (data-assigned, data-used, data-unused).
 */
export function seatChartSvg(seats: SeatSummary[], id: string): string {
  if (seats.length === 0) return '';
  const width = 760;
  const labelRight = 200;
  const barLeft = 210;
  const barWidth = 400;
  const rowHeight = 26;
  const barHeight = 16;
  const barsTop = 52;
  const max = Math.max(1, ...seats.map((s) => s.assigned));
  const step = niceStep(max);
  const scaleMax = Math.ceil(max / step) * step;
  const x = (n: number) => round(barLeft + (n / scaleMax) * barWidth);
  const height = barsTop + seats.length * rowHeight + 6;

  const ticks: string[] = [];
  for (let n = 0; n <= scaleMax; n += step)
    ticks.push(
      `<line class="grid" x1="${x(n)}" y1="${barsTop - 6}" x2="${x(n)}" y2="${
        height - 4
      }"/><text class="tick" x="${x(n)}" y="${barsTop - 12}">${n}</text>`,
    );
  const bars = seats.map((seat, i) => {
    const top = barsTop + i * rowHeight + (rowHeight - barHeight) / 2;
    const middle = top + barHeight / 2 + 4;
    const name = seat.application.name;
    const shown = name.length > 28 ? `${name.slice(0, 27)}…` : name;
    return (
      `<g class="bar" data-application="${escapeHtml(
        seat.application.key,
      )}" data-assigned="${seat.assigned}" data-used="${
        seat.signedIn
      }" data-unused="${seat.unused}"><title>${escapeHtml(
        `${name}: ${seat.assigned} assigned seats, ${seat.signedIn} used in the window, ${seat.unused} unused`,
      )}</title>` +
      `<text class="label" x="${labelRight}" y="${middle}">${escapeHtml(
        shown,
      )}</text>` +
      `<rect class="assigned" x="${barLeft}" y="${top}" width="${round(
        x(seat.assigned) - barLeft,
      )}" height="${barHeight}"/>` +
      `<rect class="used" x="${barLeft}" y="${top}" width="${round(
        x(seat.signedIn) - barLeft,
      )}" height="${barHeight}"/>` +
      `<text class="value" x="${x(seat.assigned) + 6}" y="${middle}">${
        seat.signedIn
      } used of ${seat.assigned}</text></g>`
    );
  });
  const legend =
    `<g class="chart-legend"><rect class="used" x="${barLeft}" y="6" width="12" height="12"/>` +
    `<text x="${barLeft + 18}" y="16">used in the window</text>` +
    `<rect class="assigned" x="${
      barLeft + 150
    }" y="6" width="12" height="12"/>` +
    `<text x="${barLeft + 168}" y="16">assigned, not used</text></g>`;
  return (
    `<svg id="${escapeHtml(
      id,
    )}" class="chart seat-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" style="max-width:${width}px" role="img" aria-label="Assigned and used seats per application">` +
    legend +
    ticks.join('') +
    bars.join('') +
    '</svg>'
  );
}

/** 1, 2 or 5 times a power of ten: at most about five grid lines up to max. */
function niceStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough || 1));
  for (const factor of [1, 2, 5, 10])
    if (factor * power >= rough) return Math.max(1, factor * power);
  return Math.max(1, 10 * power);
}

/**
 * Legend entries for types and relationship classes, as HTML; types other
 * integrations own (mapped) are dashed, as in the picture.
 */
export function legendHtml(
  types: string[],
  classes: string[],
  mapped: Set<string> = new Set(),
): string {
  const typeItems = types.map((type) => {
    const dot = mapped.has(type)
      ? '<circle cx="6" cy="6" r="5" fill="#fff" stroke="#5d6d7e" stroke-dasharray="2 2"/>'
      : `<circle cx="6" cy="6" r="5" fill="${typeColor(types, type)}"/>`;
    return `<span class="legend-item"><svg width="12" height="12">${dot}</svg>${escapeHtml(
      type,
    )}</span>`;
  });
  const classItems = [...new Set(classes)]
    .sort()
    .map(
      (c) =>
        `<span class="legend-item"><svg width="22" height="12"><line x1="1" y1="6" x2="21" y2="6" stroke="${classColor(
          c,
        )}" stroke-width="3"/></svg>${escapeHtml(c)}</span>`,
    );
  return `<div class="legend">${typeItems.join('')}${classItems.join(
    '',
  )}</div>`;
}

function arrowMarkers(classes: string[]): string {
  const markers = [...new Set(classes)].map(
    (c) =>
      `<marker id="arrow-${arrowId(
        c,
      )}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${classColor(
        c,
      )}"/></marker>`,
  );
  return `<defs>${markers.join('')}</defs>`;
}

function arrowId(relationshipClass: string): string {
  return relationshipClass.replace(/[^A-Za-z0-9]/g, '_');
}

/** How far p is from the segment a–b. */
function distanceToSegment(
  p: { x: number; y: number },
  a: { x: number; y: number },
  b: { x: number; y: number },
): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy || 1;
  const t = Math.max(
    0,
    Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared),
  );
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function unit(v: { x: number; y: number }): { x: number; y: number } {
  const length = Math.hypot(v.x, v.y) || 1;
  return { x: v.x / length, y: v.y / length };
}

function xy(p: { x: number; y: number }): string {
  return `${round(p.x)},${round(p.y)}`;
}

function towards(
  from: { x: number; y: number },
  to: { x: number; y: number },
  distance: number,
): { x: number; y: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  return {
    x: from.x + (dx / length) * distance,
    y: from.y + (dy / length) * distance,
  };
}
