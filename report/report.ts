/**
 * `npm run report [-- <collection directory>] [--out <file>]`: the offline
 * report of a collection, as one self-contained HTML file (by default
 * `report.html` in the collection root, `.j1-integration/report.html`), with
 * its headline printed here.
 *
 * The directory is a collection root (`.j1-integration`, the default) or its
 * `graph` directory. A folder that holds no collection is refused (see
 * openCollection) before anything is written; an incomplete collection is
 * reported, and said to be incomplete in the first line.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { DEFAULT_SSO_EVENTS_DAYS } from '../src/config';
import { OUTPUT_DIRECTORY } from './collections';
import { openCollection } from './collections';
import { readCollectionNotes } from './notes';
import { analyzeCollection, AnalyzeOptions, ReportData } from './analyze';
import { headlineLines, renderReport } from './html';

export interface WriteReportOptions
  extends Omit<AnalyzeOptions, 'ssoEventsDays'> {
  /** Collection root or graph directory; default `.j1-integration`. */
  collectionDirectory?: string;
  /** Default: report.html in the collection root (the folder with graph/). */
  output?: string;
}

export interface WrittenReport {
  file: string;
  data: ReportData;
  headline: string[];
  elapsedMs: number;
}

export async function writeReport(
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const started = Date.now();
  const collection = await openCollection(
    options.collectionDirectory ?? OUTPUT_DIRECTORY,
  );
  const notes = await readCollectionNotes(collection.root);
  const data = await analyzeCollection(collection, {
    ...options,
    ssoEventsDays: notes?.ssoEventsDays ?? windowFromEnvironment(),
  });
  const file = path.resolve(
    options.output ?? path.join(collection.root, 'report.html'),
  );
  await fs.writeFile(file, renderReport(data));
  return {
    file,
    data,
    headline: headlineLines(data),
    elapsedMs: Date.now() - started,
  };
}

/**
 * A collection made with `j1-integration collect` directly has no notes: its
 * window is what SSO_EVENTS_DAYS says now, or the integration's default.
 */
function windowFromEnvironment(): number {
  const days = Number(process.env.SSO_EVENTS_DAYS);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_SSO_EVENTS_DAYS;
}

function parseArgs(argv: string[]): WriteReportOptions {
  const options: WriteReportOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' || arg === '-o') options.output = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'Usage: npm run report [-- <collection directory>] [--out <file>]',
      );
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}`);
    else options.collectionDirectory = arg;
  }
  return options;
}

if (require.main === module) {
  (async () => {
    const report = await writeReport(parseArgs(process.argv.slice(2)));
    for (const line of report.headline) console.log(line);
    const relative = path.relative(process.cwd(), report.file);
    const shown =
      relative && !relative.startsWith('..') ? relative : report.file;
    console.log(`Report: ${shown} (${(report.elapsedMs / 1000).toFixed(1)} s)`);
  })().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
