import React, { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { byName, chooseFrame, columnLabel, type FieldRequirement } from '../common/frameFields';
import { hasMeaningfulColor } from '../common/numericDisplay';
import { symbolOrdersLinks } from '../common/drillDownLinks';
import { missingFieldsText, PanelMessage } from '../common/PanelMessage';
import { usePanelLocation } from '../common/usePanelLocation';
import { columnDisplays } from './columnDisplays';
import { nextSort, positionRows, positionTotals, sortRows, type PositionFields } from './positionRows';
import { type CellContext, NumberCell, PositionRowView } from './PositionRowView';
import { TEST_IDS } from './testIds';
import {
  COLUMN_LABELS,
  DEFAULT_OPTIONS,
  NUMERIC_COLUMNS,
  POSITION_COLUMNS,
  type PositionColumn,
  type PositionsOptions,
  type SortState,
} from './types';
import { usePrefersReducedMotion } from './usePrefersReducedMotion';
import { usePriceFlash } from './usePriceFlash';

const RESOLVERS = Object.fromEntries(
  POSITION_COLUMNS.map((column) => [column, byName(column)])
) as FieldRequirement<PositionColumn>['resolvers'];
/** How long a changed cell stays highlighted (none with reduced motion). */
const FLASH_MS = 800;
/**
 * Every row has this height (cells do not wrap), so the virtualiser places rows without measuring
 * them: measuring would read layout after each commit.
 */
export const ROW_HEIGHT_PX = 28;
/** Rows rendered beyond each edge of the view, so a quick scroll shows no blank band. */
const OVERSCAN_ROWS = 4;
const MISSING_HINT =
  'The positions panel reads a table with one row per position. Query the positions channel of the MCI data source, or give your frame fields with these names (e.g. with the Organize fields transformation), or hide the columns you do not have in the panel options.';

/** Everything that changes how a cell renders, as one comparable string (see CellContext). */
function lookSignature(
  columns: PositionColumn[],
  fields: PositionFields,
  options: PositionsOptions,
  theme: GrafanaTheme2
): string {
  const configs = columns.map((column) => fields[column]?.config ?? null);
  return JSON.stringify([columns, configs, options.currency, options.decimals, options.plColor, theme.name]);
}

function visibleColumns(options: PositionsOptions): PositionColumn[] {
  const chosen = new Set(options.columns?.length ? options.columns : DEFAULT_OPTIONS.columns);
  // Symbol identifies the row, so it always shows; the others keep the canonical order.
  return POSITION_COLUMNS.filter((column) => column === 'symbol' || chosen.has(column));
}

export function PositionsPanel({
  data,
  options,
  width,
  height,
  fieldConfig,
  timeZone,
  timeRange,
}: PanelProps<PositionsOptions>) {
  const theme = useTheme2();
  const location = usePanelLocation();
  const styles = useStyles2(getStyles);
  const [sort, setSort] = useState<SortState | null>(null);
  const columns = useMemo(() => visibleColumns(options), [options]);
  const choice = useMemo(
    () => chooseFrame(data.series, { resolvers: RESOLVERS, required: columns }),
    [data.series, columns]
  );
  const frame = choice.kind === 'ok' ? choice.frame : undefined;
  const fields = choice.kind === 'ok' ? choice.fields : undefined;

  const rows = useMemo(() => (fields && frame ? positionRows(fields, frame.length) : []), [fields, frame]);
  const reducedMotion = usePrefersReducedMotion();
  const flash = usePriceFlash(rows, reducedMotion ? 0 : FLASH_MS);
  const ordersHref = useMemo(() => symbolOrdersLinks(location, timeRange.raw), [location, timeRange.raw]);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const totals = useMemo(() => positionTotals(rows), [rows]);
  // Only the rows in view exist in the DOM: a book of hundreds of symbols whose prices all move
  // each second would otherwise restyle, lay out and paint every row each second.
  const scroller = useRef<HTMLDivElement>(null);
  // The plugins are not built with React Compiler, so nothing memoizes the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
    // The panel's own size until the scroller is observed, so the first render already has rows.
    initialRect: { width, height },
    getItemKey: (index) => sorted[index]?.key ?? index,
  });
  const items = virtualizer.getVirtualItems();
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

  const colored: CellContext['colored'] = {};
  for (const column of NUMERIC_COLUMNS) {
    const field = fields[column];
    colored[column] = field ? hasMeaningfulColor(field) : false;
  }
  const context: CellContext = {
    columns,
    displays,
    colored,
    plBySign: options.plColor !== 'field',
    theme,
    classes: {
      row: styles.row,
      number: styles.number,
      symbol: styles.symbol,
      link: styles.link,
      badge: styles.badge,
      flash: styles.flash,
    },
    signature: lookSignature(columns, fields, options, theme),
  };

  // Spacer rows stand for the rows out of view, so the table keeps its full scroll height.
  const paddingTop = items.length > 0 ? items[0].start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const label = (column: PositionColumn) => columnLabel(fields[column], frame, data.series, COLUMN_LABELS[column]);

  return (
    <div
      ref={scroller}
      className={styles.wrapper}
      style={{ width, height }}
      // Focusable, so keyboard users can scroll the table (WCAG 2.1.1, axe scrollable-region-focusable).
      tabIndex={0}
      data-testid={TEST_IDS.panel}
    >
      <table
        className={styles.table}
        aria-rowcount={sorted.length + (options.showTotals !== false ? 2 : 1)}
        data-testid={TEST_IDS.table}
      >
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => {
              const direction = sort?.column === column ? sort.direction : undefined;
              const numeric = column !== 'symbol' && column !== 'side';
              return (
                <th
                  key={column}
                  className={cx(styles.header, numeric && styles.numberHeader)}
                  aria-sort={direction ?? 'none'}
                  data-testid={TEST_IDS.header(column)}
                  scope="col"
                >
                  <button type="button" className={styles.sortButton} onClick={() => setSort(nextSort(sort, column))}>
                    {label(column)}
                    {direction && <Icon name={direction === 'ascending' ? 'arrow-up' : 'arrow-down'} size="sm" />}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
          {items.map((item) => {
            const row = sorted[item.index];
            return (
              <PositionRowView
                key={row.key}
                row={row}
                rowIndex={item.index + 2}
                ordersHref={ordersHref(row.symbol)}
                flash={flash.get(row.key)}
                context={context}
              />
            );
          })}
          {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
        </tbody>
        {options.showTotals !== false && (
          <tfoot>
            <tr className={styles.totals} aria-rowindex={sorted.length + 2} data-testid={TEST_IDS.totals}>
              {columns.map((column, index) => {
                if (column === 'marketValue' || column === 'unrealizedPL' || column === 'unrealizedPLPercent') {
                  return (
                    <NumberCell
                      key={column}
                      context={context}
                      column={column}
                      value={totals[column]}
                      testId={TEST_IDS.total(column)}
                    />
                  );
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
  // A bar inside the cell's lower edge, on and then off (usePriceFlash): an animated overlay cost
  // a compositor layer per changed cell, and each one starting or ending re-layerized the whole
  // page. A tinted background would lower the contrast of the coloured P&L text below WCAG AA.
  const flash = (color: string) => css({ boxShadow: `inset 0 -2px 0 ${color}` });
  const cellPadding = theme.spacing(0.5, 1);
  return {
    // Sized by the panel, never by its content: what changes inside is laid out and painted
    // without touching the rest of the dashboard.
    wrapper: css({ overflow: 'auto', fontVariantNumeric: 'tabular-nums', contain: 'strict' }),
    table: css({
      width: '100%',
      borderCollapse: 'separate',
      borderSpacing: 0,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
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
      height: ROW_HEIGHT_PX,
      '& td': {
        padding: cellPadding,
        borderBottom: `1px solid ${theme.colors.border.weak}`,
        whiteSpace: 'nowrap',
      },
      '&:hover': { background: theme.colors.action.hover },
    }),
    flash: { up: flash(theme.colors.success.main), down: flash(theme.colors.error.main) },
    symbol: css({ fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary }),
    // Text colour with an underline: a link that does not rely on colour alone (WCAG 1.4.1).
    link: css({
      color: 'inherit',
      textDecoration: 'underline',
      textDecorationColor: theme.colors.text.secondary,
      textUnderlineOffset: 2,
      '&:hover': { color: theme.colors.text.link, textDecorationColor: 'currentColor' },
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
    }),
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
