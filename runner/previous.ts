import { promises as fs } from 'fs';
import * as path from 'path';
import { PREVIOUS_DIRECTORY_NAME } from '../report/collections';
import { NOTES_FILE } from '../report/notes';

/**
 * `j1-integration collect` wipes `.j1-integration/` when it starts, so
 * `npm start` moves the last collection aside first: `npm run changes` then
 * compares the two.
 */

/** What is kept of a collection: its graph, summary and notes. */
const KEPT = ['graph', 'summary.json', NOTES_FILE];

/**
 * Moves the collection in `<root>/.j1-integration` (when it finished: it has
 * a summary.json) to `<root>/.j1-integration-previous`, replacing what was
 * there. Renames only, so it takes no time at any size. Returns where it
 * went, or undefined when there was nothing to keep.
 */
export async function keepPreviousCollection(
  root: string,
): Promise<string | undefined> {
  const current = path.join(root, '.j1-integration');
  const previous = path.join(root, PREVIOUS_DIRECTORY_NAME);
  try {
    await fs.access(path.join(current, 'summary.json'));
  } catch {
    return undefined; // nothing collected yet, or a run that did not finish
  }
  await fs.rm(previous, { recursive: true, force: true });
  await fs.mkdir(previous, { recursive: true });
  for (const name of KEPT) {
    await fs
      .rename(path.join(current, name), path.join(previous, name))
      .catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
  }
  return previous;
}
