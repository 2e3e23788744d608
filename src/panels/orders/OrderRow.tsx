import React, { memo } from 'react';
import { dateTimeFormat, type DisplayProcessor, formattedValueToString } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { Badge, useTheme2 } from '@grafana/ui';
import { toNumber, toText, toTimeMs } from '../common/values';
import { FillProgress } from './FillProgress';
import { fillFraction, type OrderFields, sameOrderRow } from './orderRows';
import type { OrderDisplays } from './orderDisplays';
import { StatusChip } from './StatusChip';
import { statusColor } from './statusColors';
import { TEST_IDS } from './testIds';

interface CellsProps {
  fields: OrderFields;
  index: number;
  displays: OrderDisplays;
  /**
   * Changes whenever the displays format differently (field config, options). Rows compare it
   * instead of the displays, which are rebuilt with every frame.
   */
  look: string;
  timeZone?: TimeZone;
  cellClassName: string;
  numberClassName: string;
}

interface Props extends CellsProps {
  className: string;
  /** Offset from the top of the list, in px (the virtualiser's layout). */
  start: number;
  height: number;
}

function sameCells(previous: CellsProps, next: CellsProps): boolean {
  return (
    previous.look === next.look &&
    previous.timeZone === next.timeZone &&
    previous.cellClassName === next.cellClassName &&
    previous.numberClassName === next.numberClassName &&
    sameOrderRow(previous.fields, previous.index, next.fields, next.index)
  );
}

const format = (display: DisplayProcessor | undefined, value: number | null) =>
  value === null || !display ? '–' : formattedValueToString(display(value));

/**
 * One order: a grid row the virtualiser positions. A new order above moves every row down, so
 * the row's place changes with most frames; its cells re-render only when the order or the look
 * changes.
 */
export const OrderRow = memo(function OrderRow({ className, start, height, ...cells }: Props) {
  const { fields, index } = cells;
  return (
    <div
      className={className}
      style={{ transform: `translateY(${start}px)`, height }}
      role="row"
      data-testid={TEST_IDS.row}
      data-order-id={toText(fields.id?.values[index])}
      data-status={toText(fields.status?.values[index])}
    >
      <OrderCells {...cells} />
    </div>
  );
});

const OrderCells = memo(function OrderCells({
  fields,
  index,
  displays,
  timeZone,
  cellClassName,
  numberClassName,
}: CellsProps) {
  const theme = useTheme2();
  const id = toText(fields.id?.values[index]);
  const time = toTimeMs(fields.time?.values[index]);
  const side = toText(fields.side?.values[index]);
  const status = toText(fields.status?.values[index]);
  const qty = toNumber(fields.qty?.values[index]);
  const filledQty = toNumber(fields.filledQty?.values[index]);
  const avgFill = toNumber(fields.avgFillPrice?.values[index]);
  const sideColor = side.toLowerCase() === 'buy' ? 'green' : side.toLowerCase() === 'sell' ? 'red' : 'darkgrey';
  return (
    <>
      <div
        className={cellClassName}
        role="cell"
        data-testid={TEST_IDS.cell('time')}
        title={time === null ? undefined : dateTimeFormat(time, { timeZone })}
      >
        {time === null ? '–' : dateTimeFormat(time, { timeZone, format: 'HH:mm:ss' })}
      </div>
      <div className={cellClassName} role="cell" data-testid={TEST_IDS.cell('id')} title={id}>
        {id}
      </div>
      <div className={cellClassName} role="cell" data-testid={TEST_IDS.cell('symbol')}>
        {toText(fields.symbol?.values[index])}
      </div>
      <div className={cellClassName} role="cell" data-testid={TEST_IDS.cell('side')}>
        <Badge text={side.toUpperCase() || '–'} color={sideColor} />
      </div>
      <div className={cellClassName} role="cell" data-testid={TEST_IDS.cell('type')}>
        {toText(fields.type?.values[index]) || '–'}
      </div>
      <div className={numberClassName} role="cell" data-testid={TEST_IDS.cell('qty')}>
        {format(displays.qty, qty)}
      </div>
      <div className={cellClassName} role="cell" data-testid={TEST_IDS.cell('filledQty')}>
        <FillProgress
          fraction={fillFraction(qty, filledQty)}
          text={format(displays.filledQty ?? displays.qty, filledQty)}
          color={statusColor(theme, status).main}
        />
      </div>
      <div
        className={numberClassName}
        role="cell"
        data-testid={TEST_IDS.cell('price')}
        title={
          avgFill === null ? undefined : `Average fill ${format(displays.avgFillPrice ?? displays.price, avgFill)}`
        }
      >
        {format(displays.price, toNumber(fields.price?.values[index]))}
      </div>
      <div className={cellClassName} role="cell" data-testid={TEST_IDS.cell('status')}>
        <StatusChip status={status} reason={toText(fields.reason?.values[index])} />
      </div>
    </>
  );
}, sameCells);
