/** Display processors of the numeric order columns, from field config plus the panel's options. */
import type { DataFrame, DisplayProcessor, FieldConfigSource, GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { effectiveConfig, numericDisplay, setByOverride, unscaledCurrency } from '../common/numericDisplay';
import type { OrderFields } from './orderRows';
import type { OrdersOptions } from './types';

const PRICE_DECIMALS = 2;

export interface OrderDisplays {
  qty?: DisplayProcessor;
  filledQty?: DisplayProcessor;
  price?: DisplayProcessor;
  avgFillPrice?: DisplayProcessor;
}

export function orderDisplays(
  fields: OrderFields,
  frame: DataFrame,
  series: DataFrame[],
  options: OrdersOptions,
  fieldConfig: FieldConfigSource | undefined,
  theme: GrafanaTheme2,
  timeZone?: TimeZone
): OrderDisplays {
  const displays: OrderDisplays = {};
  for (const key of ['qty', 'filledQty', 'price', 'avgFillPrice'] as const) {
    const field = fields[key];
    if (!field) {
      continue;
    }
    const overridden = (property: 'unit' | 'decimals') => setByOverride(fieldConfig, property, field, frame, series);
    const isPrice = key === 'price' || key === 'avgFillPrice';
    // Prices align at two decimals unless the options or the field config say otherwise.
    const decimals = isPrice ? (options.decimals ?? field.config.decimals ?? PRICE_DECIMALS) : undefined;
    const config = effectiveConfig(field, { decimals }, overridden);
    if (isPrice && !overridden('unit')) {
      // Prices show in full (₹2456.30), never scaled (₹2.46K).
      config.unit = unscaledCurrency(config.unit);
    }
    displays[key] = numericDisplay(field, config, theme, timeZone);
  }
  return displays;
}
