import React from 'react';
import { PanelPlugin, type PanelProps } from '@grafana/data';

// Placeholder until the panel issue lands: states plainly that nothing is rendered yet.
function OrdersPanel(_props: PanelProps) {
  return <div data-testid="mci-orders-panel-placeholder">No data: the MCI Orders panel is not built yet.</div>;
}

export const plugin = new PanelPlugin(OrdersPanel);
