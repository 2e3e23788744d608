import React from 'react';
import { PanelPlugin, type PanelProps } from '@grafana/data';

// Placeholder until the panel issue lands: states plainly that nothing is rendered yet.
function PositionsPanel(_props: PanelProps) {
  return <div data-testid="mci-positions-panel-placeholder">No data: the MCI Positions panel is not built yet.</div>;
}

export const plugin = new PanelPlugin(PositionsPanel);
