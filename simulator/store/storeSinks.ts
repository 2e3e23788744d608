/**
 * Every sink the store feeds, in one list: `serve` and `seed` create one of each per epoch
 * (StoreSink.ts says what a sink must do).
 */
import { createEventSink } from './EventSink';
import { createServiceMetricsSink } from './metrics/ServiceMetricsSink';
import { createTradingSink } from './trading/TradingSink';
import type { StoreSink, StoreSinkContext, StoreSinkFactory } from './StoreSink';

export const STORE_SINK_FACTORIES: readonly StoreSinkFactory[] = [
  createEventSink,
  (context) => createServiceMetricsSink(context),
  createTradingSink,
  // Further table families add their factory below this line.
];

export function createStoreSinks(context: StoreSinkContext): StoreSink[] {
  return STORE_SINK_FACTORIES.map((factory) => factory(context));
}
