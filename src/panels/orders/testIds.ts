/** Stable test ids of the orders panel, shared by its tests and the e2e checks. */
export const TEST_IDS = {
  panel: 'mci-orders-panel',
  table: 'mci-orders-table',
  scroller: 'mci-orders-scroller',
  header: (column: string) => `mci-orders-header-${column}`,
  row: 'mci-orders-row',
  cell: (column: string) => `mci-orders-cell-${column}`,
  statusChip: 'mci-orders-status',
  fillProgress: 'mci-orders-fill',
  statusFilter: 'mci-orders-status-filter',
  sideFilter: 'mci-orders-side-filter',
  summary: 'mci-orders-summary',
  noMatch: 'mci-orders-no-match',
  clearFilters: 'mci-orders-clear-filters',
  empty: 'mci-orders-empty',
  missingFields: 'mci-orders-missing-fields',
} as const;
