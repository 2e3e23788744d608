/**
 * The current state as REST serves it (spec 000), taken from what the socket last published, so a
 * REST read and the socket agree: state channels come from the hub's latest event, orders and
 * alerts from the engine (they have no state event).
 */
import type { AccountMetrics, Channel, MarketData, SystemHealth } from '../../src/protocol';
import type { EngineSnapshot } from '../engine/types';
import type { Bus, ChannelData } from '../bus/Bus';

/** The data of each state channel, built from an engine snapshot (used before its first event). */
export function stateChannelData(snapshot: EngineSnapshot): {
  positions: ChannelData<'positions'>;
  account: ChannelData<'account'>;
  health: ChannelData<'health'>;
  market: ChannelData<'market'>;
  services: ChannelData<'services'>;
} {
  return {
    positions: { positions: snapshot.positions, timestamp: snapshot.timestamp },
    account: { timestamp: snapshot.timestamp, ...snapshot.account },
    health: { timestamp: snapshot.timestamp, ...snapshot.health },
    market: {
      symbols: Object.fromEntries(snapshot.market.map(({ symbol, ...quote }) => [symbol, quote])),
      timestamp: snapshot.timestamp,
    },
    services: snapshot.services,
  };
}

/** `GET /api/telemetry/market`: MarketData[] from the last `market:update`, completed by the engine. */
export function marketList(hub: Bus, snapshot: EngineSnapshot): MarketData[] {
  const market = hub.latest('market');
  if (market === undefined) {
    return snapshot.market;
  }
  const full = new Map(snapshot.market.map((entry) => [entry.symbol, entry]));
  return Object.entries(market.symbols).map(([symbol, quote]) => {
    const engine = full.get(symbol);
    return {
      symbol,
      ...quote,
      high: quote.high ?? engine?.high ?? quote.price,
      low: quote.low ?? engine?.low ?? quote.price,
      open: quote.open ?? engine?.open ?? quote.price,
      timestamp: quote.timestamp ?? market.timestamp,
    };
  });
}

export interface TelemetrySnapshot extends Omit<EngineSnapshot, 'market'> {
  /** Server-start id; compare with `connection:ack.epoch`. */
  epoch: string;
  /** The last `seq` of each channel reflected here, so a client can line REST up with the socket. */
  seq: Record<Channel, number>;
  market: MarketData[];
}

/** `GET /api/telemetry/snapshot`. */
export function telemetrySnapshot(hub: Bus, snapshot: EngineSnapshot): TelemetrySnapshot {
  return {
    timestamp: snapshot.timestamp,
    epoch: hub.epoch,
    seq: hub.allSeqs(),
    positions: hub.latest('positions')?.positions ?? snapshot.positions,
    orders: snapshot.orders,
    account: (hub.latest('account') as AccountMetrics | undefined) ?? snapshot.account,
    health: (hub.latest('health') as SystemHealth | undefined) ?? snapshot.health,
    market: marketList(hub, snapshot),
    services: hub.latest('services') ?? snapshot.services,
    alerts: snapshot.alerts,
  };
}
