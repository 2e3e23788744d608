/**
 * The closed trade the engine reports in a `position_closed` activity entry's details, as a
 * `dd_trade_performance` row; undefined for an entry without the trade fields (an older
 * recording, another backend). Pure.
 */
import type { ActivityLog } from '../../../src/protocol';
import { ACCOUNT_PROFILE_ID, profileIdOf } from '../../engine/tradingProfiles';
import type { NewTrade } from './TradingRepository';
import { tradeTypeOf } from './tradeStats';

export function tradeOfActivity(entry: ActivityLog): NewTrade | undefined {
  const d = entry.details;
  if (d?.kind !== 'position_closed') {
    return undefined;
  }
  const num = (key: string) => (typeof d[key] === 'number' && Number.isFinite(d[key]) ? (d[key] as number) : undefined);
  const text = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : undefined);
  const [entryPrice, exitPrice, qty, pnl, slippage, openedAt, durationMs] = [
    num('entryPrice'),
    num('exitPrice'),
    num('closedQty'),
    num('realizedPL'),
    num('slippage'),
    num('openedAt'),
    num('durationMs'),
  ];
  const symbol = text('symbol');
  const strategy = text('strategy');
  const reason = text('reason');
  if (
    symbol === undefined ||
    strategy === undefined ||
    reason === undefined ||
    entryPrice === undefined ||
    exitPrice === undefined ||
    qty === undefined ||
    pnl === undefined ||
    slippage === undefined ||
    openedAt === undefined ||
    durationMs === undefined
  ) {
    return undefined;
  }
  return {
    profile_id: profileIdOf(strategy) ?? ACCOUNT_PROFILE_ID,
    symbol,
    trade_type: tradeTypeOf(reason),
    side: d.side === 'short' ? 'short' : 'long',
    entry_price: entryPrice,
    exit_price: exitPrice,
    quantity: qty,
    pnl,
    slippage,
    entry_time: openedAt,
    exit_time: entry.timestamp,
    duration_seconds: Math.round(durationMs / 1000),
    reason,
    metadata: { strategy, closed_by: text('closedBy') ?? null, order_id: text('orderId') ?? null },
  };
}
