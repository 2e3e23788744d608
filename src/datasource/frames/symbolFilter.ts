/** A predicate for the query's symbol filter, or undefined when every symbol is wanted. */
export function symbolFilter(symbols?: readonly string[]): ((symbol: string) => boolean) | undefined {
  if (!symbols || symbols.length === 0) {
    return undefined;
  }
  const set = new Set(symbols);
  return (symbol) => set.has(symbol);
}
