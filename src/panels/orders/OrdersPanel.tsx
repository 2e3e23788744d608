import React, { useMemo, useRef } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Button, RadioButtonGroup, useStyles2, useTheme2 } from '@grafana/ui';
import { useVirtualizer } from '@tanstack/react-virtual';
import { byName, chooseFrame, columnLabel, type FieldRequirement, findTimeField } from '../common/frameFields';
import { missingFieldsText, PanelMessage } from '../common/PanelMessage';
import { type ChipOption, ToggleChips } from '../common/ToggleChips';
import { orderDisplays } from './orderDisplays';
import { OrderRow } from './OrderRow';
import { countBy, visibleOrders } from './orderRows';
import { statusColor } from './statusColors';
import { TEST_IDS } from './testIds';
import {
  ORDER_STATUSES,
  REQUIRED_ORDER_FIELDS,
  STATUS_LABELS,
  type OrderFieldKey,
  type OrdersOptions,
  type SideFilter,
} from './types';

const REQUIREMENT: FieldRequirement<OrderFieldKey> = {
  resolvers: {
    id: byName('id'),
    time: (frame) => findTimeField(frame, 'createdAt'),
    symbol: byName('symbol'),
    side: byName('side'),
    type: byName('type'),
    qty: byName('qty'),
    filledQty: byName('filledQty'),
    price: byName('price'),
    avgFillPrice: byName('avgFillPrice'),
    status: byName('status'),
    reason: byName('reason'),
  },
  required: REQUIRED_ORDER_FIELDS,
};

/** Field names as the message names them (the time column is `createdAt` in the contract). */
const FIELD_NAMES: Partial<Record<OrderFieldKey, string>> = { time: 'createdAt' };

const COLUMNS = [
  { key: 'time', label: 'Time' },
  { key: 'id', label: 'Order id' },
  { key: 'symbol', label: 'Symbol' },
  { key: 'side', label: 'Side' },
  { key: 'type', label: 'Type' },
  { key: 'qty', label: 'Qty', numeric: true },
  { key: 'filledQty', label: 'Filled' },
  { key: 'price', label: 'Price', numeric: true },
  { key: 'status', label: 'Status' },
] as const;

const GRID_TEMPLATE =
  '72px minmax(110px, 1.3fr) minmax(80px, 1fr) 64px 64px 72px minmax(120px, 1.4fr) minmax(90px, 1fr) 132px';
export const ROW_HEIGHT_PX = 32;
/**
 * Rows rendered beyond the visible ones. Few: at a busy blotter every rendered row shows a new
 * order with every repaint, so each extra one costs a render, a style and a layout per repaint.
 */
const OVERSCAN_ROWS = 2;

const SIDE_OPTIONS: Array<{ value: SideFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'buy', label: 'Buy' },
  { value: 'sell', label: 'Sell' },
];

const MISSING_HINT =
  'The orders panel reads one row per order. Query the orders channel of the MCI data source, or give your frame fields with these names (e.g. with the Organize fields transformation).';

