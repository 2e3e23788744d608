import type { PanelOptionsEditorBuilder } from '@grafana/data';
import { DEFAULT_OPTIONS, ORDER_STATUSES, type OrdersOptions, STATUS_LABELS } from './types';

export function addOrdersOptions(builder: PanelOptionsEditorBuilder<OrdersOptions>) {
  return builder
    .addBooleanSwitch({
      path: 'showFilters',
      name: 'Filter bar',
      description: 'Status chips (with counts) and the side switch above the orders.',
      defaultValue: DEFAULT_OPTIONS.showFilters,
    })
    .addMultiSelect<string, { options: Array<{ value: string; label: string }> }>({
      path: 'statuses',
      name: 'Statuses',
      description: 'Orders shown by status; none selected shows all. The chips on the panel change this too.',
      // The builder types a multi-select's value as one option, but its editor stores an array.
      defaultValue: DEFAULT_OPTIONS.statuses as unknown as string,
      settings: { options: ORDER_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })) },
    })
    .addRadio({
      path: 'side',
      name: 'Side',
      defaultValue: DEFAULT_OPTIONS.side,
      settings: {
        options: [
          { value: 'all', label: 'All' },
          { value: 'buy', label: 'Buy' },
          { value: 'sell', label: 'Sell' },
        ],
      },
    })
    .addNumberInput({
      path: 'decimals',
      name: 'Price decimals',
      description: 'Decimals of the price column. Empty keeps the field config; a field override wins over this.',
      settings: { min: 0, max: 10, integer: true, placeholder: 'auto' },
    });
}
