/**
 * Durations as people write them on a command line: `500ms`, `90s`, `30m`, `2h`, `1d`, or
 * compounds such as `1h30m` and `2m30s500ms`. The one parser the CLI, the control API and
 * scenario scripts share, so `30m` means the same everywhere.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Largest unit first: a compound must list its parts in this order, each at most once. */
const UNIT_ORDER = ['d', 'h', 'm', 's', 'ms'];

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

const HOW = 'write a number followed by a unit (ms, s, m, h or d), e.g. 500ms, 90s, 30m, 2h or 1h30m';

/** Milliseconds in a duration such as `90s` or `1h30m`; throws an Error saying what, why and how. */
export function parseDuration(text: string): number {
  if (typeof text !== 'string') {
    throw new Error(`Invalid duration ${String(text)}: expected a string; ${HOW}.`);
  }
  const input = text.trim();
  if (input === '') {
    throw new Error(`Invalid duration "": it is empty; ${HOW}.`);
  }
  PART.lastIndex = 0;
  let total = 0;
  let lastRank = -1;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (match === null) {
      const rest = input.slice(start);
      const why = /^\d+(\.\d+)?$/.test(rest)
        ? `the number ${rest} has no unit`
        : `"${rest}" is not a number with a unit`;
      throw new Error(`Invalid duration "${text}": ${why}; ${HOW}.`);
    }
    const [, amount, unit] = match;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) {
      throw new Error(`Invalid duration "${text}": units must go from largest to smallest, each once; ${HOW}.`);
    }
    lastRank = rank;
    total += Number(amount) * UNIT_MS[unit];
  }
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) {
    throw new Error(`Invalid duration "${text}": it is too large; ${HOW}.`);
  }
  return ms;
}

/** The shortest compound spelling of a whole number of milliseconds, e.g. 5_400_000 → `1h30m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`Cannot format duration ${ms}: expected a finite number of milliseconds ≥ 0.`);
  }
  if (ms === 0) {
    return '0s';
  }
  let rest = Math.round(ms);
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
