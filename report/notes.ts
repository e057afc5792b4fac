import { promises as fs } from 'fs';
import * as path from 'path';

/**
 * What `npm start` records next to a collection (`collection.json`), for the
 * report and the change report: the collection itself does not say when it
 * was made or how many days of sign-ins it read.
 */
export interface CollectionNotes {
  collectedAt: number;
  /** Days of sign-ins the collection read. */
  ssoEventsDays: number;
  /** "the built-in demo tenant …" or "the tenant of API_KEY". */
  source: string;
  /** A demo run: its day (UTC) and the demo tenant's revision that day. */
  demo?: { day: string; revision: number };
}

export const NOTES_FILE = 'collection.json';

export async function writeCollectionNotes(
  root: string,
  notes: CollectionNotes,
): Promise<void> {
  await fs.writeFile(
    path.join(root, NOTES_FILE),
    `${JSON.stringify(notes, null, 2)}\n`,
  );
}

export async function readCollectionNotes(
  root: string,
): Promise<CollectionNotes | undefined> {
  try {
    return JSON.parse(
      await fs.readFile(path.join(root, NOTES_FILE), 'utf8'),
    ) as CollectionNotes;
  } catch {
    return undefined;
  }
}
