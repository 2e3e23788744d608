/** A `services` event (5 services × 5 metrics at one instant) as 25 raw samples. Pure. */
import { SERVICE_METRICS, SERVICES, type ServiceMetrics } from '../../../src/protocol';
import type { SeriesSample } from './aggregateSamples';

export function samplesOfServices(data: ServiceMetrics): SeriesSample[] {
  const out: SeriesSample[] = [];
  for (const service of SERVICES) {
    const values = data.services[service];
    for (const metric of SERVICE_METRICS) {
      out.push({ timestamp: data.timestamp, service, metric_type: metric, value: values[metric] });
    }
  }
  return out;
}
