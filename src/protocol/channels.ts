/**
 * Channels of the MCI wire protocol: spec 001's six plus the extension channels (docs/protocol.md).
 * This file is the one home of channel names; nothing else spells them.
 */

/** Spec 001 channels, in the order the spec lists them. */
export const SPEC_CHANNELS = ['positions', 'orders', 'account', 'health', 'market', 'activity'] as const;

/** Extension channels (docs/protocol.md): spec 004 service metrics and alerts, spec 002 strategy events. */
export const EXTENSION_CHANNELS = ['services', 'alerts', 'strategy'] as const;

export const CHANNELS = [...SPEC_CHANNELS, ...EXTENSION_CHANNELS] as const;

export type Channel = (typeof CHANNELS)[number];

/**
 * State channels carry the whole current state in each event, so a slow client can be given only
 * the latest value, and the server sends a snapshot right after `subscribed`.
 */
export const STATE_CHANNELS = [
  'positions',
  'account',
  'health',
  'market',
  'services',
] as const satisfies readonly Channel[];

/** Event channels carry one change per event: each one matters, none is ever dropped silently. */
export const EVENT_CHANNELS = ['orders', 'activity', 'alerts', 'strategy'] as const satisfies readonly Channel[];

export type StateChannel = (typeof STATE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** The data event each channel carries on the wire. */
export const CHANNEL_EVENTS = {
  positions: 'positions:update',
  orders: 'orders:update',
  account: 'account:update',
  health: 'health:update',
  market: 'market:update',
  activity: 'activity:log',
  services: 'services:update',
  alerts: 'alerts:update',
  strategy: 'strategy:update',
} as const satisfies Record<Channel, string>;

export type DataEventName = (typeof CHANNEL_EVENTS)[Channel];

/** Nominal cadence of each channel in milliseconds (spec 001 table); `null` means "on each event". */
export const CHANNEL_INTERVAL_MS: Record<Channel, number | null> = {
  positions: 1000,
  orders: null,
  account: 5000,
  health: 5000,
  market: 1000,
  activity: null,
  services: 1000,
  alerts: null,
  strategy: null,
};

const channelSet: ReadonlySet<string> = new Set(CHANNELS);
const stateChannelSet: ReadonlySet<string> = new Set(STATE_CHANNELS);
const eventToChannel = new Map<string, Channel>(
  (Object.entries(CHANNEL_EVENTS) as Array<[Channel, string]>).map(([channel, event]) => [event, channel])
);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && channelSet.has(value);
}

export function isStateChannel(channel: Channel): channel is StateChannel {
  return stateChannelSet.has(channel);
}

/** The channel a data event belongs to, or `undefined` for non-data events. */
export function channelOfEvent(event: string): Channel | undefined {
  return eventToChannel.get(event);
}
