/** Stable test ids of the activity panel, shared by its tests and the e2e checks. */
export const TEST_IDS = {
  panel: 'mci-activity-panel',
  feed: 'mci-activity-feed',
  entry: 'mci-activity-entry',
  time: 'mci-activity-time',
  severity: 'mci-activity-severity',
  type: 'mci-activity-type',
  state: 'mci-activity-state',
  message: 'mci-activity-message',
  /** The drill-down link to the order an entry is about. */
  orderLink: 'mci-activity-order-link',
  toggleDetails: 'mci-activity-toggle-details',
  details: 'mci-activity-details',
  severityFilter: 'mci-activity-severity-filter',
  typeFilter: 'mci-activity-type-filter',
  search: 'mci-activity-search',
  follow: 'mci-activity-follow',
  resume: 'mci-activity-resume',
  summary: 'mci-activity-summary',
  noMatch: 'mci-activity-no-match',
  empty: 'mci-activity-empty',
  missingFields: 'mci-activity-missing-fields',
} as const;
