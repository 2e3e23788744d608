/**
 * The server's own Prometheus series (docs/server.md): WebSocket clients, messages sent
 * and dropped per channel, slow consumers closed, and alert notifications received by the alert sink. The telemetry
 * gauges shared with the bridge live in `simulator/metrics/`.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { CHANNELS, type Channel } from '../../src/protocol';

export interface ServerMetrics {
  clientsConnected: Gauge;
  messagesSent: Counter<'channel'>;
  /**
   * Count data events written to clients: kept in a plain number per channel and added to
   * `messagesSent` when it is read (a scrape), because a labelled `inc` builds a label hash and a
   * result object each call, and this runs for every event written to every client.
   */
  countSent(channel: Channel, count: number): void;
  messagesDropped: Counter<'channel'>;
  slowConsumersClosed: Counter;
  alertNotifications: Counter;
}

export function createServerMetrics(registry: Registry): ServerMetrics {
  const unsent = new Map<Channel, number>(CHANNELS.map((channel) => [channel, 0]));
  const metrics: ServerMetrics = {
    countSent(channel, count) {
      unsent.set(channel, (unsent.get(channel) ?? 0) + count);
    },
    clientsConnected: new Gauge({
      name: 'mci_ws_clients_connected',
      help: 'WebSocket clients currently connected.',
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: 'mci_ws_messages_sent_total',
      help: 'Data events written to WebSocket clients, per channel (one per client).',
      labelNames: ['channel'],
      registers: [registry],
      collect() {
        for (const [channel, count] of unsent) {
          if (count > 0) {
            this.inc({ channel }, count);
            unsent.set(channel, 0);
          }
        }
      },
    }),
    messagesDropped: new Counter({
      name: 'mci_ws_messages_dropped_total',
      help: 'State-channel events replaced by a newer one for a slow client, per channel.',
      labelNames: ['channel'],
      registers: [registry],
    }),
    slowConsumersClosed: new Counter({
      name: 'mci_ws_slow_consumers_closed_total',
      help: 'WebSocket clients closed with 4004 because more than the event or byte bound waited for them.',
      registers: [registry],
    }),
    alertNotifications: new Counter({
      name: 'mci_alert_notifications_received_total',
      help: 'Grafana webhook notifications received by the alert sink.',
      registers: [registry],
    }),
  };
  // Every channel's series exists from the start, so rate() works from the first scrape.
  CHANNELS.forEach((channel: Channel) => {
    metrics.messagesSent.inc({ channel }, 0);
    metrics.messagesDropped.inc({ channel }, 0);
  });
  return metrics;
}
