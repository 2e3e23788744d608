import { PanelPlugin } from '@grafana/data';
import { PANEL_FIELD_CONFIG } from '../common/fieldConfig';
import { addOrdersOptions } from './options';
import { OrdersPanel } from './OrdersPanel';
import type { OrdersOptions } from './types';

export const plugin = new PanelPlugin<OrdersOptions>(OrdersPanel)
  .setPanelOptions(addOrdersOptions)
  .useFieldConfig(PANEL_FIELD_CONFIG);
