/**
 * The bridge's own series (docs/grafana.md): its connection state to the MCI server, one
 * series per state with 1 for the current one, and how often it had to reconnect.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface BridgeMetrics {
  /** Record the client's current connection state. */
  setState(state: string): void;
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
  };
}
