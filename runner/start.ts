/**
 * `npm start`: collects a JumpCloud tenant and prints what was collected.
 * Without API_KEY (in the environment or .env) it starts the built-in
 * simulator with a demo tenant and collects that; with API_KEY it collects the
 * real tenant the configuration points at. The configuration is checked
 * first, the same way with or without a key (checkConfiguration, which the
 * integration itself uses), and nothing starts when it is wrong.
 *
 * Then it writes the offline report (.j1-integration/report.html), and, when
 * there was an earlier collection (kept in .j1-integration-previous/), says
 * in a line what changed since; `npm run changes` tells the details. The
 * collector's whole log goes to .j1-integration-log.txt (LOG_COLLECT=true
 * also prints it as it runs); when the collection fails, the run ends with a
 * short paragraph: the first error, what to do, and where that log is.
 *
 * START_DIRECTORY=<folder> makes it work in that folder instead of the
 * project (reading .env there, writing .j1-integration, the previous
 * collection and the log there), so that several can run at once.
 */
import * as dotenv from 'dotenv';
import { promises as fs } from 'fs';
import * as path from 'path';
import {
  checkConfiguration,
  CheckedConfiguration,
  configFromEnvironment,
} from '../src/config';
import { PROJECT_ROOT } from '../report/collections';

/** Exit code of a configuration that was refused before anything ran. */
const CONFIGURATION_REFUSED = 2;

async function main(): Promise<number> {
  const root = process.env.START_DIRECTORY
    ? path.resolve(process.env.START_DIRECTORY)
    : PROJECT_ROOT;
  // The collector, run in the project, reads .env there itself; elsewhere
  // only what it is given. Either way it is given all of it.
  const variables: NodeJS.ProcessEnv = {
    ...(await readDotEnv(root)),
    ...process.env,
  };
  let checked: CheckedConfiguration;
  try {
    checked = checkConfiguration(configFromEnvironment(variables), {
      environment: variables,
      keyOptional: true,
    });
  } catch (err) {
    console.error((err as Error).message);
    return CONFIGURATION_REFUSED;
  }
  // Loaded only now: a refused configuration is told at once.
  const { collectAndReport } = await import('./startRun');
  return collectAndReport(root, variables, checked);
}

async function readDotEnv(root: string): Promise<Record<string, string>> {
  try {
    return dotenv.parse(await fs.readFile(path.join(root, '.env')));
  } catch {
    return {};
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
