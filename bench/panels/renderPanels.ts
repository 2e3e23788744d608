/**
 * Render benchmark of the panels (quick feedback, seconds): how long one data update takes to
 * render for the positions panel with 1,000 positions and the orders panel with 10,000 orders,
 * in jsdom with React's production build, each update rendered with `flushSync` (render, commit,
 * effects). Each update hands the panel a new frame, as the data source does on every repaint:
 * positions with new prices (so rows re-render and the price highlight runs), orders with a new
 * order on top. Prints a table and a JSON line; asserts nothing. `bench/cases/panels.ts` runs it
 * as a child process (jsdom's globals must not leak into the other cases).
 *
 *   npm run bench:panels                              (40 updates per case)
 *   tsx bench/panels/renderPanels.ts --updates 5
 */
// Must come first: the DOM exists before React and @grafana/ui load.
import { dom } from './panelsDom';
import React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createDataFrame, FieldType } from '@grafana/data';
import { panelProps } from '../../src/panels/shared/testing/panelProps';
import { plugin as positionsPlugin } from '../../src/panels/positions/module';
import { PositionsPanel } from '../../src/panels/positions/PositionsPanel';
import { plugin as ordersPlugin } from '../../src/panels/orders/module';
import { OrdersPanel } from '../../src/panels/orders/OrdersPanel';

const POSITIONS = 1000;
const ORDERS = 10_000;
/** Updates measured per case (after a first render that is reported apart): `--updates N`, default 40. */
const updatesAt = process.argv.indexOf('--updates');
const UPDATES = updatesAt === -1 ? 40 : Math.max(1, Number.parseInt(process.argv[updatesAt + 1], 10) || 40);

interface Result {
  case: string;
  rows: number;
  updates: number;
  firstRenderMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  domRows: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const T0 = Date.UTC(2026, 0, 5, 9, 15, 0);

  /** `changing`: the share of positions whose price moves at each tick (1 = all of them). */
  function positionsFrame(count: number, tick: number, changing: number) {
    const index = Array.from({ length: count }, (_unused, i) => i);
    const entry = index.map((i) => 100 + (i % 97));
    const period = Math.round(1 / changing);
    const moves = index.map((i) => (period <= 1 ? tick : Math.floor((tick + (i % period)) / period)));
    const current = index.map((i) => entry[i] * (1 + Math.sin(i + moves[i]) / 50));
    const qty = index.map((i) => 1 + (i % 50));
    return createDataFrame({
      name: 'positions',
      fields: [
        { name: 'symbol', type: FieldType.string, values: index.map((i) => `SYM${i}`) },
        { name: 'side', type: FieldType.string, values: index.map((i) => (i % 3 === 0 ? 'short' : 'long')) },
        { name: 'qty', type: FieldType.number, values: qty, config: { unit: 'locale' } },
        { name: 'entryPrice', type: FieldType.number, values: entry, config: { unit: 'currencyINR' } },
        { name: 'currentPrice', type: FieldType.number, values: current, config: { unit: 'currencyINR' } },
        {
          name: 'unrealizedPL',
          type: FieldType.number,
          values: index.map((i) => (current[i] - entry[i]) * qty[i]),
          config: { unit: 'currencyINR' },
        },
        {
          name: 'unrealizedPLPercent',
          type: FieldType.number,
          values: index.map((i) => ((current[i] - entry[i]) / entry[i]) * 100),
          config: { unit: 'percent' },
        },
        {
          name: 'marketValue',
          type: FieldType.number,
          values: index.map((i) => current[i] * qty[i]),
          config: { unit: 'currencyINR' },
        },
      ],
    });
  }

