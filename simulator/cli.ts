/**
 * `mci-sim`: the entry point. It reads argv and hands it to the sub-commands; each lives in
 * `commands/<name>.ts`, exports `register<Name>(program)` and is the one place that reads its own
 * flags and environment, handles signals and exits. Only this file and `commands/` touch
 * `process`: the modules they call never read argv, the environment or signals, and never exit.
 */
import { Command } from 'commander';
import { registerServe } from './commands/serve';
import { registerRecord } from './commands/record';
import { registerBridge } from './commands/bridge';
import { registerLoad } from './commands/load';
import { registerSeed } from './commands/seed';

const program = new Command('mci-sim')
  .description(
    'MCI simulator harness: serve the MCI protocol, seed history, record, load-test and bridge to Prometheus'
  )
  .showHelpAfterError();

// Sub-commands register here, one line each.
registerServe(program);
registerRecord(program);
registerBridge(program);
registerLoad(program);
registerSeed(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
