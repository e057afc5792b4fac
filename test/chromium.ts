import { execFile } from 'child_process';
import { accessSync, constants, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Headless Chromium for the end-to-end report test: Debian's `chromium`
 * package (CI installs it), or whatever CHROMIUM_PATH names.
 */

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** CHROMIUM_PATH, when set, is the only candidate. */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : CANDIDATES;
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Opens a local file and returns the DOM as it stands after the page's
 * scripts ran. Everything that could reach the network in the background
 * (updates, sync, first-run pings) is switched off.
 */
export async function dumpDom(chromium: string, file: string): Promise<string> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-chromium-'));
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-extensions',
          `--user-data-dir=${profile}`,
          '--window-size=1280,4000',
          '--dump-dom',
          `file://${file}`,
        ],
        { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`${err.message}\n${stderr}`));
          else resolve(stdout);
        },
      );
    });
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
}

/** The attributes of the first start tag that matches, as a map. */
export function startTagAttributes(
  html: string,
  tagPattern: RegExp,
): Record<string, string> | undefined {
  const match = tagPattern.exec(html);
  if (!match) return undefined;
  const end = html.indexOf('>', match.index);
  const tag = html.slice(match.index, end);
  const attributes: Record<string, string> = {};
  const pair = /([\w-]+)="([^"]*)"/g;
  for (let m = pair.exec(tag); m; m = pair.exec(tag)) attributes[m[1]] = m[2];
  return attributes;
}

/** The markup of <table id="…">…</table>. */
export function tableHtml(html: string, id: string): string {
  const start = html.indexOf(`<table id="${id}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</table>', start));
}

/** data-* pairs of every body row of a table, e.g. user|application keys. */
export function rowKeys(table: string, ...names: string[]): string[] {
  const keys: string[] = [];
  const rows = /<tr [^>]*>/g;
  for (let m = rows.exec(table); m; m = rows.exec(table)) {
    const tag = m[0];
    const values = names.map(
      (name) => new RegExp(`data-${name}="([^"]*)"`).exec(tag)?.[1],
    );
    if (values.every((v) => v !== undefined)) keys.push(values.join('|'));
  }
  return keys;
}
