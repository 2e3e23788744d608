import { FieldColorModeId, FieldConfigProperty, type SetFieldConfigOptionsArgs, ThresholdsMode } from '@grafana/data';

/**
 * Field config of the panels: Grafana's standard options (unit, decimals, thresholds, colour,
 * display name, mappings, links, …) for defaults and overrides. The default thresholds are one
 * `text` step instead of Grafana's green/red at 80, so cells take a colour only once the user
 * configures one (P&L and status keep their own colours).
 */
export const PANEL_FIELD_CONFIG: SetFieldConfigOptionsArgs = {
  standardOptions: {
    [FieldConfigProperty.Thresholds]: {
      defaultValue: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'text' }] },
    },
    [FieldConfigProperty.Color]: {
      defaultValue: { mode: FieldColorModeId.Thresholds },
    },
  },
};