export function OrdersPanel({
  data,
  options,
  onOptionsChange,
  width,
  height,
  fieldConfig,
  timeZone,
}: PanelProps<OrdersOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const scroller = useRef<HTMLDivElement>(null);
  const choice = useMemo(() => chooseFrame(data.series, REQUIREMENT), [data.series]);
  const frame = choice.kind === 'ok' ? choice.frame : undefined;
  const fields = choice.kind === 'ok' ? choice.fields : undefined;
  const length = frame?.length ?? 0;
  const statuses = useMemo(() => options.statuses ?? [], [options.statuses]);
  const side = options.side ?? 'all';

  const indices = useMemo(
    () => (fields ? visibleOrders(fields, length, { statuses, side }) : []),
    [fields, length, statuses, side]
  );
  const statusCounts = useMemo(() => countBy(fields?.status, length), [fields, length]);
  const displays = useMemo(
    () => (fields && frame ? orderDisplays(fields, frame, data.series, options, fieldConfig, theme, timeZone) : {}),
    [fields, frame, data.series, options, fieldConfig, theme, timeZone]
  );

  // What changes how the numbers format; the displays themselves are rebuilt with every frame.
  const look = useMemo(
    () =>
      JSON.stringify([
        (['qty', 'filledQty', 'price', 'avgFillPrice'] as const).map((key) => fields?.[key]?.config ?? null),
        options.decimals,
        fieldConfig,
      ]),
    [fields, options.decimals, fieldConfig]
  );
  // Changes with the option only, not with every frame as the chips' counts do.
  const sideFilter = useMemo(
    () => (
      <div data-testid={TEST_IDS.sideFilter}>
        <RadioButtonGroup
          size="sm"
          options={SIDE_OPTIONS}
          value={side}
          onChange={(next) => onOptionsChange({ ...options, side: next })}
        />
      </div>
    ),
    [options, onOptionsChange, side]
  );
  const idField = fields?.id;
  // The plugins are not built with React Compiler, so nothing memoizes the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: indices.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
    getItemKey: (position) => String(idField?.values[indices[position]] ?? position),
  });
  const items = virtualizer.getVirtualItems();

  if (choice.kind === 'missing') {
    const text = missingFieldsText(
      choice.missing.map((key) => FIELD_NAMES[key] ?? key),
      MISSING_HINT
    );
    return <PanelMessage testId={TEST_IDS.missingFields} kind="missing" {...text} />;
  }
  if (!fields || length === 0) {
    return (
      <PanelMessage
        testId={TEST_IDS.empty}
        kind="empty"
        title="No orders yet."
        detail="The query returned no orders. New orders appear here, newest first, as soon as the engine places them."
      />
    );
  }

  const statusOptions: ChipOption[] = [...new Set<string>([...ORDER_STATUSES, ...statusCounts.keys()])].map(
    (status) => ({
      value: status,
      label: STATUS_LABELS[status] ?? status,
      count: statusCounts.get(status) ?? 0,
      color: statusColor(theme, status).main,
    })
  );
  const filtered = statuses.length > 0 || side !== 'all';
  // Headers honour display names from the data source and field overrides, as Grafana's table does.
  const headerLabel = (key: OrderFieldKey, fallback: string) =>
    frame ? columnLabel(fields[key], frame, data.series, fallback) : fallback;

  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid={TEST_IDS.panel}>
      {options.showFilters !== false && (
        <div className={styles.toolbar}>
          <ToggleChips
            label="Filter by status"
            options={statusOptions}
            selected={statuses}
            onChange={(next) => onOptionsChange({ ...options, statuses: next })}
            testId={TEST_IDS.statusFilter}
          />
          {sideFilter}
          <span className={styles.summary} data-testid={TEST_IDS.summary}>
            {filtered ? `${indices.length} of ${length} orders` : `${length} orders`}
          </span>
        </div>
      )}
      <div
        className={styles.table}
        role="table"
        aria-label="Orders, newest first"
        aria-rowcount={indices.length + 1}
        data-testid={TEST_IDS.table}
      >
        <div className={styles.headerRow} role="row">
          {COLUMNS.map((column) => (
            <div
              key={column.key}
              role="columnheader"
              className={'numeric' in column ? styles.numberCell : styles.cell}
              data-testid={TEST_IDS.header(column.key)}
            >
              {headerLabel(column.key, column.label)}
            </div>
          ))}
        </div>
        {/* Focusable, so keyboard users can scroll the blotter (WCAG 2.1.1, axe scrollable-region-focusable). */}
        <div ref={scroller} className={styles.scroller} role="rowgroup" tabIndex={0} data-testid={TEST_IDS.scroller}>
          {indices.length === 0 ? (
            <div className={styles.noMatch} data-testid={TEST_IDS.noMatch}>
              No order matches the filters.
              <Button
                size="sm"
                variant="secondary"
                fill="outline"
                onClick={() => onOptionsChange({ ...options, statuses: [], side: 'all' })}
                data-testid={TEST_IDS.clearFilters}
              >
                Clear filters
              </Button>
            </div>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => (
                <OrderRow
                  // By place among the rendered rows, not by order: at a busy blotter every row
                  // shows a new order with each repaint, and a row keyed by order was unmounted
                  // and mounted again (new DOM, style and layout objects); by place it only
                  // changes its text. Its cells still skip a render when its order is the same.
                  key={item.index - items[0].index}
                  fields={fields}
                  index={indices[item.index]}
                  displays={displays}
                  timeZone={timeZone}
                  className={styles.row}
                  cellClassName={styles.cell}
                  numberClassName={styles.numberCell}
                  look={look}
                  start={item.start}
                  height={ROW_HEIGHT_PX}
                />
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const grid = {
    display: 'grid',
    gridTemplateColumns: GRID_TEMPLATE,
    alignItems: 'center',
    columnGap: theme.spacing(1),
    padding: theme.spacing(0, 1),
  };
  return {
    wrapper: css({
      // Sized by the panel, never by its content: what changes inside is laid out and painted
      // without touching the rest of the dashboard.
      contain: 'strict',
      // A narrow panel scrolls sideways rather than squeezing the columns.
      overflowX: 'auto',
      overflowY: 'hidden',
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(1),
      fontVariantNumeric: 'tabular-nums',
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    toolbar: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1) }),
    summary: css({ marginLeft: 'auto', color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
    table: css({ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, minWidth: 720 }),
    headerRow: css({
      ...grid,
      height: ROW_HEIGHT_PX,
      background: theme.colors.background.secondary,
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
    }),
    scroller: css({
      contain: 'strict',
      flex: 1,
      minHeight: 0,
      overflowY: 'auto',
      overflowX: 'hidden',
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
    }),
    row: css({
      ...grid,
      position: 'absolute',
      top: 0,
      left: 0,
      width: '100%',
      // Its own layout root (the height is fixed): a row showing a new order is laid out alone.
      contain: 'strict',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      '&:hover': { background: theme.colors.action.hover },
    }),
    cell: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }),
    numberCell: css({
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      minWidth: 0,
      textAlign: 'right',
    }),
    noMatch: css({
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      gap: theme.spacing(1),
      height: '100%',
      color: theme.colors.text.secondary,
    }),
  };
};
