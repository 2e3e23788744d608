/** Values of the variable queries: symbols (REST market watchlist), channels, order statuses. */
import type { MetricFindValue } from '@grafana/data';
import { CHANNELS, ORDER_STATUSES, REST_PATHS } from '../../protocol';
import type { VariableQueryKind } from '../types';

export async function variableValues(
  kind: VariableQueryKind,
  getJson: (path: string) => Promise<unknown>
): Promise<MetricFindValue[]> {
  switch (kind) {
    case 'channels':
      return CHANNELS.map((channel) => ({ text: channel, value: channel }));
    case 'statuses':
      return ORDER_STATUSES.map((status) => ({ text: status, value: status }));
    case 'symbols': {
      const market = await getJson(REST_PATHS.market);
      if (!Array.isArray(market)) {
        throw new Error(
          `GET ${REST_PATHS.market} did not answer a list of quotes, so the symbols are unknown. Check that the REST URL points at an MCI server.`
        );
      }
      const symbols = market
        .map((entry) => (entry as { symbol?: unknown }).symbol)
        .filter((symbol): symbol is string => typeof symbol === 'string');
      return [...new Set(symbols)].sort().map((symbol) => ({ text: symbol, value: symbol }));
    }
    default:
      throw new Error(`Unknown variable query ${JSON.stringify(kind)}. Use one of symbols, channels, statuses.`);
  }
}
