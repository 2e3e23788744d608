/** Stable test ids of the positions panel, shared by its tests and the e2e checks. */
export const TEST_IDS = {
  panel: 'mci-positions-panel',
  table: 'mci-positions-table',
  header: (column: string) => `mci-positions-header-${column}`,
  row: 'mci-positions-row',
  /** The symbol's drill-down link to its orders. */
  ordersLink: 'mci-positions-orders-link',
  cell: (column: string) => `mci-positions-cell-${column}`,
  totals: 'mci-positions-totals',
  total: (column: string) => `mci-positions-total-${column}`,
  empty: 'mci-positions-empty',
  missingFields: 'mci-positions-missing-fields',
} as const;
