/**
 * `mci-sim load`: a load test of any MCI server through the project's protocol client, with
 * per-message latency, thresholds (exit code 2 when one fails, naming it), a JSON report, and
 * `mci-sim load merge` to combine reports from several machines. With `commands/loadWorker.ts`, the
 * only place that reads the load flags, handles Ctrl-C and exits for the load tool; the defaults
 * live in `load/loadOptions.ts`.
 */
import { writeFileSync } from 'fs';
import { Option, type Command } from 'commander';
import { createMciClient } from '../../src/client';
import { failedThresholdsMessage, formatProgress, formatSummary } from '../load/format';
import { LiveView, progressLine } from '../load/LiveView';
import { startLoadMetrics, type LoadMetricsServer } from '../load/loadMetrics';
import { DEFAULT_LOAD_OPTIONS as D, LOAD_LIMITS, resolveLoadOptions, type LoadOptions } from '../load/loadOptions';
import { buildReport, mergeReports, type LoadReport } from '../load/report';
import { runLoad, sourceOf, type LoadPlan } from '../load/runLoad';
import { runWorkers } from '../load/runWorkers';
import { parseThreshold } from '../load/thresholds';
import { formatDuration } from '../engine/duration';
import { renderHtmlReport } from '../load/renderHtmlReport';
import { useSteadyHeapGrowth } from '../load/heapGrowth';
import { serveAsWorker } from './loadWorker';
import { readReport } from './readReport';

/** Exit code of a run whose thresholds failed (1 stays "the tool itself failed"). */
export const THRESHOLD_FAILED_EXIT_CODE = 2;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerLoad(program: Command): void {
  const load = program
    .command('load')
    .description('load-test an MCI server through the protocol client: latency per message, gaps, errors, thresholds')
    .addOption(
      new Option(
        '--url <ws-url>',
        `WebSocket URL of the server (default ${D.url}); repeat it for several gateways: clients are spread over them and move to the next on failure`
      )
        .env('MCI_LOAD_URL')
        .argParser(collect)
    )
    .addOption(
      new Option('--api-key <key>', 'API key, sent as Authorization: Bearer (prefer the environment)').env(
        'MCI_LOAD_API_KEY'
      )
    )
    .addOption(new Option('--clients <n>', `concurrent connections (default ${D.clients})`))
    .addOption(
      new Option(
        '--ramp <duration>',
        `open the connections linearly over this time, e.g. 10s (default ${formatDuration(D.rampMs)})`
      )
    )
    .addOption(
      new Option(
        '--duration <duration>',
        `length of the run, ramp included, e.g. 30s, 5m (default ${formatDuration(D.durationMs)})`
      )
    )
    .addOption(
      new Option('--channels <list>', `channels to subscribe, comma-separated (default ${D.channels.join(',')})`)
    )
    .addOption(new Option('--churn <rate>', `connections closed and reopened per second (default ${D.churnPerSecond})`))
    .addOption(
      new Option('--workers <n>', `processes to spread the clients over ("auto": one per core; default ${D.workers})`)
    )
    .addOption(
      new Option(
        '--threshold <expr>',
        'pass/fail criterion, repeatable: latency.p99<50ms, gaps==0, connect.p95<200ms, errors==0'
      ).argParser(collect)
    )
    .addOption(
      new Option('--out <file>', 'write the JSON report (mergeable histograms) here; with merge: the merged report')
    )
    .addOption(
      new Option('--prometheus-port <port>', 'serve live metrics on http://127.0.0.1:PORT/metrics while running')
    )
    .addOption(
      new Option(
        '--batch-ms <ms>',
        `ask the server to batch events over this window, up to ${LOAD_LIMITS.batchMs.max} ms (protocol extension); 0 = spec-001 frames (default ${D.batchMs})`
      )
    )
    .addOption(
      new Option(
        '--validate',
        'parse and validate every frame with the protocol client (default: read only the envelope of data events, which costs far less CPU per event)'
      )
    )
    .addOption(new Option('--no-progress', 'no progress line each second'))
    .addOption(new Option('--worker', 'internal: run as a worker of --workers').hideHelp())
    .action(async (raw: Record<string, unknown>) => {
      // This process (or each worker) runs the clients: its heap must not collect every second.
      useSteadyHeapGrowth();
      if (raw.worker === true) {
        serveAsWorker(createMciClient);
        return;
      }
      const options = resolveLoadOptions(raw);
      const report = await runCommand(options);
      process.stdout.write(formatSummary(report));
      if (options.out !== undefined) {
        writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(`  report           ${options.out}\n`);
      }
      const failed = failedThresholdsMessage(report);
      if (failed !== undefined) {
        process.stderr.write(`${failed}\n`);
      }
      process.exit(failed === undefined ? 0 : THRESHOLD_FAILED_EXIT_CODE);
    });

  load
    .command('merge')
    .description('merge reports of several load runs (machines) into one: totals add, histograms add exactly')
    .argument('<reports...>', 'report files written by mci-sim load --out')
    // `--out` and `--threshold` are the load command's own options (commander parses them there):
    // --out names the merged report, --threshold is evaluated on the merged result.
    .action((files: string[], _options: unknown, command: Command) => {
      const raw = command.optsWithGlobals<{ out?: string; threshold?: string[] }>();
      if (raw.out === undefined) {
        throw new Error('load merge: no --out file; write mci-sim load merge a.json b.json --out merged.json.');
      }
      const thresholds = (raw.threshold ?? []).map(parseThreshold);
      const merged = mergeReports(
        files.map((file) => ({ report: readReport(file, 'load merge'), name: file })),
        thresholds
      );
      writeFileSync(raw.out, `${JSON.stringify(merged, null, 2)}\n`);
      process.stdout.write(formatSummary(merged));
      const failed = failedThresholdsMessage(merged);
      if (failed !== undefined) {
        process.stderr.write(`${failed}\n`);
        process.exitCode = THRESHOLD_FAILED_EXIT_CODE;
      }
    });

  load
    .command('report')
    .description('render a report written by mci-sim load --out as one self-contained HTML page with charts')
    .argument('<report>', 'report file written by mci-sim load --out (or load merge)')
    .requiredOption('--html <file>', 'write the HTML page here (charts inline, nothing fetched)')
    .action((file: string, options: { html: string }) => {
      const report = readReport(file, 'load report');
      writeFileSync(options.html, renderHtmlReport(report, `mci-sim load report: ${file}`));
      process.stdout.write(`${options.html}\n`);
    });
}

