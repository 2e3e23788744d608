/**
 * `mci-sim`: the only place that reads argv, handles signals and exits (STYLE: autocannon).
 * Each sub-command lives in `commands/<name>.ts` and exports `register<Name>(program)`.
 */
import { Command } from 'commander';
import { registerServe } from './commands/serve';
import { registerRecord } from './commands/record';
import { registerBridge } from './commands/bridge';
import { registerLoad } from './commands/load';

const program = new Command('mci-sim')
  .description('MCI simulator harness: serve the MCI protocol, record, load-test and bridge to Prometheus')
  .showHelpAfterError();

// Sub-commands register here, one line each.
registerServe(program);
registerRecord(program);
registerBridge(program);
registerLoad(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
