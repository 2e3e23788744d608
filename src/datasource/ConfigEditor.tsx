import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';

export function ConfigEditor(_props: DataSourcePluginOptionsEditorProps) {
  return <div>No settings yet: the MCI data source is not built.</div>;
}
