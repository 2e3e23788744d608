/** Test ids of the host page itself (the plugins' own ids live in each plugin's testIds.ts). */
export const TEST_IDS = {
  /** `data-status` is `loading`, `ready` or `failed`; the text says what failed. */
  status: 'host-status',
  plugin: (pluginId: string) => `host-plugin-${pluginId}`,
  panel: (panelId: number) => `host-panel-${panelId}`,
  panelNotice: 'host-panel-notice',
  panelRenderError: 'host-panel-render-error',
  healthCheckButton: 'host-health-check',
  healthCheckResult: 'host-health-result',
  configEditor: 'host-config-editor',
  /** The app page view (`?view=app&page=<page>`); `data-page` names the page. */
  appPage: 'host-app-page',
  appMissing: 'host-app-missing',
} as const;