  const STATUSES = ['new', 'partially_filled', 'filled', 'cancelled', 'rejected'];
  function ordersFrame(count: number, tick: number) {
    // Newest first, as the data source keeps them; each tick adds one order on top.
    const index = Array.from({ length: count }, (_unused, i) => count + tick - i);
    return createDataFrame({
      name: 'orders',
      fields: [
        { name: 'id', type: FieldType.string, values: index.map((n) => `ord-${n}`) },
        { name: 'createdAt', type: FieldType.time, values: index.map((n) => T0 + n * 100) },
        { name: 'symbol', type: FieldType.string, values: index.map((n) => `SYM${n % 500}`) },
        { name: 'side', type: FieldType.string, values: index.map((n) => (n % 2 ? 'buy' : 'sell')) },
        { name: 'type', type: FieldType.string, values: index.map((n) => (n % 3 ? 'limit' : 'market')) },
        { name: 'qty', type: FieldType.number, values: index.map((n) => 10 + (n % 90)), config: { unit: 'locale' } },
        {
          name: 'filledQty',
          type: FieldType.number,
          values: index.map((n) => (n % 5 === 2 ? 10 + (n % 90) : n % 5 === 1 ? 5 : 0)),
          config: { unit: 'locale' },
        },
        {
          name: 'price',
          type: FieldType.number,
          values: index.map((n) => 100 + (n % 1000) / 10),
          config: { unit: 'currencyINR' },
        },
        { name: 'status', type: FieldType.string, values: index.map((n) => STATUSES[n % 5]) },
      ],
    });
  }

  async function measure<T>(
    name: string,
    rows: number,
    updates: number,
    render: (tick: number) => React.ReactElement<T>,
    rowSelector: string
  ): Promise<Result> {
    const container = dom.window.document.createElement('div');
    dom.window.document.body.appendChild(container);
    const root = createRoot(container);
    const elements = Array.from({ length: updates + 1 }, (_unused, tick) => render(tick));
    let started = performance.now();
    flushSync(() => root.render(elements[0]));
    const firstRenderMs = performance.now() - started;
    const times: number[] = [];
    for (let tick = 1; tick <= updates; tick++) {
      started = performance.now();
      flushSync(() => root.render(elements[tick]));
      times.push(performance.now() - started);
    }
    const domRows = container.querySelectorAll(rowSelector).length;
    root.unmount();
    container.remove();
    const sorted = [...times].sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 100) / 100;
    return {
      case: name,
      rows,
      updates,
      firstRenderMs: round(firstRenderMs),
      medianMs: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      maxMs: round(sorted[sorted.length - 1]),
      domRows,
    };
  }

  const results: Result[] = [];
  for (const [label, changing] of [
    ['every price moves', 1],
    ['10% of prices move', 0.1],
  ] as const) {
    results.push(
      await measure(
        `positions, 1,000 rows, ${label}`,
        POSITIONS,
        UPDATES,
        (tick) =>
          React.createElement(PositionsPanel, panelProps(positionsPlugin, [positionsFrame(POSITIONS, tick, changing)])),
        '[data-testid="mci-positions-row"]'
      )
    );
  }
  results.push(
    await measure(
      'orders, 10,000 rows, one new order',
      ORDERS,
      UPDATES,
      (tick) => React.createElement(OrdersPanel, panelProps(ordersPlugin, [ordersFrame(ORDERS, tick)])),
      '[data-testid="mci-orders-row"]'
    )
  );

  const header = ['case', 'updates', 'first ms', 'median ms', 'p95 ms', 'max ms', 'DOM rows'];
  const line = (cells: Array<string | number>) =>
    cells.map((cell, i) => String(cell).padEnd(i === 0 ? 48 : 10)).join(' ');
  console.log(
    `panels render benchmark (jsdom ${dom.window.navigator.userAgent.match(/jsdom\/[\d.]+/)?.[0] ?? ''}, React production, flushSync), Node ${process.version}, ${new Date().toISOString()}`
  );
  console.log(line(header));
  for (const result of results) {
    console.log(
      line([
        result.case,
        result.updates,
        result.firstRenderMs,
        result.medianMs,
        result.p95Ms,
        result.maxMs,
        result.domRows,
      ])
    );
  }
  console.log(JSON.stringify({ benchmark: 'panelsRender', node: process.version, results }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:panels: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  }
);
