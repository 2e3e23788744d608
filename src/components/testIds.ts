/** Stable test ids of the app's pages, shared by their tests (the `mci-…` convention of the panels). */
export const TEST_IDS = {
  overview: {
    container: 'mci-overview',
    plugin: (name: string) => `mci-overview-plugin-${name}`,
    dashboard: (name: string) => `mci-overview-dashboard-${name}`,
  },
  status: {
    container: 'mci-status',
    noDataSource: 'mci-status-none',
    /** One per data source; `data-uid` names it, `data-state` holds its connection state. */
    dataSource: 'mci-status-datasource',
    state: 'mci-status-state',
    epoch: 'mci-status-epoch',
    roundTrip: 'mci-status-round-trip',
    lastError: 'mci-status-last-error',
    /** One per channel; `data-channel` names it. */
    channel: 'mci-status-channel',
    loadError: 'mci-status-load-error',
  },
  drills: {
    container: 'mci-drills',
    noDataSource: 'mci-drills-none',
    dataSource: 'mci-drills-datasource',
    scenario: 'mci-drills-scenario',
    duration: 'mci-drills-duration',
    start: 'mci-drills-start',
    error: 'mci-drills-error',
    timeline: 'mci-drills-timeline',
    /** One per drill; `data-scenario` and `data-state` describe it. */
    drill: 'mci-drills-drill',
    stop: 'mci-drills-stop',
    /** One per alert of a drill; `data-alert` names it. */
    alert: 'mci-drills-alert',
    dashboardLink: (uid: string) => `mci-drills-dashboard-${uid}`,
  },
} as const;
