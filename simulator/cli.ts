/**
 * `mci-sim`: the entry point. It reads argv and hands it to the sub-commands; each lives in
 * `commands/<name>.ts`, exports `register<Name>(program)` and is the one place that reads its own
 * flags and environment, handles signals and exits. Only this file and `commands/` touch
 * `process`: the modules they call never read argv, the environment or signals, and never exit.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Sub-commands, one line each. A process runs one of them, so only its module is loaded: loading
 * every command (the load tool, the bridge, Redis, the seeder) doubled the start-up CPU of `serve`,
 * and tests and benchmarks start it dozens of times. Help and unknown commands load them all.
 * `require`, not `import()`: tsx runs this file as CommonJS, and `import()` would bypass it.
 */
const COMMANDS: Record<string, () => Register> = {
  serve: () => (require('./commands/serve') as typeof import('./commands/serve')).registerServe,
  record: () => (require('./commands/record') as typeof import('./commands/record')).registerRecord,
  bridge: () => (require('./commands/bridge') as typeof import('./commands/bridge')).registerBridge,
  load: () => (require('./commands/load') as typeof import('./commands/load')).registerLoad,
  engine: () => (require('./commands/engine') as typeof import('./commands/engine')).registerEngine,
  gateway: () => (require('./commands/gateway') as typeof import('./commands/gateway')).registerGateway,
  seed: () => (require('./commands/seed') as typeof import('./commands/seed')).registerSeed,
};

async function main(argv: string[]): Promise<void> {
  const program = new Command('mci-sim')
    .description(
      'MCI simulator harness: serve the MCI protocol, seed history, record, load-test and bridge to Prometheus'
    )
    .showHelpAfterError();
  const named = argv[2];
  const names = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  for (const name of names) {
    COMMANDS[name]()(program);
  }
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
