import * as path from 'path';
import { generateTenant, Tenant } from '../simulator';
import { RevisionChange } from '../simulator/revision';
import { PREVIOUS_DIRECTORY_NAME } from '../report/collections';
import { CollectionNotes, readCollectionNotes } from '../report/notes';

/**
 * The demo tenant `npm start` collects when no API_KEY is set. It moves a
 * little between the runs of a day, so that `npm run changes` has something
 * to show: the first run of a (UTC) day collects revision 0, each later run
 * the revision after the one of the previous collection (see reviseTenant in
 * simulator/revision.ts). The revision is kept in the collection notes.
 */

export const DEMO_API_KEY = 'demo-key-for-the-built-in-simulator';

/** What the notes of a demo collection add: which day's tenant (its clock, ISO 8601), and its revision. */
export type DemoNote = NonNullable<CollectionNotes['demo']>;

/**
 * The simulator derives ids from creation times counted back from "now": a
 * clock fixed to the start of the day keeps the demo's ids, and so
 * `npm run changes` between two demo runs of a day, stable.
 */
export function demoDay(now: Date = new Date()): Date {
  const day = new Date(now);
  day.setUTCHours(0, 0, 0, 0);
  return day;
}

export function demoTenant(day: Date, revision = 0): Tenant {
  return generateTenant({ seed: 1, ssoEvents: 12_000, now: day, revision });
}

/**
 * The revision the next demo run collects: one more than that of the
 * previous collection (the one `npm run changes` compares with) when it was
 * a demo collection of the same day, else 0.
 */
export async function nextDemoRevision(
  root: string,
  day: Date,
): Promise<number> {
  const notes = (await readCollectionNotes(
    path.join(root, PREVIOUS_DIRECTORY_NAME),
  )) as CollectionNotes | undefined;
  const demo = notes?.demo;
  if (
    !demo ||
    demo.day !== day.toISOString() ||
    !Number.isInteger(demo.revision) ||
    demo.revision < 0
  )
    return 0;
  return demo.revision + 1;
}

/** What the run says about the demo tenant's revision, in a sentence. */
export function describeRevision(tenant: Tenant): string {
  if (tenant.revision === 0) {
    return (
      'The demo tenant changes a little with each run of the day: run npm start again, ' +
      'then npm run changes to see what changed.'
    );
  }
  const change: RevisionChange | undefined =
    tenant.revisionChanges[tenant.revision - 1];
  const what = [
    change?.suspendedUserId && 'a user was suspended',
    change?.membership && 'a user was added to a group',
    change?.assignment && 'an application was assigned to a user',
    change?.firstSignIn &&
      'a user signed in to an application for the first time',
    change?.newShadowApplication &&
      'SaaS Management discovered a new shadow-IT application',
    change?.orphanedAccount && 'an orphaned account appeared',
  ].filter(Boolean);
  return (
    `Demo run ${
      tenant.revision + 1
    } of the day: since the previous collection ` +
    `${what.length > 0 ? joinWords(what as string[]) : 'nothing changed'} ` +
    '(npm run changes lists them).'
  );
}

function joinWords(words: string[]): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
