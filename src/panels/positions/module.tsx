import { PanelPlugin } from '@grafana/data';
import { PANEL_FIELD_CONFIG } from '../common/fieldConfig';
import { addPositionsOptions } from './options';
import { PositionsPanel } from './PositionsPanel';
import type { PositionsOptions } from './types';

export const plugin = new PanelPlugin<PositionsOptions>(PositionsPanel)
  .setPanelOptions(addPositionsOptions)
  .useFieldConfig(PANEL_FIELD_CONFIG);
