/**
 * Finding the frame and the fields a panel needs. Field names are the protocol payload names
 * (the frame contract); a frame from any source with those names works.
 */
import { type DataFrame, type Field, FieldType, getFieldDisplayName } from '@grafana/data';

/** The field named `name`; an exact match first, then one that differs only in case. */
export function findField(frame: DataFrame, name: string): Field | undefined {
  const exact = frame.fields.find((field) => field.name === name);
  if (exact) {
    return exact;
  }
  const lower = name.toLowerCase();
  return frame.fields.find((field) => field.name.toLowerCase() === lower);
}

/** The field named `name`, else the first time-typed field (CSV or TestData time columns). */
export function findTimeField(frame: DataFrame, name: string): Field | undefined {
  return findField(frame, name) ?? frame.fields.find((field) => field.type === FieldType.time);
}

export type FieldResolver = (frame: DataFrame) => Field | undefined;

/** What a panel needs: a resolver per field key, plus which of them must be present. */
export interface FieldRequirement<K extends string> {
  resolvers: Record<K, FieldResolver>;
  required: readonly K[];
}

export type FrameChoice<K extends string> =
  | { kind: 'empty' }
  | { kind: 'missing'; frame: DataFrame; missing: K[] }
  | { kind: 'ok'; frame: DataFrame; fields: Partial<Record<K, Field>> };

function resolve<K extends string>(
  frame: DataFrame,
  requirement: FieldRequirement<K>
): { fields: Partial<Record<K, Field>>; missing: K[] } {
  const fields: Partial<Record<K, Field>> = {};
  for (const key of Object.keys(requirement.resolvers) as K[]) {
    const field = requirement.resolvers[key](frame);
    if (field) {
      fields[key] = field;
    }
  }
  return { fields, missing: requirement.required.filter((key) => !fields[key]) };
}

/**
 * The frame a panel renders: the first frame that has every required field, so a query that
 * returns several frames (e.g. a panel with two queries) still works. A frame without any field
 * (a stream that has not started) counts as empty, not as missing fields; when no frame fits,
 * the one missing the fewest fields is reported so the message names what to add.
 */
export function chooseFrame<K extends string>(series: DataFrame[], requirement: FieldRequirement<K>): FrameChoice<K> {
  let closest: { frame: DataFrame; missing: K[] } | undefined;
  for (const frame of series) {
    if (frame.fields.length === 0) {
      continue;
    }
    const { fields, missing } = resolve(frame, requirement);
    if (missing.length === 0) {
      return { kind: 'ok', frame, fields };
    }
    if (!closest || missing.length < closest.missing.length) {
      closest = { frame, missing };
    }
  }
  return closest ? { kind: 'missing', ...closest } : { kind: 'empty' };
}

/** A resolver for the field with this protocol name. */
export const byName =
  (name: string): FieldResolver =>
  (frame) =>
    findField(frame, name);

/**
 * A column header: the display name the data source or a field override gives the field, else
 * the panel's own label (a bare protocol name such as `unrealizedPLPercent` reads poorly).
 */
export function columnLabel(field: Field | undefined, frame: DataFrame, series: DataFrame[], fallback: string): string {
  if (field && (field.config.displayName || field.config.displayNameFromDS)) {
    return getFieldDisplayName(field, frame, series);
  }
  return fallback;
}
