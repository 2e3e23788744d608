/**
 * Values of the variable queries: symbols (REST market watchlist), channels, order statuses. Each
 * market entry is validated with the protocol's schema; an invalid one is skipped alone and
 * handed to `onSkipped`, so one bad entry never empties the variable.
 */
import type { MetricFindValue } from '@grafana/data';
import * as v from 'valibot';
import type { SkippedMessage } from '../../client';
import { CHANNELS, MarketDataSchema, ORDER_STATUSES, REST_PATHS } from '../../protocol';
import { skippedRestItem } from '../stream/SkippedTally';
import type { VariableQueryKind } from '../types';

export async function variableValues(
  kind: VariableQueryKind,
  getJson: (path: string) => Promise<unknown>,
  onSkipped: (skipped: SkippedMessage) => void = () => undefined,
  now: () => number = Date.now
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
      const symbols: string[] = [];
      market.forEach((entry: unknown, index) => {
        const result = v.safeParse(MarketDataSchema, entry);
        if (result.success) {
          symbols.push(result.output.symbol);
        } else {
          const reason = `[${index}]: ${result.issues[0].message}`;
          onSkipped(skippedRestItem('market', `GET ${REST_PATHS.market}`, reason, now()));
        }
      });
      return [...new Set(symbols)].sort().map((symbol) => ({ text: symbol, value: symbol }));
    }
    default:
      throw new Error(`Unknown variable query ${JSON.stringify(kind)}. Use one of symbols, channels, statuses.`);
  }
}
