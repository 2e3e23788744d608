import { DataSourcePlugin } from '@grafana/data';
import { DataSource } from './DataSource';
import { ConfigEditor } from './ConfigEditor';
import { QueryEditor } from './QueryEditor';
import type { MciOptions, MciQuery, MciSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, MciQuery, MciOptions, MciSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
