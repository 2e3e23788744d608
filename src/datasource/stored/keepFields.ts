/** The query's `fields` filter on a stored-history frame: the asked fields plus every time field. */
import { FieldType, type DataFrame } from '@grafana/data';

export function keepFields(frame: DataFrame, fields?: readonly string[]): DataFrame {
  if (!fields || fields.length === 0) {
    return frame;
  }
  const wanted = new Set(fields);
  return { ...frame, fields: frame.fields.filter((f) => f.type === FieldType.time || wanted.has(f.name)) };
}
