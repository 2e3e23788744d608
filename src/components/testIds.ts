export const testIds = {
  overview: {
    container: 'data-testid mci-overview',
    plugin: (name: string) => `data-testid mci-overview-plugin-${name}`,
    dashboard: (name: string) => `data-testid mci-overview-dashboard-${name}`,
  },
};
