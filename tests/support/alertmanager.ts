/**
 * Start a real Alertmanager (Debian's `prometheus-alertmanager`) for integration and e2e tests:
 * loopback only, a free port, clustering off, a temporary data directory, and one webhook
 * receiver (the simulator's alert sink) that gets every alert at once (group wait 0 s).
 * `stop()` ends it and removes the directory.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { freePort, sleep } from './prometheus';

export interface StartAlertmanagerOptions {
  /** The webhook every alert is posted to. */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer …` with each webhook. */
  bearerToken?: string;
  startTimeoutMs?: number;
}

export interface RunningAlertmanager {
  /** host:port, as Prometheus's `alerting.alertmanagers` names it. */
  address: string;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 100;

export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'mci-alertmanager-'));
  const configPath = join(dir, 'alertmanager.yml');
  writeFileSync(
    configPath,
    stringify({
      route: {
        receiver: 'sink',
        group_by: ['alertname'],
        group_wait: '0s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [
        {
          name: 'sink',
          webhook_configs: [
            {
              url: options.webhookUrl,
              send_resolved: true,
              ...(options.bearerToken
                ? { http_config: { authorization: { type: 'Bearer', credentials: options.bearerToken } } }
                : {}),
            },
          ],
        },
      ],
    })
  );
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${configPath}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      // An empty cluster address turns gossip off: no fixed port 9094, no peers.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://${address}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      await stop();
      throw new Error(
        `startAlertmanager: prometheus-alertmanager did not start (${spawnError?.message ?? `exit ${child.exitCode}`}); ` +
          `install it with scripts/ensure-system-deps.sh. Output:\n${output}`
      );
    }
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`startAlertmanager: ${url}/-/ready did not answer 200 in time. Output:\n${output}`);
    }
    await sleep(POLL_MS);
  }
  return { address, url, output: () => output, stop };
}
