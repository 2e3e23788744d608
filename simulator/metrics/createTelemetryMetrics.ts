/**
 * Prometheus gauges fed by canonical telemetry events (docs/server.md). Shared by the
 * simulator server and the bridge: neither owns the registry, both call `observe` with
 * the `{channel, data}` of each event they see, and `observeSnapshot` with a full state when they
 * (re)start, so the gauges are right before the first event of a slow channel arrives.
 *
 * Units follow Prometheus conventions: the wire's milliseconds become seconds, its percentages
 * become 0..1 ratios. The order-health series are in `createOrderHealthMetrics.ts`.
 */
import { Gauge, type Registry } from 'prom-client';
import { createOrderHealthMetrics, type OrderHealthOptions } from './createOrderHealthMetrics';
import {
  ALERT_SEVERITIES,
  HEALTH_STATUSES,
  SERVICES,
  TERMINAL_ORDER_STATUSES,
  type AccountMetrics,
  type Alert,
  type Channel,
  type DataMessageOf,
  type MarketData,
  type Order,
  type Position,
  type ServiceMetrics,
  type SystemHealth,
} from '../../src/protocol';

/** One event as either side sees it: the engine's `{channel, data}` or a decoded wire event. */
export type TelemetryObservation = {
  [C in Channel]: { channel: C; data: DataMessageOf<C>['data'] };
}[Channel];

/** The full state, e.g. an engine snapshot or a REST `/api/telemetry/snapshot`. */
export interface TelemetryState {
  positions?: Position[];
  orders?: Order[];
  account?: AccountMetrics;
  health?: SystemHealth;
  services?: ServiceMetrics;
  /** Active alerts. */
  alerts?: Alert[];
  market?: MarketData[];
}

export interface TelemetryMetrics {
  observe(event: TelemetryObservation): void;
  observeSnapshot(state: TelemetryState): void;
}

const MS_PER_SECOND = 1000;
const PERCENT = 100;
const terminalStatuses: ReadonlySet<string> = new Set(TERMINAL_ORDER_STATUSES);

