/**
 * One dashboard panel as Grafana renders it: `PanelChrome` around the plugin's panel component,
 * which gets real `PanelProps` (data through the query runner and `applyFieldOverrides`, options
 * with the defaults of the plugin's options builder, field config, size, theme via context).
 * Frame notices are shown in the header, as Grafana's panel header does.
 */
import React, { Component, type ReactNode, useEffect, useMemo, useState } from 'react';
import {
  type DataSourceApi,
  EventBusSrv,
  type FieldConfigSource,
  type GrafanaTheme2,
  type InterpolateFunction,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  type QueryResultMetaNotice,
  type TimeRange,
} from '@grafana/data';
import { Icon, PanelChrome, PanelContextProvider } from '@grafana/ui';
import { defaultsDeep } from 'lodash';
import type { HostPanelConfig } from './hostConfig';
import { runPanelQuery } from './runPanelQuery';
import { TEST_IDS } from './testIds';

interface Props {
  config: HostPanelConfig;
  plugin: PanelPlugin;
  datasource: DataSourceApi;
  theme: GrafanaTheme2;
  timeRange: TimeRange;
  replaceVariables: InterpolateFunction;
}

class PanelErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return (
        <div data-testid={TEST_IDS.panelRenderError}>The panel crashed while rendering: {this.state.error.message}</div>
      );
    }
    return this.props.children;
  }
}

function notices(data: PanelData): QueryResultMetaNotice[] {
  const seen = new Set<string>();
  return data.series
    .flatMap((frame) => frame.meta?.notices ?? [])
    .filter((notice) => {
      const key = `${notice.severity}:${notice.text}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

const NOTICE_ICON = { info: 'info-circle', warning: 'exclamation-triangle', error: 'exclamation-circle' } as const;

export function HostPanel({ config, plugin, datasource, theme, timeRange, replaceVariables }: Props) {
  const eventBus = useMemo(() => new EventBusSrv(), []);
  const [options, setOptions] = useState<Record<string, unknown>>(() =>
    defaultsDeep({}, config.options, plugin.defaults)
  );
  const [fieldConfig, setFieldConfig] = useState<FieldConfigSource>(() => {
    const pluginDefaults = plugin.fieldConfigDefaults;
    return {
      defaults: defaultsDeep({}, config.fieldConfig?.defaults, pluginDefaults.defaults),
      overrides: (config.fieldConfig?.overrides as FieldConfigSource['overrides']) ?? pluginDefaults.overrides,
    };
  });
  const [data, setData] = useState<PanelData>({ state: LoadingState.NotStarted, series: [], timeRange });
  const [renderCounter, setRenderCounter] = useState(0);

  useEffect(() => {
    const subscription = runPanelQuery({
      datasource,
      plugin,
      panelId: config.id,
      targets: config.targets,
      fieldConfig,
      theme,
      timeRange,
      maxDataPoints: config.widthPx,
      replaceVariables,
    }).subscribe((panelData) => {
      if (window.mciHost) {
        window.mciHost.panelData[config.id] = panelData;
      }
      setData(panelData);
      setRenderCounter((count) => count + 1);
    });
    return () => subscription.unsubscribe();
  }, [datasource, plugin, config, fieldConfig, theme, timeRange, replaceVariables]);

  const PanelComponent = plugin.panel;
  const panelNotices = notices(data);
  return (
    <div
      data-testid={TEST_IDS.panel(config.id)}
      data-plugin-id={config.pluginId}
      data-state={data.state}
      data-render-count={renderCounter}
    >
      <PanelContextProvider value={{ eventsScope: 'global', eventBus }}>
        <PanelChrome
          width={config.widthPx}
          height={config.heightPx}
          title={config.title}
          loadingState={data.state}
          statusMessage={data.errors?.map((error) => error.message).join('\n')}
          titleItems={panelNotices.map((notice) => (
            <span
              key={`${notice.severity}:${notice.text}`}
              data-testid={TEST_IDS.panelNotice}
              data-severity={notice.severity}
              title={notice.text}
            >
              <Icon name={NOTICE_ICON[notice.severity]} /> {notice.text}
            </span>
          ))}
        >
          {(innerWidth, innerHeight) =>
            PanelComponent ? (
              <PanelErrorBoundary>
                <PanelComponent
                  id={config.id}
                  data={data}
                  timeRange={timeRange}
                  timeZone="utc"
                  options={options}
                  onOptionsChange={setOptions}
                  fieldConfig={fieldConfig}
                  onFieldConfigChange={setFieldConfig}
                  transparent={false}
                  width={innerWidth}
                  height={innerHeight}
                  renderCounter={renderCounter}
                  title={config.title}
                  eventBus={eventBus}
                  onChangeTimeRange={() => undefined}
                  replaceVariables={replaceVariables}
                />
              </PanelErrorBoundary>
            ) : (
              <div data-testid={TEST_IDS.panelRenderError}>
                {plugin.meta?.id ?? config.pluginId} has no panel component.
              </div>
            )
          }
        </PanelChrome>
      </PanelContextProvider>
    </div>
  );
}
