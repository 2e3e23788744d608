/**
 * The host page: Grafana's theme and global styles, a status line saying which plugins loaded,
 * the data source's health check ("Save & test"), and either the dashboard (every panel plugin
 * with its queries) or the data source's config editor (`?view=datasource`).
 */
import React, { version as reactVersion, useCallback, useMemo, useRef, useState } from 'react';
import {
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceJsonData,
  type DataSourceSettings,
  dateTime,
  type GrafanaTheme2,
  type InterpolateFunction,
  PanelPlugin,
  ThemeContext,
  type TimeRange,
} from '@grafana/data';
import { config, getTemplateSrv } from '@grafana/runtime';
import { Alert, Button, GlobalStyles } from '@grafana/ui';
import type { HostPageConfig } from './hostConfig';
import { HostPanel } from './HostPanel';
import type { LoadedPlugin } from './loadPlugins';
import { TEST_IDS } from './testIds';

export type HostView = 'dashboard' | 'datasource';

interface Props {
  view: HostView;
  pageConfig: HostPageConfig;
  plugins: LoadedPlugin[];
  datasource?: DataSourceApi;
  settings: DataSourceInstanceSettings;
  theme: GrafanaTheme2;
}

interface HealthResult {
  status: string;
  message: string;
  /** 1 for the first check, 2 for the second...: lets a test tell a new result from the last. */
  run: number;
}

const TIME_RANGE_MINUTES = 15;

function lastMinutes(minutes: number): TimeRange {
  const to = dateTime();
  return { from: dateTime(to).subtract(minutes, 'minutes'), to, raw: { from: `now-${minutes}m`, to: 'now' } };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  const shaped = error as { message?: string; data?: { message?: string } } | undefined;
  return shaped?.data?.message ?? shaped?.message ?? String(error);
}

function HealthCheck({ datasource }: { datasource?: DataSourceApi }) {
  const [result, setResult] = useState<HealthResult>();
  const [running, setRunning] = useState(false);
  const runs = useRef(0);
  const run = useCallback(async () => {
    if (!datasource) {
      return;
    }
    runs.current += 1;
    const current = runs.current;
    setRunning(true);
    setResult(undefined);
    try {
      // Grafana's "Save & test" calls testDatasource() and shows status and message.
      const response = (await datasource.testDatasource()) as { status: string; message: string };
      setResult({ status: response.status, message: response.message, run: current });
    } catch (error) {
      setResult({ status: 'error', message: messageOf(error), run: current });
    } finally {
      setRunning(false);
    }
  }, [datasource]);
  return (
    <div>
      <Button data-testid={TEST_IDS.healthCheckButton} disabled={!datasource || running} onClick={run}>
        Test data source
      </Button>
      {result && (
        <div data-testid={TEST_IDS.healthCheckResult} data-status={result.status} data-run={result.run}>
          <Alert title={result.message} severity={result.status === 'success' ? 'success' : 'error'} />
        </div>
      )}
    </div>
  );
}

function ConfigEditorView({
  datasource,
  settings,
}: {
  datasource?: DataSourceApi;
  settings: DataSourceInstanceSettings;
}) {
  const [options, setOptions] = useState<DataSourceSettings<DataSourceJsonData>>(() => ({
    id: 1,
    uid: settings.uid,
    orgId: 1,
    name: settings.name,
    type: settings.type,
    typeName: settings.meta.name,
    typeLogoUrl: settings.meta.info?.logos?.small ?? '',
    access: 'proxy',
    url: settings.url ?? '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: true,
    jsonData: settings.jsonData,
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
  }));
  const Editor = datasource?.components?.ConfigEditor;
  return (
    <div data-testid={TEST_IDS.configEditor}>
      {Editor ? (
        <Editor options={options} onOptionsChange={setOptions} />
      ) : (
        <p>The data source has no config editor.</p>
      )}
    </div>
  );
}

export function HostApp({ view, pageConfig, plugins, datasource, settings, theme }: Props) {
  const timeRange = useMemo(() => lastMinutes(TIME_RANGE_MINUTES), []);
  const replaceVariables = useCallback<InterpolateFunction>(
    (value, scopedVars, format) => getTemplateSrv().replace(value, scopedVars, format),
    []
  );
  const failures = plugins.filter((entry) => entry.error);
  const status = failures.length > 0 || !datasource ? 'failed' : 'ready';
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div style={{ padding: theme.spacing(2), display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }}>
        <div
          data-testid={TEST_IDS.status}
          data-status={status}
          data-theme={theme.name.toLowerCase()}
          data-grafana-version={config.buildInfo.version}
          data-react-version={reactVersion}
        >
          {status === 'ready'
            ? `Loaded ${plugins.length} plugins through SystemJS (${theme.isDark ? 'dark' : 'light'} theme).`
            : failures.map((entry) => entry.error).join('\n') || `The data source ${settings.type} did not load.`}
        </div>
        <ul style={{ display: 'none' }}>
          {plugins.map((entry) => (
            <li
              key={entry.config.id}
              data-testid={TEST_IDS.plugin(entry.config.id)}
              data-loaded={entry.plugin ? 'true' : 'false'}
            >
              {entry.error ?? entry.config.id}
            </li>
          ))}
        </ul>
        <HealthCheck datasource={datasource} />
        {view === 'datasource' ? (
          <ConfigEditorView datasource={datasource} settings={settings} />
        ) : (
          datasource &&
          pageConfig.panels.map((panel) => {
            const plugin = plugins.find((entry) => entry.config.id === panel.pluginId)?.plugin;
            return plugin instanceof PanelPlugin ? (
              <HostPanel
                key={panel.id}
                config={panel}
                plugin={plugin}
                datasource={datasource}
                theme={theme}
                timeRange={timeRange}
                replaceVariables={replaceVariables}
              />
            ) : null;
          })
        )}
      </div>
    </ThemeContext.Provider>
  );
}
