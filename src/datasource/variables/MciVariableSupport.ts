/** Query variables the way Grafana 10+ recommends (CustomVariableSupport): symbols, channels, statuses. */
import { CustomVariableSupport, FieldType, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';
import type { DataSource } from '../DataSource';
import type { MciVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

export class MciVariableSupport extends CustomVariableSupport<DataSource, MciVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<MciVariableQuery>): Observable<DataQueryResponse> {
    const query = request.targets[0];
    return from(this.datasource.metricFindQuery(query)).pipe(
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
