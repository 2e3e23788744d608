/**
 * The bridge's own series (docs/grafana.md): its connection state to the MCI server, one series per
 * state with 1 for the current one, how often it had to reconnect, and how many messages it
 * skipped because they broke the protocol.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface BridgeMetrics {
  /** Record the client's current connection state. */
  setState(state: string): void;
  /** Count one skipped message (`channel` is `none` for a frame with no channel). */
  skipped(channel: string | undefined, source: string): void;
}

/**
 * `states`: every state the client can report, so each series exists from the first scrape.
 * `reconnecting`: the state that marks a new reconnection attempt cycle.
 */
export function createBridgeMetrics(
  registry: Registry,
  states: readonly string[],
  reconnecting: string
): BridgeMetrics {
  const state = new Gauge<'state'>({
    name: 'mci_bridge_connection_state',
    help: 'Connection state of the bridge to the MCI server: 1 for the current state, 0 for the others.',
    labelNames: ['state'],
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'mci_bridge_reconnects_total',
    help: 'Times the bridge lost its MCI connection and started reconnecting.',
    registers: [registry],
  });
  const skipped = new Counter<'channel' | 'source'>({
    name: 'mci_bridge_skipped_messages_total',
    help: 'Messages, batch members and REST items the bridge skipped because they broke the MCI protocol (each is logged with its reason).',
    labelNames: ['channel', 'source'],
    registers: [registry],
  });
  const known = new Set(states);
  known.forEach((name) => state.set({ state: name }, 0));
  let current: string | undefined;
  return {
    setState(next) {
      if (next === current) {
        return;
      }
      known.add(next);
      for (const name of known) {
        state.set({ state: name }, name === next ? 1 : 0);
      }
      if (next === reconnecting) {
        reconnects.inc();
      }
      current = next;
    },
    skipped(channel, source) {
      skipped.inc({ channel: channel ?? 'none', source });
    },
  };
}
