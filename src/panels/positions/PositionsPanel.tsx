import React, { useMemo, useState } from 'react';
import { css, cx, keyframes } from '@emotion/css';
import { formattedValueToString, getFieldDisplayName, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Badge, Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { byName, chooseFrame, type FieldSpec } from '../shared/frameFields';
import { hasMeaningfulColor } from '../shared/numericDisplay';
import { missingFieldsText, PanelMessage } from '../shared/PanelMessage';
import { signColor, signOf } from '../shared/signColor';
import { columnDisplays } from './columnDisplays';
import { nextSort, positionRows, positionTotals, sortRows, type PositionRow } from './positionRows';
import { TEST_IDS } from './testIds';
import { COLUMN_LABELS, DEFAULT_OPTIONS, POSITION_COLUMNS, type NumericColumn, type PositionColumn, type PositionsOptions, type SortState } from './types';
import { usePriceFlash } from './usePriceFlash';

const RESOLVERS = Object.fromEntries(POSITION_COLUMNS.map((column) => [column, byName(column)])) as FieldSpec<PositionColumn>['resolvers'];
const PL_COLUMNS: readonly PositionColumn[] = ['unrealizedPL', 'unrealizedPLPercent'];
const SIDE_COLORS: Record<string, 'green' | 'red'> = { long: 'green', buy: 'green', short: 'red', sell: 'red' };
const MISSING_HINT =
  'The positions panel reads a table with one row per position. Query the positions channel of the MCI data source, or give your frame fields with these names (e.g. with the Organize fields transformation), or hide the columns you do not have in the panel options.';

function visibleColumns(options: PositionsOptions): PositionColumn[] {
  const chosen = new Set(options.columns?.length ? options.columns : DEFAULT_OPTIONS.columns);
  // Symbol identifies the row, so it always shows; the others keep the canonical order.
  return POSITION_COLUMNS.filter((column) => column === 'symbol' || chosen.has(column));
}

export function PositionsPanel({ data, options, width, height, fieldConfig, timeZone }: PanelProps<PositionsOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [sort, setSort] = useState<SortState | null>(null);
  const columns = useMemo(() => visibleColumns(options), [options]);
  const choice = useMemo(() => chooseFrame(data.series, { resolvers: RESOLVERS, required: columns }), [data.series, columns]);
  const frame = choice.kind === 'ok' ? choice.frame : undefined;
  const fields = choice.kind === 'ok' ? choice.fields : undefined;

  const rows = useMemo(() => (fields && frame ? positionRows(fields, frame.length) : []), [fields, frame]);
  const flash = usePriceFlash(rows);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const totals = useMemo(() => positionTotals(rows), [rows]);
  const displays = useMemo(
    () => (fields && frame ? columnDisplays(fields, frame, data.series, options, fieldConfig, theme, timeZone) : {}),
    [fields, frame, data.series, options, fieldConfig, theme, timeZone]
  );

  if (choice.kind === 'missing') {
    const text = missingFieldsText(choice.missing, MISSING_HINT);
    return <PanelMessage testId={TEST_IDS.missingFields} kind="missing" {...text} />;
  }
  if (!frame || !fields || rows.length === 0) {
    return (
      <PanelMessage
        testId={TEST_IDS.empty}
        kind="empty"
        title="No open positions."
        detail="The query returned no rows: the book is flat, or the data has not arrived yet. Positions appear here as soon as the strategy holds any."
      />
    );
  }

  const label = (column: PositionColumn) => {
    const field = fields[column];
    return field ? getFieldDisplayName(field, frame, data.series) : COLUMN_LABELS[column];
  };

  const numberCell = (column: NumericColumn, value: number | null, key: string, testId: string) => {
    const display = displays[column];
    if (value === null || !display) {
      return (
        <td key={key} className={styles.number} data-testid={testId}>
          –
        </td>
      );
    }
    const shown = display(value);
    const field = fields[column];
    let color: string | undefined;
    let sign: string | undefined;
    if (PL_COLUMNS.includes(column) && options.plColor !== 'field') {
      sign = signOf(value);
      color = signColor(theme, value);
    } else if (field && hasMeaningfulColor(field)) {
      color = shown.color;
    }
    return (
      <td key={key} className={styles.number} data-testid={testId} data-sign={sign} style={color ? { color } : undefined}>
        {formattedValueToString(shown)}
      </td>
    );
  };

  const renderRow = (row: PositionRow) => {
    const entry = flash.get(row.key);
    const flashClass = entry?.direction === 'up' ? styles.flashUp : entry?.direction === 'down' ? styles.flashDown : undefined;
    return (
      // The version in the key remounts the row on a price change, which restarts the highlight.
      <tr key={`${row.key}@${entry?.version ?? 0}`} className={cx(styles.row, flashClass)} data-testid={TEST_IDS.row} data-key={row.key} data-flash={entry?.direction}>
        {columns.map((column) => {
          if (column === 'symbol') {
            return (
              <td key={column} className={styles.symbol} data-testid={TEST_IDS.cell(column)}>
                {row.symbol}
              </td>
            );
          }
          if (column === 'side') {
            return (
              <td key={column} data-testid={TEST_IDS.cell(column)}>
                <Badge text={row.side.toUpperCase() || '–'} color={SIDE_COLORS[row.side.toLowerCase()] ?? 'darkgrey'} className={styles.badge} />
              </td>
            );
          }
          return numberCell(column, row.numbers[column], column, TEST_IDS.cell(column));
        })}
      </tr>
    );
  };

  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid={TEST_IDS.panel}>
      <table className={styles.table} data-testid={TEST_IDS.table}>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = sort?.column === column ? sort.direction : undefined;
              const numeric = column !== 'symbol' && column !== 'side';
              return (
                <th key={column} className={cx(styles.header, numeric && styles.numberHeader)} aria-sort={direction ?? 'none'} data-testid={TEST_IDS.header(column)} scope="col">
                  <button type="button" className={styles.sortButton} onClick={() => setSort(nextSort(sort, column))}>
                    {label(column)}
                    {direction && <Icon name={direction === 'ascending' ? 'arrow-up' : 'arrow-down'} size="sm" />}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{sorted.map(renderRow)}</tbody>
        {options.showTotals !== false && (
          <tfoot>
            <tr className={styles.totals} data-testid={TEST_IDS.totals}>
              {columns.map((column, index) => {
                if (column === 'marketValue' || column === 'unrealizedPL' || column === 'unrealizedPLPercent') {
                  return numberCell(column, totals[column], column, TEST_IDS.total(column));
                }
                return (
                  <td key={column} className={styles.totalLabel}>
                    {index === 0 ? `Total (${rows.length})` : ''}
                  </td>
                );
              })}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const flash = (color: string) => keyframes({ from: { backgroundColor: color }, to: { backgroundColor: 'transparent' } });
  const cellPadding = theme.spacing(0.5, 1);
  return {
    wrapper: css({ overflow: 'auto', fontVariantNumeric: 'tabular-nums' }),
    table: css({ width: '100%', borderCollapse: 'separate', borderSpacing: 0, fontSize: theme.typography.bodySmall.fontSize }),
    header: css({
      position: 'sticky',
      top: 0,
      zIndex: 1,
      background: theme.colors.background.secondary,
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      padding: 0,
      textAlign: 'left',
      whiteSpace: 'nowrap',
    }),
    numberHeader: css({ textAlign: 'right', '& button': { justifyContent: 'flex-end' } }),
    sortButton: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      width: '100%',
      padding: cellPadding,
      border: 'none',
      background: 'none',
      color: theme.colors.text.link,
      fontWeight: theme.typography.fontWeightMedium,
      cursor: 'pointer',
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
    }),
    row: css({
      '& td': { padding: cellPadding, borderBottom: `1px solid ${theme.colors.border.weak}`, whiteSpace: 'nowrap' },
      '&:hover': { background: theme.colors.action.hover },
    }),
    flashUp: css({ animation: `${flash(theme.colors.success.transparent)} 1s ease-out` }),
    flashDown: css({ animation: `${flash(theme.colors.error.transparent)} 1s ease-out` }),
    symbol: css({ fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary }),
    badge: css({ fontSize: theme.typography.bodySmall.fontSize }),
    number: css({ textAlign: 'right' }),
    totals: css({
      '& td': {
        position: 'sticky',
        bottom: 0,
        padding: cellPadding,
        background: theme.colors.background.secondary,
        borderTop: `1px solid ${theme.colors.border.medium}`,
        fontWeight: theme.typography.fontWeightMedium,
        whiteSpace: 'nowrap',
      },
    }),
    totalLabel: css({ color: theme.colors.text.secondary }),
  };
};
