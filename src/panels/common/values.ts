/**
 * Reading cell values of frames that do not all come from our data source: TestData, CSV and
 * JSON sources may hand numbers and times over as strings, and details as JSON text.
 */
import { dateTimeParse } from '@grafana/data';

/** A finite number, or null for null, empty, and text that is not a number. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') {
      return null;
    }
    const parsed = Number(trimmed);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** Epoch milliseconds from epoch ms (number or numeric text), an ISO date text or a Date; else null. */
export function toTimeMs(value: unknown): number | null {
  const numeric = toNumber(value);
  if (numeric !== null) {
    return numeric;
  }
  if (value instanceof Date) {
    return Number.isFinite(value.getTime()) ? value.getTime() : null;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = dateTimeParse(value.trim());
    return parsed.isValid() ? parsed.valueOf() : null;
  }
  return null;
}

/** Text for a categorical cell (symbol, side, status): empty for null. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return String(value);
}

/**
 * A details cell as an object: objects pass through, JSON object text is parsed, any other
 * non-empty value becomes `{ value }`; null, empty text and `{}` give null.
 */
export function toDetails(value: unknown): Record<string, unknown> | null {
  let candidate = value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') {
      return null;
    }
    try {
      candidate = JSON.parse(trimmed);
    } catch {
      return { value: trimmed };
    }
  }
  if (candidate === null || candidate === undefined) {
    return null;
  }
  if (typeof candidate === 'object' && !Array.isArray(candidate)) {
    return Object.keys(candidate).length > 0 ? (candidate as Record<string, unknown>) : null;
  }
  return { value: candidate };
}
