import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import type { DataSource } from './DataSource';

export function QueryEditor(_props: QueryEditorProps<DataSource>) {
  return <div>No query options yet: the MCI data source is not built.</div>;
}
