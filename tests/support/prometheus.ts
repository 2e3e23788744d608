/**
 * Start a real Prometheus (Debian package) for integration tests: loopback only, a free port, a
 * temporary TSDB directory, a short scrape interval. `stop()` kills it and removes the directory.
 */
import type { ChildProcess } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, spawnServer } from './serverProcess';
import { stringify } from 'yaml';

export interface ScrapeTarget {
  job: string;
  /** host:port */
  target: string;
  /** Sent as `Authorization: Bearer …` when the target needs a credential. */
  bearerToken?: string;
}

export interface StartPrometheusOptions {
  targets: ScrapeTarget[];
  /** Rule files Prometheus loads (absolute paths). */
  ruleFiles?: string[];
  scrapeIntervalMs?: number;
  /** Default: the scrape interval (a rule group's own `interval` wins). */
  evaluationIntervalMs?: number;
  /** Send alerts to this Alertmanager (`http://host:port`). */
  alertmanagerUrl?: string;
  startTimeoutMs?: number;
}

export interface RunningPrometheus {
  url: string;
  process: ChildProcess;
  output(): string;
  /** Instant query; resolves with the result vector. */
  query(expr: string): Promise<VectorSample[]>;
  stop(): Promise<void>;
}

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 100;

export async function startPrometheus(options: StartPrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'mci-prometheus-'));
  const interval = `${options.scrapeIntervalMs ?? 1000}ms`;
  const evaluation = `${options.evaluationIntervalMs ?? options.scrapeIntervalMs ?? 1000}ms`;
  const configPath = join(dir, 'prometheus.yml');
  const alertmanager = options.alertmanagerUrl === undefined ? undefined : new URL(options.alertmanagerUrl);
  writeFileSync(
    configPath,
    stringify({
      global: { scrape_interval: interval, evaluation_interval: evaluation, scrape_timeout: interval },
      ...(alertmanager && { alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.host] }] }] } }),
      rule_files: options.ruleFiles ?? [],
      scrape_configs: options.targets.map(({ job, target, bearerToken }) => ({
        job_name: job,
        static_configs: [{ targets: [target] }],
        ...(bearerToken ? { authorization: { type: 'Bearer', credentials: bearerToken } } : {}),
      })),
    })
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnServer(
    'prometheus',
    [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    dir,
    STOP_TIMEOUT_MS
  );
  const { child, stop } = server;

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (server.failed()) {
      await stop();
      throw new Error(
        `startPrometheus: prometheus did not start (${server.spawnError()?.message ?? `exit ${child.exitCode}`}); ` +
          `install it with scripts/ensure-system-deps.sh. Output:\n${server.output()}`
      );
    }
    if (await isReady(`${url}/-/ready`)) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`startPrometheus: ${url}/-/ready did not answer 200 in time. Output:\n${server.output()}`);
    }
    await sleep(POLL_MS);
  }

  return {
    url,
    process: child,
    output: server.output,
    stop,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      if (body.status !== 'success' || body.data?.resultType !== 'vector') {
        throw new Error(`Prometheus query ${expr} failed: ${body.error ?? JSON.stringify(body)}`);
      }
      return body.data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
    },
  };
}

/** Poll `probe` every `everyMs` until it returns a value, or fail after `timeoutMs` saying what was awaited. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 250
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** Poll `url` until it answers 200; `failed()` names a reason to give up early (the process died). */
export async function waitForHttp(url: string, timeoutMs: number, failed: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = failed();
    if (why !== undefined) {
      throw new Error(why);
    }
    if (await isReady(url)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    }
    await sleep(POLL_MS);
  }
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
