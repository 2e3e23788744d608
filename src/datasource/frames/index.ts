/** Pure frame builders of the MCI data source (no Grafana runtime): see docs/datasource.md. */
export { createChannelBuffer } from './createChannelBuffer';
export { FRAME_DEFAULTS, type ChannelBuffer, type ChannelBufferOptions } from './types';
export { CURRENCY_UNIT } from './fieldSpecs';
export { CHANNEL_FIELD_NAMES } from './channelFieldNames';
