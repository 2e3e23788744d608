import React, { memo } from 'react';
import { cx } from '@emotion/css';
import { formattedValueToString, type GrafanaTheme2 } from '@grafana/data';
import { Badge } from '@grafana/ui';
import { signColor, signOf } from '../common/signColor';
import type { ColumnDisplays } from './columnDisplays';
import type { CellFlash, FlashEntry } from './priceFlash';
import type { PositionRow } from './positionRows';
import { TEST_IDS } from './testIds';
import { NUMERIC_COLUMNS, type NumericColumn, type PositionColumn } from './types';

const PL_COLUMNS: readonly PositionColumn[] = ['unrealizedPL', 'unrealizedPLPercent'];
const SIDE_COLORS: Record<string, 'green' | 'red'> = { long: 'green', buy: 'green', short: 'red', sell: 'red' };

/** How cells look: the same for every row of one render. */
export interface CellContext {
  columns: PositionColumn[];
  displays: ColumnDisplays;
  /** Numeric columns whose field config gives a colour (thresholds, colour scheme). */
  colored: Partial<Record<NumericColumn, boolean>>;
  plBySign: boolean;
  theme: GrafanaTheme2;
  classes: {
    row: string;
    number: string;
    symbol: string;
    link: string;
    badge: string;
    flash: Record<'up' | 'down', string>;
  };
  /**
   * Changes whenever anything above changes how a cell renders (field config, options, theme).
   * Rows compare it instead of the processors, which Grafana rebuilds with every frame.
   */
  signature: string;
}

interface NumberCellProps {
  context: CellContext;
  column: NumericColumn;
  value: number | null;
  testId: string;
  /** The cell's last change while it is highlighted. */
  flash?: CellFlash;
}

function NumberCellView({ context, column, value, testId, flash }: NumberCellProps) {
  const display = context.displays[column];
  if (value === null || !display) {
    return (
      <td className={context.classes.number} data-testid={testId}>
        –
      </td>
    );
  }
  const shown = display(value);
  let color: string | undefined;
  let sign: string | undefined;
  if (PL_COLUMNS.includes(column) && context.plBySign) {
    sign = signOf(value);
    color = signColor(context.theme, value);
  } else if (context.colored[column]) {
    color = shown.color;
  }
  // The highlight is the cell's background for a moment: no animation, no element of its own,
  // so a change costs two repaints of the cell and nothing in between (docs/load.md).
  return (
    <td
      className={cx(context.classes.number, flash && context.classes.flash[flash.direction])}
      data-testid={testId}
      data-sign={sign}
      data-flash={flash?.direction}
      style={color ? { color } : undefined}
    >
      {formattedValueToString(shown)}
    </td>
  );
}

function sameCell(previous: NumberCellProps, next: NumberCellProps): boolean {
  return (
    previous.value === next.value &&
    previous.column === next.column &&
    previous.testId === next.testId &&
    previous.flash?.direction === next.flash?.direction &&
    previous.context.signature === next.context.signature
  );
}

/**
 * One number; re-renders only when its value, its highlight or the cell look changes, so a row
 * whose highlight ends formats nothing again.
 */
export const NumberCell = memo(NumberCellView, sameCell);

interface RowProps {
  row: PositionRow;
  /** The row's place in the whole table (header = 1), for assistive technology: only rows in view exist. */
  rowIndex: number;
  /** The orders of this row's symbol (a drill-down link on the dashboard). */
  ordersHref: string;
  flash?: FlashEntry;
  context: CellContext;
}

function PositionRowCells({ row, rowIndex, ordersHref, flash, context }: RowProps) {
  return (
    <tr className={context.classes.row} aria-rowindex={rowIndex} data-testid={TEST_IDS.row} data-key={row.key}>
      {context.columns.map((column) => {
        if (column === 'symbol') {
          return (
            <td key={column} className={context.classes.symbol} data-testid={TEST_IDS.cell(column)}>
              <a
                className={context.classes.link}
                href={ordersHref}
                title={`Show the orders of ${row.symbol}`}
                data-testid={TEST_IDS.ordersLink}
              >
                {row.symbol}
              </a>
            </td>
          );
        }
        if (column === 'side') {
          return (
            <td key={column} data-testid={TEST_IDS.cell(column)}>
              <Badge
                text={row.side.toUpperCase() || '–'}
                color={SIDE_COLORS[row.side.toLowerCase()] ?? 'darkgrey'}
                className={context.classes.badge}
              />
            </td>
          );
        }
        return (
          <NumberCell
            key={column}
            context={context}
            column={column}
            value={row.numbers[column]}
            testId={TEST_IDS.cell(column)}
            flash={flash?.cells[column]}
          />
        );
      })}
    </tr>
  );
}

function sameRow(previous: RowProps, next: RowProps): boolean {
  if (
    previous.flash !== next.flash ||
    previous.rowIndex !== next.rowIndex ||
    previous.ordersHref !== next.ordersHref ||
    previous.context.signature !== next.context.signature
  ) {
    return false;
  }
  const a = previous.row;
  const b = next.row;
  return (
    a.symbol === b.symbol &&
    a.side === b.side &&
    NUMERIC_COLUMNS.every((column) => a.numbers[column] === b.numbers[column])
  );
}

/** One position; re-renders only when its values (and so its highlights) or the cell look change. */
export const PositionRowView = memo(PositionRowCells, sameRow);
