/**
 * Query variables the way Grafana 10+ recommends (CustomVariableSupport): symbols, channels,
 * statuses. It is handed the lookup function, not the data source, so the folder reads one way.
 */
import {
  CustomVariableSupport,
  FieldType,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type MetricFindValue,
} from '@grafana/data';
import { from, map, type Observable } from 'rxjs';
import type { MciOptions, MciQuery, MciVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

/** The values of one variable query (the data source's `metricFindQuery`). */
export type MetricFind = (query: MciVariableQuery) => Promise<MetricFindValue[]>;

export class MciVariableSupport extends CustomVariableSupport<DataSourceApi<MciQuery, MciOptions>, MciVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly metricFind: MetricFind) {
    super();
  }

  query(request: DataQueryRequest<MciVariableQuery>): Observable<DataQueryResponse> {
    const query = request.targets[0];
    return from(this.metricFind(query)).pipe(
      map((values) => ({
        data: [
          {
            name: 'values',
            refId: query?.refId,
            length: values.length,
            fields: [{ name: 'text', type: FieldType.string, config: {}, values: values.map((value) => value.text) }],
          },
        ],
      }))
    );
  }
}
