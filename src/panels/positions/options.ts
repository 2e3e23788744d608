import type { PanelOptionsEditorBuilder } from '@grafana/data';
import {
  AUTO_CURRENCY,
  COLUMN_LABELS,
  DEFAULT_OPTIONS,
  POSITION_COLUMNS,
  type PositionColumn,
  type PositionsOptions,
} from './types';

/** Currencies offered for the money columns (Grafana unit ids are `currency<CODE>`). */
const CURRENCIES = ['USD', 'EUR', 'GBP', 'INR', 'JPY', 'CHF'] as const;

export function addPositionsOptions(builder: PanelOptionsEditorBuilder<PositionsOptions>) {
  return builder
    .addMultiSelect<PositionColumn, { options: Array<{ value: PositionColumn; label: string }> }>({
      path: 'columns',
      name: 'Visible columns',
      description: 'Columns to show, in this order. Symbol always shows.',
      // The builder types a multi-select's value as one option, but its editor stores an array.
      defaultValue: DEFAULT_OPTIONS.columns as unknown as PositionColumn,
      settings: { options: POSITION_COLUMNS.map((column) => ({ value: column, label: COLUMN_LABELS[column] })) },
    })
    .addSelect({
      path: 'currency',
      name: 'Currency',
      description:
        'Currency of prices, P&L and market value. Auto keeps the unit the data source or the field config sets; a field override on a column wins over this.',
      defaultValue: DEFAULT_OPTIONS.currency,
      settings: {
        options: [
          { value: AUTO_CURRENCY, label: 'Auto (from the field)' },
          ...CURRENCIES.map((code) => ({ value: code, label: code })),
        ],
      },
    })
    .addNumberInput({
      path: 'decimals',
      name: 'Decimals',
      description:
        'Decimals of prices, P&L, P&L % and market value. Empty keeps the field config; a field override on a column wins over this.',
      settings: { min: 0, max: 10, integer: true, placeholder: 'auto' },
    })
    .addRadio({
      path: 'plColor',
      name: 'P&L colour',
      description:
        'By sign: gains green, losses red (theme colours). From field: the thresholds and colour scheme of the field config.',
      defaultValue: DEFAULT_OPTIONS.plColor,
      settings: {
        options: [
          { value: 'sign', label: 'By sign' },
          { value: 'field', label: 'From field' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showTotals',
      name: 'Totals row',
      description: 'Sum of market value and unrealized P&L, and P&L % of the cost basis.',
      defaultValue: DEFAULT_OPTIONS.showTotals,
    });
}
