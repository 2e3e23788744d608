/**
 * Display processors for numeric columns that honour the field config after
 * `applyFieldOverrides` (unit, decimals, thresholds, mappings), also for numbers that arrived as
 * text (CSV, TestData), which Grafana would format as plain strings.
 */
import {
  type DataFrame,
  type DisplayProcessor,
  type Field,
  type FieldConfig,
  type FieldConfigSource,
  fieldMatchers,
  FieldType,
  getDisplayProcessor,
  getValueFormat,
  type GrafanaTheme2,
} from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { toNumber } from './values';

/** Panel options that fill in the field config of some columns (see `effectiveConfig`). */
export interface ConfigPatch {
  unit?: string;
  decimals?: number;
}

/** True when a field override rule of the panel sets `property` on this field. */
export function setByOverride(
  fieldConfig: FieldConfigSource | undefined,
  property: string,
  field: Field,
  frame: DataFrame,
  series: DataFrame[]
): boolean {
  return (fieldConfig?.overrides ?? []).some((rule) => {
    if (!rule.properties.some((prop) => prop.id === property)) {
      return false;
    }
    const matcher = fieldMatchers.getIfExists(rule.matcher.id);
    return matcher ? matcher.get(rule.matcher.options)(field, frame, series) : false;
  });
}

/**
 * The config a column is shown with. A panel option (currency, decimals) replaces what the data
 * source set, because the user chose it for this panel; a field override on the column wins over
 * the option, because it is the more specific choice.
 */
export function effectiveConfig(
  field: Field,
  patch: ConfigPatch,
  overridden: (property: 'unit' | 'decimals') => boolean
): FieldConfig {
  const config: FieldConfig = { ...field.config };
  if (patch.unit !== undefined && !overridden('unit')) {
    config.unit = patch.unit;
  }
  if (patch.decimals !== undefined && !overridden('decimals')) {
    config.decimals = patch.decimals;
  }
  return config;
}

/** The field with its text numbers parsed, so the processor formats them as numbers. */
export function asNumberField(field: Field): Field {
  if (field.type === FieldType.number) {
    return field;
  }
  return { ...field, type: FieldType.number, values: field.values.map(toNumber) };
}

/**
 * The processor for a numeric column: the field's own (`field.display`, cached by Grafana) when
 * nothing changes its config, else one built from the effective config.
 */
export function numericDisplay(
  field: Field,
  config: FieldConfig,
  theme: GrafanaTheme2,
  timeZone?: TimeZone
): DisplayProcessor {
  const unchanged = config.unit === field.config.unit && config.decimals === field.config.decimals;
  if (unchanged && field.type === FieldType.number && field.display) {
    return field.display;
  }
  return getDisplayProcessor({ field: { ...asNumberField(field), config }, theme, timeZone });
}

/**
 * Whether the field's colour says something: thresholds other than the single base step, or a
 * colour mode other than thresholds. The plugins default to one `text` step, so uncoloured
 * cells stay in the text colour until the user configures colours.
 */
export function hasMeaningfulColor(field: Field): boolean {
  const mode = field.config.color?.mode;
  if (mode && mode !== 'thresholds') {
    return true;
  }
  const steps = field.config.thresholds?.steps ?? [];
  return steps.length > 1 || (steps.length === 1 && steps[0].color !== 'text' && steps[0].color !== 'transparent');
}

/**
 * Grafana's currency units scale (₹2.46K); a price must show in full. A `currency<CODE>` unit
 * becomes the fixed `prefix:<symbol>` unit with the same symbol (₹2456.30); others pass through.
 */
export function unscaledCurrency(unit: string | undefined): string | undefined {
  if (!unit || !unit.startsWith('currency')) {
    return unit;
  }
  const sample = getValueFormat(unit)(1, 0);
  return sample.prefix ? `prefix:${sample.prefix}` : sample.suffix ? `suffix:${sample.suffix}` : unit;
}
