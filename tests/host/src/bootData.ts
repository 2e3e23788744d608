/** The part of Grafana's boot data (`window.grafanaBootData`) that `@grafana/runtime` reads. */
/** The installed `@grafana/ui` version of the line under test, set by the host build. */
declare const __MCI_HOST_GRAFANA_VERSION__: string;

export type ThemeName = 'light' | 'dark';

export function themeFromUrl(search: string): ThemeName {
  return new URLSearchParams(search).get('theme') === 'light' ? 'light' : 'dark';
}

export function bootData(theme: ThemeName) {
  return {
    assets: { dark: '', light: '' },
    navTree: [],
    settings: {
      appSubUrl: '',
      appUrl: `${window.location.origin}/`,
      buildInfo: {
        version: __MCI_HOST_GRAFANA_VERSION__,
        commit: 'test-host',
        env: 'production',
        edition: 'Open Source',
        latestVersion: '',
        hasUpdate: false,
        hideVersion: false,
      },
      featureToggles: {},
      datasources: {},
      panels: {},
      apps: {},
      defaultDatasource: '',
      theme2: undefined,
    },
    user: {
      id: 1,
      login: 'e2e',
      name: 'E2E',
      email: 'e2e@example.invalid',
      isSignedIn: true,
      orgId: 1,
      orgName: 'Main Org.',
      orgRole: 'Admin',
      isGrafanaAdmin: true,
      theme,
      timezone: 'utc',
      weekStart: 'monday',
      locale: 'en-US',
      language: 'en-US',
    },
  };
}
