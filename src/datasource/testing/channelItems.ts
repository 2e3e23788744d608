/**
 * Channel items and payloads for tests and the benchmark: valid protocol payloads, built small
 * and overridable, so each test states only what it checks.
 */
import type { ChannelItem } from '../../client';
import {
  SERVICE_METRICS,
  SERVICES,
  type AccountMetrics,
  type ActivityLog,
  type Alert,
  type Channel,
  type DataMessage,
  type Order,
  type Position,
  type ServiceMetrics,
  type StrategyEvent,
  type SystemHealth,
} from '../../protocol';

export const T0 = 1_767_225_600_000;

export function event(message: DataMessage, receivedAt = T0, seq?: number): ChannelItem {
  const channel = message.event.split(':')[0] as Channel;
  return { kind: 'event', channel, message, seq, snapshot: false, receivedAt };
}

export function snapshot(
  channel: Channel,
  data: unknown,
  receivedAt = T0,
  reason: 'polling' | 'gap' | 'initial' = 'polling'
): ChannelItem {
  return { kind: 'snapshot', channel, data, receivedAt, reason };
}

export function position(overrides: Partial<Position> = {}): Position {
  return {
    symbol: 'TCS',
    qty: 10,
    side: 'long',
    entryPrice: 100,
    currentPrice: 110,
    unrealizedPL: 100,
    unrealizedPLPercent: 10,
    marketValue: 1100,
    ...overrides,
  };
}

export function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o-1',
    symbol: 'TCS',
    side: 'buy',
    type: 'limit',
    qty: 10,
    filledQty: 0,
    price: 100,
    status: 'new',
    createdAt: T0,
    updatedAt: T0,
    filledAt: null,
    ...overrides,
  };
}

export function account(overrides: Partial<AccountMetrics> = {}): AccountMetrics {
  return {
    equity: 1_000_000,
    cash: 500_000,
    buyingPower: 500_000,
    portfolioValue: 500_000,
    dayPL: 100,
    dayPLPercent: 0.01,
    totalPL: 200,
    totalPLPercent: 0.02,
    timestamp: T0,
    ...overrides,
  };
}

export function health(overrides: Partial<SystemHealth> = {}): SystemHealth {
  return {
    cpu: 20,
    memory: 40,
    latency: 5,
    uptime: 1000,
    lastHeartbeat: T0,
    status: 'healthy',
    timestamp: T0,
    ...overrides,
  };
}

export function activity(overrides: Partial<ActivityLog> = {}): ActivityLog {
  return { id: 'a-1', type: 'system', severity: 'info', message: 'Engine started', timestamp: T0, ...overrides };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'al-1',
    service: 'api',
    metric: 'cpu',
    severity: 'critical',
    state: 'active',
    message: 'api cpu 95% > 90%',
    value: 95,
    threshold: 90,
    raisedAt: T0,
    resolvedAt: null,
    ...overrides,
  };
}

export function services(timestamp = T0, value = 1): ServiceMetrics {
  const metrics = Object.fromEntries(
    SERVICE_METRICS.map((metric) => [metric, value])
  ) as ServiceMetrics['services']['api'];
  return {
    services: Object.fromEntries(SERVICES.map((service) => [service, { ...metrics }])) as ServiceMetrics['services'],
    timestamp,
  };
}

export function signal(overrides: Partial<Extract<StrategyEvent, { kind: 'signal' }>> = {}): StrategyEvent {
  return {
    kind: 'signal',
    symbol: 'TCS',
    strategy: 'momentum',
    signal: 'BUY',
    confidence: 0.8,
    reason: 'breakout',
    timeframe: '1m',
    timestamp: T0,
    ...overrides,
  };
}

/** One data event of each channel, at time `at`. */
export function eventOf(channel: Channel, at = T0, n = 0): ChannelItem {
  switch (channel) {
    case 'positions':
      return event({ event: 'positions:update', data: { positions: [position({ qty: n + 1 })], timestamp: at } }, at);
    case 'orders':
      return event(
        {
          event: 'orders:update',
          data: { type: 'new', order: order({ id: `o-${n}`, createdAt: at, updatedAt: at }), timestamp: at },
        },
        at
      );
    case 'account':
      return event({ event: 'account:update', data: account({ timestamp: at, equity: n }) }, at);
    case 'health':
      return event({ event: 'health:update', data: health({ timestamp: at, cpu: n % 100 }) }, at);
    case 'market':
      return event(
        {
          event: 'market:update',
          data: {
            symbols: {
              TCS: { price: 100 + (n % 10), change: 1, changePercent: 1, volume: n },
              INFY: { price: 50, change: 0, changePercent: 0, volume: n },
            },
            timestamp: at,
          },
        },
        at
      );
    case 'activity':
      return event(
        { event: 'activity:log', data: activity({ id: `a-${n}`, timestamp: at, message: `entry ${n}` }) },
        at
      );
    case 'services':
      return event({ event: 'services:update', data: services(at, n % 100) }, at);
    case 'alerts':
      return event(
        {
          event: 'alerts:update',
          data: { type: 'raised', alert: alert({ id: `al-${n}`, raisedAt: at }), timestamp: at },
        },
        at
      );
    case 'strategy':
      return event({ event: 'strategy:update', data: signal({ timestamp: at }) }, at);
  }
}
