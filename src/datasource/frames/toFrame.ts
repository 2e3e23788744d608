/** Turning stored columns into a Grafana DataFrame, honouring the query's `fields` filter. */
import { FieldType, type DataFrame, type Field, type Labels, type QueryResultMeta } from '@grafana/data';
import type { FieldSpec } from './fieldSpecs';

export interface FrameParts {
  name: string;
  refId?: string;
  meta?: QueryResultMeta;
  labels?: Labels;
  fields?: readonly string[];
}

/** Which spec indexes to output: all, or the asked fields plus every time field. */
export function selectFields<Row>(specs: ReadonlyArray<FieldSpec<Row>>, fields?: readonly string[]): number[] {
  const wanted = fields && fields.length > 0 ? new Set(fields) : undefined;
  const out: number[] = [];
  specs.forEach((spec, index) => {
    if (!wanted || wanted.has(spec.name) || spec.type === FieldType.time) {
      out.push(index);
    }
  });
  return out;
}

/** A frame from per-spec value arrays (`values[i]` belongs to `specs[i]`). */
export function toFrame<Row>(
  specs: ReadonlyArray<FieldSpec<Row>>,
  values: unknown[][],
  length: number,
  parts: FrameParts
): DataFrame {
  const fields: Field[] = [];
  for (const index of selectFields(specs, parts.fields)) {
    const spec = specs[index];
    const labels = parts.labels && spec.type !== FieldType.time ? { ...spec.labels, ...parts.labels } : spec.labels;
    fields.push({
      name: spec.name,
      type: spec.type,
      config: { ...spec.config },
      values: values[index],
      ...(labels ? { labels } : {}),
    });
  }
  return { name: parts.name, refId: parts.refId, fields, length, ...(parts.meta ? { meta: parts.meta } : {}) };
}

/** A table frame (positions, orders) from whole rows: one column per spec. */
export function tableFrame<Row>(
  specs: ReadonlyArray<FieldSpec<Row>>,
  rows: readonly Row[],
  parts: Omit<FrameParts, 'meta' | 'labels'>
): DataFrame {
  const values = specs.map((spec) => rows.map((row) => spec.get(row)));
  return toFrame(specs, values, rows.length, { ...parts, meta: { preferredVisualisationType: 'table' } });
}
