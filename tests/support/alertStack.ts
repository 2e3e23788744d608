/**
 * The whole alerting path on loopback, for the alert-latency test and benchmark: the simulator
 * (`mci-sim serve`), a Prometheus scraping it every second with the order-health rules
 * (provisioning/prometheus/rules/mci-orders.yml, evaluated every second) and sending to an
 * Alertmanager with the shipped routing, whose webhook posts into the simulator's alert sink.
 * Each runs from a temporary directory on a free port; `stop()` ends all three.
 */
import { join } from 'path';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager';
import { startPrometheus, waitFor, type RunningPrometheus } from './prometheus';
import { PROVISIONING } from './provisioning';
import { startSimulator, type RunningSimulator } from './simulator';

export const ORDER_RULES_FILE = join(PROVISIONING, 'prometheus', 'rules', 'mci-orders.yml');

/** One alert of an Alertmanager webhook notification. */
export interface NotifiedAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

export interface SinkNotification {
  receivedAt: number;
  body: { status?: string; alerts?: NotifiedAlert[] };
}

export interface AlertStack {
  simulator: RunningSimulator;
  prometheus: RunningPrometheus;
  alertmanager: RunningAlertmanager;
  /** Start a scenario through the control API; resolves with the wall time just before the call. */
  startDrill(scenario: string, duration?: string): Promise<number>;
  stopDrill(scenario: string): Promise<void>;
  /** Notifications the alert sink received, oldest first. */
  notifications(): Promise<SinkNotification[]>;
  /** The first firing notification of `alertname` received at or after `since` (epoch ms). */
  waitForFiring(
    alertname: string,
    since: number,
    timeoutMs: number
  ): Promise<{ notification: SinkNotification; alert: NotifiedAlert }>;
  stop(): Promise<void>;
}

export interface AlertStackOptions {
  simulatorArgs?: string[];
  scrapeIntervalMs?: number;
  evaluationIntervalMs?: number;
}

export async function startAlertStack(options: AlertStackOptions = {}): Promise<AlertStack> {
  const simulator = await startSimulator({ args: options.simulatorArgs ?? ['--seed', '42'] });
  let prometheus: RunningPrometheus | undefined;
  let alertmanager: RunningAlertmanager | undefined;
  try {
    alertmanager = await startAlertmanager({ webhookUrl: `${simulator.httpUrl}/api/sim/alert-sink` });
    prometheus = await startPrometheus({
      targets: [{ job: 'mci-simulator', target: `127.0.0.1:${simulator.port}` }],
      ruleFiles: [ORDER_RULES_FILE],
      scrapeIntervalMs: options.scrapeIntervalMs ?? 1000,
      evaluationIntervalMs: options.evaluationIntervalMs,
      alertmanagerUrl: alertmanager.url,
    });
  } catch (error) {
    await Promise.all([prometheus?.stop(), alertmanager?.stop(), simulator.stop()]);
    throw error;
  }
  const running = { simulator, prometheus, alertmanager };

  const control = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
    const response = await fetch(`${simulator.httpUrl}/api/sim/scenarios${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} /api/sim/scenarios${path} answered ${response.status}: ${text}`);
    }
  };
  const notifications = async () => {
    const response = await fetch(`${simulator.httpUrl}/api/sim/alert-sink`);
    return ((await response.json()) as { notifications: SinkNotification[] }).notifications;
  };

  return {
    ...running,
    async startDrill(scenario, duration = '2m') {
      const at = Date.now();
      await control('POST', '', { name: scenario, offset: '0s', duration });
      return at;
    },
    stopDrill: (scenario) => control('DELETE', `/${scenario}`),
    notifications,
    waitForFiring: (alertname, since, timeoutMs) =>
      waitFor(
        `a firing ${alertname} notification in the alert sink`,
        async () => {
          for (const notification of await notifications()) {
            const alert = notification.body.alerts?.find(
              (item) => item.status === 'firing' && item.labels.alertname === alertname
            );
            if (notification.receivedAt >= since && alert) {
              return { notification, alert };
            }
          }
          return undefined;
        },
        timeoutMs,
        50
      ),
    async stop() {
      await Promise.all([running.prometheus.stop(), running.alertmanager.stop()]);
      await simulator.stop();
    },
  };
}
