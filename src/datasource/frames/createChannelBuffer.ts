/** The frame buffer of one channel for one query: routes each channel to its buffer kind. */
import type { Channel } from '../../protocol';
import { createActivityBuffer, createAlertsBuffer, createStrategyBuffer } from './logBuffer';
import { createOrdersBuffer } from './ordersBuffer';
import { createPositionsBuffer } from './positionsBuffer';
import { createAccountBuffer, createHealthBuffer, createMarketBuffer, createServicesBuffer } from './seriesBuffers';
import { FRAME_DEFAULTS, type ChannelBuffer, type ChannelBufferOptions } from './types';

function checkSize(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1 || value > FRAME_DEFAULTS.maxBufferSize)) {
    throw new Error(
      `Invalid ${name} ${value}: the frame buffer needs an integer from 1 to ${FRAME_DEFAULTS.maxBufferSize}. Set ${name} within that range in the query editor.`
    );
  }
}

export function createChannelBuffer(channel: Channel, options: ChannelBufferOptions = {}): ChannelBuffer {
  checkSize('bufferSize', options.bufferSize);
  checkSize('maxDataPoints', options.maxDataPoints);
  const evictMs = options.symbolEvictMs;
  if (evictMs !== undefined && !(Number.isFinite(evictMs) && evictMs > 0)) {
    throw new Error(
      `Invalid symbolEvictMs ${evictMs}: a market symbol is forgotten after this many milliseconds without a quote, so it must be a number above 0. Set it above 0 in the query, or remove it for the default of ${FRAME_DEFAULTS.symbolEvictMs / 60_000} minutes.`
    );
  }
  switch (channel) {
    case 'positions':
      return createPositionsBuffer(options);
    case 'orders':
      return createOrdersBuffer(options);
    case 'activity':
      return createActivityBuffer(options);
    case 'alerts':
      return createAlertsBuffer(options);
    case 'strategy':
      return createStrategyBuffer(options);
    case 'account':
      return createAccountBuffer(options);
    case 'health':
      return createHealthBuffer(options);
    case 'services':
      return createServicesBuffer(options);
    case 'market':
      return createMarketBuffer(options);
    default:
      throw new Error(`Unknown channel ${JSON.stringify(channel)}: the MCI data source has no frame buffer for it.`);
  }
}
