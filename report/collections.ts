import { promises as fs } from 'fs';
import * as path from 'path';
import { brotliDecompressSync } from 'zlib';
import { Entities, Relationships } from '../src/steps/constants';

/**
 * Collections on disk: where they are, and reading what `j1-integration
 * collect` wrote one file at a time. The SDK writes at most 500 objects per
 * file (graph/<step>/entities/*.json and graph/<step>/relationships/*.json),
 * so only one such file is ever in memory, however large the tenant.
 */

export const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Where `j1-integration collect` writes, in the project. */
export const OUTPUT_DIRECTORY = path.join(PROJECT_ROOT, '.j1-integration');
/** Where `npm start` keeps the collection before the last, for `npm run changes`. */
export const PREVIOUS_DIRECTORY_NAME = '.j1-integration-previous';

export type GraphKind = 'entities' | 'relationships';

/**
 * A collection on disk, as both offline tools open it: where it is, and
 * whether it is complete.
 */
export interface OpenCollection {
  /** The folder with graph/ (and summary.json when the run finished). */
  root: string;
  graph: string;
  /** Undefined when the run did not finish (or summary.json is unreadable). */
  summary?: Summary;
  /** Steps whose status is not `success`, in the summary's order. */
  failedSteps: StepResult[];
  /** metadata.partialDatasets.types of the summary. */
  partialTypes: string[];
  /** It finished, every step succeeded and no type is partial. */
  complete: boolean;
}

/** Said instead of a report of zeros when a folder holds no collection. */
export class NoCollectionError extends Error {}

export interface OpenCollectionOptions {
  /** How the refusal names the folder: "collection", "previous collection". */
  name?: string;
  /** What the refusal tells the user to do, lower case, without a period. */
  whatToDo?: string;
}

const COLLECT_FIRST =
  'run "npm start" (or "npx j1-integration collect") to collect one';

/**
 * Opens a collection, or refuses with one sentence (a NoCollectionError).
 *
 * `directory` is a collection root (the folder with `graph/`, e.g.
 * `.j1-integration`) or, as people will type either, that `graph` folder
 * itself; then the root is its parent. It holds a collection when the root
 * has a summary.json (the run finished, even if it collected nothing) or the
 * graph folder has at least one graph file (`<step>/entities/*.json` or
 * `<step>/relationships/*.json`: a run that did not finish). Anything else
 * (a missing folder, an empty `graph/`, the `index.html` that
 * `j1-integration visualize` leaves) is refused: read as a collection, it
 * would report zeros, and "everyone was removed" to the change report.
 */
export async function openCollection(
  directory: string,
  options: OpenCollectionOptions = {},
): Promise<OpenCollection> {
  const resolved = path.resolve(directory);
  const refuse = (reason: string) =>
    new NoCollectionError(
      `No ${options.name ?? 'collection'} at ${resolved}: ${reason}; ${
        options.whatToDo ?? COLLECT_FIRST
      }.`,
    );
  if (!(await exists(resolved))) throw refuse('the folder does not exist');
  if (!(await isDirectory(resolved))) throw refuse('it is not a folder');
  const root =
    path.basename(resolved) === 'graph' &&
    !(await isDirectory(path.join(resolved, 'graph')))
      ? path.dirname(resolved)
      : resolved;
  const graph = path.join(root, 'graph');
  const summary = await readSummary(root);
  if (
    !summary &&
    (await graphFiles(graph, 'entities')).length === 0 &&
    (await graphFiles(graph, 'relationships')).length === 0
  )
    throw refuse(
      root === resolved
        ? 'it has no summary.json and no graph files under graph/'
        : 'it has no graph files, and there is no summary.json next to it',
    );
  const failedSteps = (summary?.integrationStepResults ?? []).filter(
    (step) => step.status !== 'success',
  );
  const partialTypes = summary?.metadata?.partialDatasets?.types ?? [];
  return {
    root,
    graph,
    summary,
    failedSteps,
    partialTypes,
    complete:
      !!summary && failedSteps.length === 0 && partialTypes.length === 0,
  };
}

/**
 * Why one type may be incomplete in a collection, as a clause ("step
 * \"Fetch Users\" failed"), or undefined when it was read completely.
 */
export function whyIncomplete(
  collection: OpenCollection,
  type: string,
): string | undefined {
  const { summary } = collection;
  if (!summary) return 'the run did not finish (there is no summary.json)';
  const step = stepReading(summary, type);
  if (!step) return `no step of the collection reads ${type}`;
  if (step.status !== 'success')
    return `step "${step.name}" ${statusInWords(step.status)}`;
  if (collection.partialTypes.includes(type))
    return `${type} is listed as partial`;
  return undefined;
}

/** Whether a type was not read at all (its step did not run). */
export function notRead(collection: OpenCollection, type: string): boolean {
  const { summary } = collection;
  if (!summary) return false; // not known: the run stopped somewhere
  const step = stepReading(summary, type);
  return (
    !step || step.status === 'disabled' || step.status === 'pending_evaluation'
  );
}

/**
 * One line that says why a collection is incomplete, for the top of the
 * report; undefined when it is complete.
 */