export function createTelemetryMetrics(
  registry: Registry,
  options: Partial<OrderHealthOptions> = {}
): TelemetryMetrics {
  const orderHealth = createOrderHealthMetrics(registry, { now: Date.now, ...options });
  const gauge = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });

  const engine = {
    cpu: gauge('mci_engine_cpu_ratio', 'Engine CPU use, 0..1 of capacity.'),
    memory: gauge('mci_engine_memory_ratio', 'Engine memory use, 0..1 of capacity.'),
    latency: gauge('mci_engine_latency_seconds', 'Engine processing latency in seconds.'),
    uptime: gauge('mci_engine_uptime_seconds', 'Seconds since the engine started.'),
    heartbeat: gauge(
      'mci_engine_last_heartbeat_timestamp_seconds',
      'Unix time of the last engine heartbeat; stale when time() minus this exceeds 30.'
    ),
    status: gauge('mci_engine_status', 'Engine status: 1 for the current status, 0 for the others.', ['status']),
  };
  const service = {
    latency: gauge('mci_service_latency_seconds', 'Service latency in seconds.', ['service']),
    throughput: gauge('mci_service_throughput_requests_per_second', 'Service throughput in requests per second.', [
      'service',
    ]),
    errors: gauge('mci_service_error_ratio', 'Share of failed service requests, 0..1.', ['service']),
    cpu: gauge('mci_service_cpu_ratio', 'Service CPU use, 0..1 of capacity.', ['service']),
    memory: gauge('mci_service_memory_ratio', 'Service memory use, 0..1 of capacity.', ['service']),
  };
  const alertsActive = gauge('mci_alerts_active', 'Active anomaly alerts by severity.', ['severity']);
  const account = {
    equity: gauge('mci_account_equity', 'Account equity in the account currency.'),
    cash: gauge('mci_account_cash', 'Account cash in the account currency.'),
    dayPnl: gauge('mci_account_day_pnl', 'Profit and loss of the day in the account currency.'),
    totalPnl: gauge('mci_account_total_pnl', 'Total profit and loss in the account currency.'),
    dayPnlRatio: gauge('mci_account_day_pnl_ratio', 'Profit and loss of the day as a ratio of equity.'),
    totalPnlRatio: gauge('mci_account_total_pnl_ratio', 'Total profit and loss as a ratio of the initial equity.'),
  };
  const positionsOpen = gauge('mci_positions_open', 'Open positions.');
  const openOrders = new Set<string>();
  // Read when scraped: order events come thousands of times a second, scrapes a few times a minute.
  new Gauge({
    name: 'mci_orders_open',
    help: 'Open (not yet terminal) orders.',
    registers: [registry],
    collect() {
      this.set(openOrders.size);
    },
  });

  // Labelled series exist from the start, so a scrape before the first event is complete.
  for (const status of HEALTH_STATUSES) {
    engine.status.set({ status }, 0);
  }
  for (const severity of ALERT_SEVERITIES) {
    alertsActive.set({ severity }, 0);
  }
  positionsOpen.set(0);

  const activeAlerts = new Map<string, Alert['severity']>();

  const setHealth = (health: SystemHealth) => {
    engine.cpu.set(health.cpu / PERCENT);
    engine.memory.set(health.memory / PERCENT);
    engine.latency.set(health.latency / MS_PER_SECOND);
    engine.uptime.set(health.uptime / MS_PER_SECOND);
    engine.heartbeat.set(health.lastHeartbeat / MS_PER_SECOND);
    for (const status of HEALTH_STATUSES) {
      engine.status.set({ status }, status === health.status ? 1 : 0);
    }
  };
  const setAccount = (metrics: AccountMetrics) => {
    account.equity.set(metrics.equity);
    account.cash.set(metrics.cash);
    account.dayPnl.set(metrics.dayPL);
    account.totalPnl.set(metrics.totalPL);
    account.dayPnlRatio.set(metrics.dayPLPercent / PERCENT);
    account.totalPnlRatio.set(metrics.totalPLPercent / PERCENT);
  };
  const setServices = (metrics: ServiceMetrics) => {
    for (const name of SERVICES) {
      const values = metrics.services[name];
      service.latency.set({ service: name }, values.latency / MS_PER_SECOND);
      service.throughput.set({ service: name }, values.throughput);
      service.errors.set({ service: name }, values.error_rate / PERCENT);
      service.cpu.set({ service: name }, values.cpu / PERCENT);
      service.memory.set({ service: name }, values.memory / PERCENT);
    }
  };
  const trackOrder = (order: Order) => {
    if (terminalStatuses.has(order.status)) {
      openOrders.delete(order.id);
    } else {
      openOrders.add(order.id);
    }
  };
  const trackAlert = (alert: Alert) => {
    if (alert.state === 'active') {
      activeAlerts.set(alert.id, alert.severity);
    } else {
      activeAlerts.delete(alert.id);
    }
    for (const severity of ALERT_SEVERITIES) {
      alertsActive.set({ severity }, [...activeAlerts.values()].filter((value) => value === severity).length);
    }
  };

  return {
    observe(event) {
      switch (event.channel) {
        case 'health':
          setHealth(event.data);
          orderHealth.health(event.data);
          break;
        case 'account':
          setAccount(event.data);
          break;
        case 'services':
          setServices(event.data);
          break;
        case 'positions':
          positionsOpen.set(event.data.positions.length);
          break;
        case 'orders':
          trackOrder(event.data.order);
          orderHealth.order(event.data.type, event.data.order);
          break;
        case 'market':
          orderHealth.market(event.data.symbols, event.data.timestamp);
          break;
        case 'alerts':
          trackAlert(event.data.alert);
          break;
        default:
          // activity and strategy carry nothing the contract exports.
          break;
      }
    },
    observeSnapshot(state) {
      if (state.health) {
        setHealth(state.health);
        orderHealth.health(state.health);
      }
      if (state.market) {
        orderHealth.market(state.market, Number.NaN);
      }
      if (state.account) {
        setAccount(state.account);
      }
      if (state.services) {
        setServices(state.services);
      }
      if (state.positions) {
        positionsOpen.set(state.positions.length);
      }
      if (state.orders) {
        openOrders.clear();
        state.orders.forEach(trackOrder);
      }
      if (state.alerts) {
        activeAlerts.clear();
        state.alerts.forEach(trackAlert);
        if (state.alerts.length === 0) {
          ALERT_SEVERITIES.forEach((severity) => alertsActive.set({ severity }, 0));
        }
      }
    },
  };
}
