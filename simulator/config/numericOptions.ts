/**
 * Numeric command-line options, checked once with errors that name the flag and the accepted
 * range (shared by `serve`, `load` and `bridge`). `undefined` means "not given": the fallback.
 */

/** A finite number in [min, max], from a number or its text. */
export function numberOption(option: string, value: unknown, fallback: number, min: number, max: number): number {
  return checked(option, value, fallback, min, max, 'a number', () => true);
}

/** A whole number in [min, max]. */
export function integerOption(option: string, value: unknown, fallback: number, min: number, max: number): number {
  return checked(option, value, fallback, min, max, 'a whole number', Number.isInteger);
}

function checked(
  option: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  expected: string,
  accept: (value: number) => boolean
): number {
  if (value === undefined) {
    return fallback;
  }
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(parsed) || parsed < min || parsed > max || !accept(parsed)) {
    throw new Error(`--${option}: expected ${expected} from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
  return parsed;
}
