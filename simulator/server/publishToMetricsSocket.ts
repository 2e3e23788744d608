/**
 * What `/ws/metrics` receives from the published stream: each `services` event as its 25
 * samples, each alert raised as spec 004's alert message.
 */
import type { Channel, DataMessageOf } from '../../src/protocol';
import { samplesOfServices } from '../store/metrics/samplesOfServices';
import type { MetricsSocket } from './MetricsSocket';

export function publishToMetricsSocket(socket: MetricsSocket, channel: Channel, data: unknown): void {
  if (channel === 'services') {
    socket.publishSamples(samplesOfServices(data as DataMessageOf<'services'>['data']));
  } else if (channel === 'alerts') {
    const change = data as DataMessageOf<'alerts'>['data'];
    if (change.type === 'raised') {
      const { alert } = change;
      socket.publishAlert({
        severity: alert.severity,
        message: alert.message,
        value: alert.value,
        threshold: alert.threshold,
        service: alert.service,
        metric_type: alert.metric,
        timestamp: new Date(change.timestamp).toISOString(),
      });
    }
  }
}
