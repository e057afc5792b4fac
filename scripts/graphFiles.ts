import { promises as fs } from 'fs';
import * as path from 'path';
import { brotliDecompressSync } from 'zlib';
import { GraphObject, Summary } from './collection';
import { Entities, Relationships } from '../src/steps/constants';

/**
 * Reading what `j1-integration collect` wrote one file at a time: the SDK
 * writes at most 500 objects per file (graph/<step>/entities/*.json and
 * graph/<step>/relationships/*.json), so only one such file is ever in
 * memory, however large the tenant.
 */

export type GraphKind = 'entities' | 'relationships';

/** A collection on disk: its root (with summary.json) and its graph/. */
export interface CollectionLocation {
  root: string;
  graph: string;
}

/**
 * Accepts the collection root (`.j1-integration`) or its `graph` directory,
 * as people will type either.
 */
export async function locateCollection(
  directory: string,
): Promise<CollectionLocation> {
  const resolved = path.resolve(directory);
  const graphInside = path.join(resolved, 'graph');
  if (await isDirectory(graphInside))
    return { root: resolved, graph: graphInside };
  if (await isDirectory(resolved))
    return { root: path.dirname(resolved), graph: resolved };
  throw new Error(
    `No collection at ${directory}: run "npm start" (or "npx j1-integration collect") first.`,
  );
}

/** summary.json of a collection, when there is one. */
export async function readSummary(root: string): Promise<Summary | undefined> {
  try {
    return JSON.parse(
      await fs.readFile(path.join(root, 'summary.json'), 'utf8'),
    ) as Summary;
  } catch {
    return undefined;
  }
}

/**
 * Calls `visit` for every entity or every relationship under a graph
 * directory, in a stable order (files sorted by path). Returns how many.
 */
export async function forEachGraphObject(
  graphDirectory: string,
  kind: GraphKind,
  visit: (object: GraphObject) => void,
): Promise<number> {
  let count = 0;
  for (const file of await graphFiles(graphDirectory, kind)) {
    const content = await readGraphFile(file);
    for (const object of (content[kind] ?? []) as GraphObject[]) {
      visit(object);
      count++;
    }
  }
  return count;
}

async function graphFiles(
  directory: string,
  kind: GraphKind,
): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (
        entry.isFile() &&
        entry.name.endsWith('.json') &&
        path.basename(dir) === kind
      )
        files.push(full);
    }
  };
  await walk(directory);
  return files.sort();
}

/** JSON, or brotli-compressed JSON (INTEGRATION_FILE_COMPRESSION_ENABLED). */
async function readGraphFile(
  file: string,
): Promise<Record<string, unknown[] | undefined>> {
  const bytes = await fs.readFile(file);
  const text =
    bytes[0] === 0x7b /* { */ || bytes[0] === 0x20 || bytes[0] === 0x0a
      ? bytes.toString('utf8')
      : brotliDecompressSync(bytes).toString('utf8');
  return JSON.parse(text);
}

async function isDirectory(directory: string): Promise<boolean> {
  try {
    return (await fs.stat(directory)).isDirectory();
  } catch {
    return false;
  }
}

/** The graph types the report and the change report read, named once. */
export const Types = {
  USER: Entities.USER._type,
  GROUP: Entities.GROUP._type,
  APPLICATION: Entities.APPLICATION._type,
  ACCOUNT: Entities.ACCOUNT._type,
  ADMIN: Entities.ADMIN._type,
  DEVICE: Entities.DEVICE._type,
  USES: Relationships.USER_USES_APPLICATION._type,
  USER_ASSIGNED: Relationships.USER_ASSIGNED_APPLICATION._type,
  GROUP_ASSIGNED: Relationships.GROUP_ASSIGNED_APPLICATION._type,
  GROUP_HAS_USER: Relationships.GROUP_HAS_USER._type,
  USES_DEVICE: Relationships.USER_USES_DEVICE._type,
} as const;
