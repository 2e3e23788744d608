import { PanelPlugin } from '@grafana/data';
import { PANEL_FIELD_CONFIG } from '../common/fieldConfig';
import { ActivityPanel } from './ActivityPanel';
import { addActivityOptions } from './options';
import type { ActivityOptions } from './types';

export const plugin = new PanelPlugin<ActivityOptions>(ActivityPanel)
  .setPanelOptions(addActivityOptions)
  .useFieldConfig(PANEL_FIELD_CONFIG);
