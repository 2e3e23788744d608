/**
 * An entry's details as lines a person reads: one `key value` line per field, nested objects as
 * an indented block under their key (a decision trace's `trace`), arrays of plain values as one
 * comma-separated value, arrays of objects as numbered blocks. Never `[object Object]`. Bounded, so
 * a huge details object cannot flood the feed. Pure.
 */
export interface DetailLine {
  /** Nesting level, 0 for the entry's own fields. */
  depth: number;
  key: string;
  /** Empty for the header line of a nested block. */
  text: string;
}

/** Nesting shown before deeper values are summarised as JSON text. */
export const MAX_DETAIL_DEPTH = 4;
/** Lines shown for one entry; the rest is counted in a last line. */
export const MAX_DETAIL_LINES = 200;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function plainText(value: unknown): string {
  if (value === null || value === undefined) {
    return '–';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function detailLines(details: Record<string, unknown>): DetailLine[] {
  const lines: DetailLine[] = [];
  let dropped = 0;
  const push = (line: DetailLine) => (lines.length < MAX_DETAIL_LINES ? lines.push(line) : (dropped += 1));

  const visit = (key: string, value: unknown, depth: number) => {
    const nested = isObject(value) || (Array.isArray(value) && value.some((item) => typeof item === 'object' && item));
    if (!nested || depth >= MAX_DETAIL_DEPTH) {
      push({ depth, key, text: Array.isArray(value) && !nested ? value.map(plainText).join(', ') : plainText(value) });
      return;
    }
    push({ depth, key, text: '' });
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item])
      : Object.entries(value as Record<string, unknown>);
    entries.forEach(([childKey, child]) => visit(childKey, child, depth + 1));
  };

  Object.entries(details).forEach(([key, value]) => visit(key, value, 0));
  if (dropped > 0) {
    lines.push({ depth: 0, key: '…', text: `${dropped} more ${dropped === 1 ? 'line' : 'lines'}` });
  }
  return lines;
}
