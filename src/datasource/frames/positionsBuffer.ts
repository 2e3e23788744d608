/** positions: one table frame, replaced by each update (event or REST snapshot). */
import type { DataFrame } from '@grafana/data';
import type { ChannelItem } from '../../client';
import type { Position } from '../../protocol';
import { POSITION_FIELDS } from './fieldSpecs';
import { tableFrame } from './toFrame';
import type { ChannelBuffer, ChannelBufferOptions } from './types';
import { symbolFilter } from './symbolFilter';

export function createPositionsBuffer(options: ChannelBufferOptions): ChannelBuffer {
  const keep = symbolFilter(options.symbols);
  let rows: Position[] = [];
  let cached: DataFrame[] | undefined;

  const replace = (positions: Position[]) => {
    rows = keep ? positions.filter((position) => keep(position.symbol)) : positions;
    cached = undefined;
    return true;
  };

  return {
    channel: 'positions',
    push(item: ChannelItem) {
      if (item.kind === 'event' && item.message.event === 'positions:update') {
        return replace(item.message.data.positions);
      }
      if (item.kind === 'snapshot' && Array.isArray(item.data)) {
        return replace(item.data as Position[]);
      }
      return false;
    },
    frames() {
      if (!cached) {
        cached = [
          tableFrame(POSITION_FIELDS, rows, { name: 'positions', refId: options.refId, fields: options.fields }),
        ];
      }
      return cached;
    },
    size: () => rows.length,
  };
}
