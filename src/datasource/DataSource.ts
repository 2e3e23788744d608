import { DataSourceApi, type DataQueryRequest, type DataQueryResponse, type DataSourceInstanceSettings } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

// Placeholder until the data source issue lands: every query fails with a plain explanation.
export class DataSource extends DataSourceApi<DataQuery> {
  constructor(instanceSettings: DataSourceInstanceSettings) {
    super(instanceSettings);
  }

  async query(_request: DataQueryRequest<DataQuery>): Promise<DataQueryResponse> {
    return { data: [], error: { message: 'The MCI data source is not built yet: no query can run.' } };
  }

  async testDatasource() {
    return { status: 'error', message: 'The MCI data source is not built yet.' };
  }
}