async function runCommand(options: LoadOptions): Promise<LoadReport> {
  const plan: LoadPlan = options;
  const startedAt = Date.now();
  const live = new LiveView(startedAt);
  const metrics: LoadMetricsServer | undefined =
    options.prometheusPort === undefined ? undefined : await startLoadMetrics(options.prometheusPort);
  if (metrics !== undefined) {
    process.stderr.write(`live metrics on http://127.0.0.1:${metrics.port}/metrics\n`);
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const ticker = setInterval(() => {
    const sample = live.take();
    metrics?.update(sample);
    if (options.progress) {
      process.stderr.write(`${formatProgress(progressLine(sample, options.clients, options.durationMs))}\n`);
    }
  }, 1000);
  try {
    if (options.workers === 1) {
      const { measurements } = await runLoad(plan, {
        createClient: createMciClient,
        signal: abort.signal,
        onTick: ({ interval, stats }) => live.add(0, interval, stats.totals),
      });
      return buildReport(measurements, options.thresholds);
    }
    const reports = await runWorkers(plan, options.workers, {
      signal: abort.signal,
      onTick: (worker, interval, totals) => live.add(worker, interval, totals),
    });
    const merged = mergeReports(
      reports.map((report, index) => ({ report, name: `worker ${index + 1}` })),
      options.thresholds
    );
    return { ...merged, sources: [sourceOf(plan, options.workers, merged.startedAt, merged.endedAt)] };
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', onSigint);
    await metrics?.close();
  }
}
