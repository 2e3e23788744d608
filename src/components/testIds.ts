/** Stable test ids of the app's pages, shared by their tests (the `mci-…` convention of the panels). */
export const TEST_IDS = {
  overview: {
    container: 'mci-overview',
    plugin: (name: string) => `mci-overview-plugin-${name}`,
    dashboard: (name: string) => `mci-overview-dashboard-${name}`,
  },
} as const;
