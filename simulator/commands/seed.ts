/**
 * `mci-sim seed --duration 24h --store …`: fill a store with the history of the span that ends
 * now, from the deterministic engine on its virtual clock, under its own epoch, with a progress
 * bar on stderr. The one place that reads the seed's flags and exits.
 */
import { SingleBar, Presets } from 'cli-progress';
import { Option, type Command } from 'commander';
import pino from 'pino';
import { integerOption } from '../config/numericOptions';
import { storeLocation } from '../config/serveConfig';
import { createEngine, formatDuration, parseDuration } from '../engine';
import { DEFAULT_SERVE_CONFIG as D } from '../server/serverConfig';
import { seedHistory } from '../server/seedHistory';
import { openStore } from '../store/openStore';
import { parseStoreUrl } from '../store/storeUrl';

interface SeedFlags {
  duration: string;
  store?: string;
  dataDir: string;
  seed: string;
  storeSampleInterval?: string;
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('fill a store with the history of the span that ends now (default: the last 24 hours), fast')
    .addOption(new Option('--duration <duration>', 'how much history, e.g. 24h or 90m').default('24h'))
    .addOption(
      new Option(
        '--store <location>',
        'memory, sqlite:<file> or mysql://… (default sqlite:<data dir>/telemetry.db)'
      ).env('MCI_SIM_STORE')
    )
    .addOption(
      new Option('--data-dir <dir>', 'directory of the default SQLite store').default(D.dataDir).env('MCI_SIM_DATA_DIR')
    )
    .addOption(new Option('--seed <n>', 'seed of the simulated engine').default(String(D.seed)))
    .addOption(
      new Option('--store-sample-interval <duration>', 'state channels are stored at most once per this interval').env(
        'MCI_SIM_STORE_SAMPLE_INTERVAL'
      )
    )
    .action(async (flags: SeedFlags) => {
      const durationMs = parseDuration(flags.duration);
      const location = storeLocation({ store: flags.store, dataDir: flags.dataDir });
      parseStoreUrl(location);
      const logger = pino({ level: 'warn', base: { service: 'mci-sim' } }, pino.destination({ dest: 2, sync: true }));
      const store = await openStore(location);
      const bar = new SingleBar(
        { format: 'seed [{bar}] {percentage}% | {value}/{total} virtual min | {events} events | {duration_formatted}' },
        Presets.shades_classic
      );
      const minutes = Math.ceil(durationMs / 60_000);
      bar.start(minutes, 0, { events: 0 });
      const started = Date.now();
      try {
        const result = await seedHistory({
          store,
          createEngine,
          engine: { seed: integerOption('seed', flags.seed, D.seed, 0, Number.MAX_SAFE_INTEGER) },
          durationMs,
          end: Date.now(),
          logger,
          retention: { rawMs: D.retentionRawMs, aggregateMs: D.retentionAggregateMs },
          stateSampleMs:
            flags.storeSampleInterval === undefined ? D.storeSampleMs : parseDuration(flags.storeSampleInterval),
          onProgress: (doneMs, events) => bar.update(Math.floor(doneMs / 60_000), { events }),
        });
        bar.stop();
        process.stderr.write(
          `Seeded ${formatDuration(durationMs)} of history (${result.events.toLocaleString('en-US')} events, epoch ${result.epoch}) ` +
            `into ${store.location} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
        );
      } finally {
        bar.stop();
        await store.close();
      }
    });
}
