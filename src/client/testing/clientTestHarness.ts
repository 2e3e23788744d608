/** Test harness (tests only, never imported by the client): a client over scripted sockets, with its statuses, errors and channel items recorded. */
import type { Observable, Subscription } from 'rxjs';
import { createMciClient } from '../createMciClient';
import type { ClientError, ClientOptions, ClientStatus } from '../types';
import { SPEC_000_DATA_EXAMPLES } from '../../protocol/fixtures/spec001Examples';
import { fakeSocketFactory } from './FakeWebSocket';

export const WS_URL = 'ws://mci.test/telemetry';

export function createHarness(overrides: Partial<ClientOptions> = {}) {
  const sockets = fakeSocketFactory();
  const warnings: Array<{ message: string; detail?: unknown }> = [];
  const client = createMciClient({
    wsUrl: WS_URL,
    webSocketFactory: sockets.factory,
    random: () => 0.5,
    logger: { warn: (message, detail) => warnings.push({ message, detail }) },
    ...overrides,
  });
  const statuses: ClientStatus[] = [];
  const errors: ClientError[] = [];
  let statusCompleted = false;
  client.status$.subscribe({ next: (status) => statuses.push(status), complete: () => (statusCompleted = true) });
  client.errors$.subscribe((error) => errors.push(error));
  return {
    client,
    sockets,
    warnings,
    statuses,
    errors,
    status: () => statuses[statuses.length - 1],
    /** The distinct states in the order they were entered. */
    states: () =>
      statuses.map((status) => status.state).filter((state, index, all) => index === 0 || all[index - 1] !== state),
    statusCompleted: () => statusCompleted,
  };
}

/** Let promise callbacks (subscribe batching, REST reads) run. */
export async function flush(): Promise<void> {
  for (let index = 0; index < 20; index += 1) {
    await Promise.resolve();
  }
}

export function collect<T>(stream: Observable<T>): {
  items: T[];
  completed: () => boolean;
  subscription: Subscription;
} {
  const items: T[] = [];
  let completed = false;
  const subscription = stream.subscribe({ next: (item) => items.push(item), complete: () => (completed = true) });
  return { items, completed: () => completed, subscription };
}

// ---- valid server messages

export function orderEvent(seq: number, id = `order-${seq}`, status = 'new') {
  return {
    event: 'orders:update',
    seq,
    data: {
      type: 'new',
      order: {
        id,
        symbol: 'TCS',
        side: 'buy',
        type: 'limit',
        qty: 10,
        filledQty: 0,
        price: 3750,
        status,
        createdAt: 1_706_400_000_000,
        updatedAt: 1_706_400_000_000 + seq,
      },
      timestamp: 1_706_400_000_000 + seq,
    },
  };
}

export function positionsEvent(seq: number, snapshot = false) {
  return {
    event: 'positions:update',
    seq,
    ...(snapshot ? { snapshot: true } : {}),
    data: {
      positions: [
        {
          symbol: 'RELIANCE',
          qty: 50,
          side: 'long',
          entryPrice: 2400.5,
          currentPrice: 2450.75,
          unrealizedPL: 2512.5,
          unrealizedPLPercent: 2.09,
          marketValue: 122_537.5,
        },
      ],
      timestamp: 1_706_400_000_000 + seq,
    },
  };
}

export function activityEvent(seq: number) {
  return {
    event: 'activity:log',
    seq,
    data: {
      id: `act-${seq}`,
      type: 'system',
      severity: 'info',
      message: `entry ${seq}`,
      timestamp: 1_706_400_000_000 + seq,
    },
  };
}

export function subscribedMessage(channels: string[], recovered?: Record<string, boolean>) {
  return {
    event: 'subscribed',
    data: { channels, subscribedAt: 1_706_400_000_000, ...(recovered ? { recovered } : {}) },
  };
}

const METRICS = { latency: 12, throughput: 300, error_rate: 0.5, cpu: 40, memory: 55 };

/** One valid value of each REST snapshot part (spec 000 examples, spec 004 services and alert). */
export const SNAPSHOT_PARTS = {
  positions: [SPEC_000_DATA_EXAMPLES.position],
  orders: [{ ...SPEC_000_DATA_EXAMPLES.order, id: 'order-from-rest' }],
  account: SPEC_000_DATA_EXAMPLES.account,
  health: SPEC_000_DATA_EXAMPLES.health,
  market: [SPEC_000_DATA_EXAMPLES.market],
  services: {
    services: { auth: METRICS, api: METRICS, database: METRICS, cache: METRICS, queue: METRICS },
    timestamp: 1_706_400_000_000,
  },
  alerts: [
    {
      id: 'alert-1',
      service: 'api',
      metric: 'latency',
      severity: 'warning',
      state: 'active',
      message: 'api latency high',
      value: 900,
      threshold: 500,
      raisedAt: 1_706_400_000_000,
    },
  ],
};

/** A REST snapshot body shaped like the simulator's `GET /api/telemetry/snapshot`. */
export function snapshotBody(seq: Record<string, number>, epoch = 'e1') {
  return { timestamp: 1_706_400_000_000, epoch, seq, ...SNAPSHOT_PARTS };
}
