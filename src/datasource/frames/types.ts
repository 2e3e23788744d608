import type { DataFrame } from '@grafana/data';
import type { ChannelItem } from '../../client';
import type { Channel } from '../../protocol';

/** Defaults of the frame buffers (one home; the query editor shows them). */
export const FRAME_DEFAULTS = {
  /** Rows kept by the orders, activity, alerts and strategy buffers. */
  bufferSize: 1000,
  /** Points kept per series by the time-series buffers when the request gives no maxDataPoints. */
  maxDataPoints: 1000,
  /** Largest buffer a query may ask for: bounds memory whatever a dashboard says. */
  maxBufferSize: 100_000,
  /** A market symbol without a quote for this long is forgotten (5 minutes). */
  symbolEvictMs: 5 * 60_000,
} as const;

export interface ChannelBufferOptions {
  /** The target's refId, set on every frame. */
  refId?: string;
  /** Rows kept by the orders, activity, alerts and strategy buffers (default 1000). */
  bufferSize?: number;
  /** Points kept per series by account, health, market and services (default 1000). */
  maxDataPoints?: number;
  /** Time series keep only points newer than `now - windowMs` (the dashboard's time span). */
  windowMs?: number;
  /**
   * Time series keep one point per interval, the latest (Grafana's request interval: the range
   * divided by the points the panel can draw); absent or 0 keeps every point.
   */
  intervalMs?: number;
  /** market: forget a symbol without a quote for this long (default 5 minutes). */
  symbolEvictMs?: number;
  /** Keep only these symbols (positions, orders, market, strategy); empty or absent = all. */
  symbols?: readonly string[];
  /** Keep only these order ids (orders, and activity entries about an order); empty or absent = all. */
  orders?: readonly string[];
  /** Keep only these fields in the frames (time fields always stay); empty or absent = all. */
  fields?: readonly string[];
}

export interface ChannelBuffer {
  readonly channel: Channel;
  /** Ingests one item; returns true when the frames changed. O(fields), no array rebuilt. */
  push(item: ChannelItem): boolean;
  /**
   * The current frames (built only when something changed since the last call). `now` (epoch
   * ms, default Date.now()) trims time series to the window.
   */
  frames(now?: number): DataFrame[];
  /** Rows held (all series together), for tests and memory checks. */
  size(): number;
}
