/**
 * Test helpers: PanelProps as Grafana hands them to a panel, with the frames passed through
 * `applyFieldOverrides` and the plugin's field config registry, as the panel query runner does.
 */
import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  EventBusSrv,
  type FieldConfigSource,
  getDefaultTimeRange,
  LoadingState,
  type PanelPlugin,
  type PanelProps,
} from '@grafana/data';
import { fillRegistries } from './registries';

fillRegistries();

export const theme = createTheme();

export function processFrames(
  plugin: PanelPlugin,
  frames: DataFrame[],
  fieldConfig?: Partial<FieldConfigSource>
): DataFrame[] {
  const source: FieldConfigSource = {
    defaults: { ...plugin.fieldConfigDefaults.defaults, ...fieldConfig?.defaults },
    overrides: fieldConfig?.overrides ?? [],
  };
  return applyFieldOverrides({
    data: frames,
    fieldConfig: source,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (value) => value,
    theme,
    timeZone: 'utc',
  });
}

export function panelProps<T>(
  plugin: PanelPlugin<T>,
  frames: DataFrame[],
  options: Partial<T> = {},
  fieldConfig?: Partial<FieldConfigSource>
): PanelProps<T> {
  const source: FieldConfigSource = { defaults: fieldConfig?.defaults ?? {}, overrides: fieldConfig?.overrides ?? [] };
  const timeRange = getDefaultTimeRange();
  return {
    id: 1,
    data: { state: LoadingState.Streaming, series: processFrames(plugin, frames, fieldConfig), timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...(plugin.defaults as T), ...options },
    onOptionsChange: () => undefined,
    fieldConfig: source,
    onFieldConfigChange: () => undefined,
    transparent: false,
    width: 1000,
    height: 400,
    renderCounter: 1,
    title: 'Test panel',
    eventBus: new EventBusSrv(),
    onChangeTimeRange: () => undefined,
    replaceVariables: (value) => value,
  };
}
