/**
 * Start a real Alertmanager (Debian package `prometheus-alertmanager`) for integration tests and
 * the alert-latency benchmark: loopback only, a free port, clustering off, a temporary data
 * directory, and the routing of provisioning/alertmanager/alertmanager.yml with its webhook
 * pointed at the given URL. `stop()` kills it and removes the directory.
 */
import type { ChildProcess } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, spawnServer } from './serverProcess';
import { stringify } from 'yaml';
import { waitForHttp } from './prometheus';
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

/**
 * The shipped configuration, with every webhook sent to `webhookUrl` (with `bearerToken` as its
 * credential when the sink needs one) and the templates from the repository.
 */
export function alertmanagerConfig(webhookUrl: string, bearerToken?: string): AlertmanagerConfig {
  const config = readYaml<AlertmanagerConfig>(join(PROVISIONING, 'alertmanager', 'alertmanager.yml'));
  return {
    ...config,
    templates: [join(PROVISIONING, 'alertmanager', 'templates', '*.tmpl')],
    receivers: config.receivers.map((receiver) => ({
      ...receiver,
      webhook_configs: receiver.webhook_configs?.map((webhook) => {
        const { http_config: _auth, ...rest } = webhook;
        return {
          ...rest,
          url: webhookUrl,
          ...(bearerToken ? { http_config: { authorization: { type: 'Bearer', credentials: bearerToken } } } : {}),
        };
      }),
    })),
  };
}

export async function startAlertmanager(options: {
  webhookUrl: string;
  /** The alert sink's token, when the simulator runs with credentials. */
  bearerToken?: string;
  startTimeoutMs?: number;
}): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'mci-alertmanager-'));
  const configPath = join(dir, 'alertmanager.yml');
  writeFileSync(configPath, stringify(alertmanagerConfig(options.webhookUrl, options.bearerToken)));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnServer(
    'prometheus-alertmanager',
    [
      `--config.file=${configPath}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // An empty address turns clustering off (it would bind 0.0.0.0:9094 otherwise).
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    dir,
    STOP_TIMEOUT_MS
  );
  const { child, stop } = server;
  try {
    await waitForHttp(`${url}/-/ready`, options.startTimeoutMs ?? 20_000, () =>
      server.failed()
        ? `prometheus-alertmanager did not start (${server.spawnError()?.message ?? `exit ${child.exitCode}`}); install it with scripts/ensure-system-deps.sh`
        : undefined
    );
  } catch (error) {
    await stop();
    throw new Error(`startAlertmanager: ${(error as Error).message}. Output:\n${server.output()}`);
  }
  return { url, process: child, output: server.output, stop };
}
