/**
 * Start a real Alertmanager (Debian package `prometheus-alertmanager`) for integration tests and
 * the alert-latency benchmark: loopback only, a free port, clustering off, a temporary data
 * directory, and the routing of provisioning/alertmanager/alertmanager.yml with its webhook
 * pointed at the given URL. `stop()` kills it and removes the directory.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { freePort, waitForHttp } from './prometheus';
import { PROVISIONING, readYaml } from './provisioning';

export interface RunningAlertmanager {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

interface AlertmanagerConfig {
  templates?: string[];
  receivers: Array<{ name: string; webhook_configs?: Array<Record<string, unknown>> }>;
}

const STOP_TIMEOUT_MS = 5_000;

/** The shipped configuration, with every webhook sent to `webhookUrl` and the templates from the repository. */
export function alertmanagerConfig(webhookUrl: string): AlertmanagerConfig {
  const config = readYaml<AlertmanagerConfig>(join(PROVISIONING, 'alertmanager', 'alertmanager.yml'));
  return {
    ...config,
    templates: [join(PROVISIONING, 'alertmanager', 'templates', '*.tmpl')],
    receivers: config.receivers.map((receiver) => ({
      ...receiver,
      webhook_configs: receiver.webhook_configs?.map((webhook) => {
        const { http_config: _auth, ...rest } = webhook;
        return { ...rest, url: webhookUrl };
      }),
    })),
  };
}

export async function startAlertmanager(options: {
  webhookUrl: string;
  startTimeoutMs?: number;
}): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'mci-alertmanager-'));
  const configPath = join(dir, 'alertmanager.yml');
  writeFileSync(configPath, stringify(alertmanagerConfig(options.webhookUrl)));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${configPath}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // An empty address turns clustering off (it would bind 0.0.0.0:9094 otherwise).
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
  try {
    await waitForHttp(`${url}/-/ready`, options.startTimeoutMs ?? 20_000, () =>
      spawnError || child.exitCode !== null
        ? `prometheus-alertmanager did not start (${spawnError?.message ?? `exit ${child.exitCode}`}); install it with scripts/ensure-system-deps.sh`
        : undefined
    );
  } catch (error) {
    await stop();
    throw new Error(`startAlertmanager: ${(error as Error).message}. Output:\n${output}`);
  }
  return { url, process: child, output: () => output, stop };
}
