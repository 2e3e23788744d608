/** The field names each channel's frames hold (the query editor offers them as the fields filter). */
import type { Channel } from '../../protocol';
import {
  ACCOUNT_FIELDS,
  ACTIVITY_FIELDS,
  ALERT_FIELDS,
  HEALTH_FIELDS,
  MARKET_FIELDS,
  ORDER_FIELDS,
  POSITION_FIELDS,
  SERVICES_FIELDS,
  STRATEGY_FIELDS,
} from './fieldSpecs';

const names = (specs: ReadonlyArray<{ name: string }>) => specs.map((spec) => spec.name);

export const CHANNEL_FIELD_NAMES: Record<Channel, string[]> = {
  positions: names(POSITION_FIELDS),
  orders: names(ORDER_FIELDS),
  account: names(ACCOUNT_FIELDS),
  health: names(HEALTH_FIELDS),
  market: names(MARKET_FIELDS),
  activity: names(ACTIVITY_FIELDS),
  services: names(SERVICES_FIELDS),
  alerts: names(ALERT_FIELDS),
  strategy: names(STRATEGY_FIELDS),
};