export function incompleteLine(collection: OpenCollection): string | undefined {
  if (collection.complete) return undefined;
  if (!collection.summary)
    return 'This collection is incomplete: the run did not finish (there is no summary.json), so any finding may be incomplete.';
  const parts: string[] = [];
  if (collection.failedSteps.length > 0)
    parts.push(
      `steps that did not succeed: ${collection.failedSteps
        .map((s) => `"${s.name}" (${statusInWords(s.status)})`)
        .join(', ')}`,
    );
  if (collection.partialTypes.length > 0)
    parts.push(`partial types: ${collection.partialTypes.join(', ')}`);
  return `This collection is incomplete: ${parts.join(
    '; ',
  )}; findings built on these types may be incomplete (the warnings of the collection say why).`;
}

/** The step that declares a type, which is the one that reads it. */
function stepReading(summary: Summary, type: string): StepResult | undefined {
  return summary.integrationStepResults.find((step) =>
    (step.declaredTypes ?? []).includes(type),
  );
}

function statusInWords(status: string): string {
  switch (status) {
    case 'failure':
      return 'failed';
    case 'partial_success_due_to_dependency_failure':
      return 'ran after a step it depends on failed';
    case 'disabled':
      return 'was disabled';
    case 'pending_evaluation':
      return 'did not run';
    default:
      return `ended as ${status}`;
  }
}

/**
 * summary.json of a collection, when there is one; one cut short or not
 * written by collect (no step results) counts as none.
 */
export async function readSummary(root: string): Promise<Summary | undefined> {
  try {
    const summary = JSON.parse(
      await fs.readFile(path.join(root, 'summary.json'), 'utf8'),
    ) as Summary;
    return Array.isArray(summary?.integrationStepResults) ? summary : undefined;
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

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
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
  ADMIN_IS_USER: Relationships.ADMIN_IS_USER._type,
  AUTH_POLICY: Entities.AUTH_POLICY._type,
  SAAS_APPLICATION: Entities.SAAS_APPLICATION._type,
  SAAS_ACCOUNT: Entities.SAAS_ACCOUNT._type,
  SAAS_HAS_ACCOUNT: Relationships.SAAS_APPLICATION_HAS_ACCOUNT._type,
  SAAS_IS_APPLICATION: Relationships.SAAS_APPLICATION_IS_APPLICATION._type,
} as const;

/** The types above in words, for sentences about them. */
export const TYPE_NOUNS: Record<string, string> = {
  [Types.USER]: 'users',
  [Types.GROUP]: 'user groups',
  [Types.APPLICATION]: 'applications',
  [Types.ACCOUNT]: 'organizations',
  [Types.ADMIN]: 'administrators',
  [Types.DEVICE]: 'devices',
  [Types.USES]: 'sign-ins',
  [Types.USER_ASSIGNED]: 'application assignments to users',
  [Types.GROUP_ASSIGNED]: 'application assignments to groups',
  [Types.GROUP_HAS_USER]: 'group memberships',
  [Types.USES_DEVICE]: 'users bound to devices',
  [Types.ADMIN_IS_USER]: 'administrators linked to users',
  [Types.AUTH_POLICY]: 'authentication policies',
  [Types.SAAS_APPLICATION]: 'discovered applications',
  [Types.SAAS_ACCOUNT]: 'accounts in discovered applications',
  [Types.SAAS_HAS_ACCOUNT]: 'accounts of discovered applications',
  [Types.SAAS_IS_APPLICATION]:
    'discovered applications matched to SSO applications',
};

export interface StepResult {
  id: string;
  name: string;
  status: string;
  dependsOn?: string[];
  declaredTypes: string[];
  partialTypes: string[];
  encounteredTypes: string[];
}

export interface Summary {
  integrationStepResults: StepResult[];
  metadata: { partialDatasets: { types: string[] } };
}

export interface GraphObject {
  _key: string;
  _type: string;
  [property: string]: unknown;
}

export interface Collection {
  summary: Summary;
  entities: GraphObject[];
  relationships: GraphObject[];
}

/** Where collect writes when run with this work directory. */
export function outputDirectory(workDirectory = PROJECT_ROOT): string {
  return path.join(workDirectory, '.j1-integration');
}

/** Everything collect wrote: the summary and every entity and relationship. */
export async function readCollection(
  directory = OUTPUT_DIRECTORY,
): Promise<Collection> {
  const summary = JSON.parse(
    await fs.readFile(path.join(directory, 'summary.json'), 'utf8'),
  ) as Summary;
  const entities: GraphObject[] = [];
  const relationships: GraphObject[] = [];
  const graph = path.join(directory, 'graph');
  await forEachGraphObject(graph, 'entities', (o) => entities.push(o));
  await forEachGraphObject(graph, 'relationships', (o) =>
    relationships.push(o),
  );
  return { summary, entities, relationships };
}

/**
 * Counts per type of what collect wrote, one file at a time, so that a very
 * large collection need not fit in memory at once.
 */
export async function countCollection(directory = OUTPUT_DIRECTORY): Promise<{
  entities: Map<string, number>;
  relationships: Map<string, number>;
}> {
  const graph = path.join(directory, 'graph');
  const count = async (kind: GraphKind) => {
    const counts = new Map<string, number>();
    await forEachGraphObject(graph, kind, (o) => {
      counts.set(o._type, (counts.get(o._type) ?? 0) + 1);
    });
    return counts;
  };
  return {
    entities: await count('entities'),
    relationships: await count('relationships'),
  };
}
