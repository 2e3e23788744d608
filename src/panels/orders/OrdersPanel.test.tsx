import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createDataFrame, FieldType } from '@grafana/data';
import { panelProps, theme } from '../common/testing/panelProps';
import { givePanelViewport } from '../common/testing/panelViewport';
import { plugin } from './module';
import { OrdersPanel } from './OrdersPanel';
import { TEST_IDS } from './testIds';
import type { OrdersOptions } from './types';

interface Order {
  id: string;
  createdAt: number;
  symbol: string;
  side: string;
  type: string;
  qty: number;
  filledQty: number;
  price: number;
  status: string;
}

const T0 = Date.UTC(2026, 0, 5, 9, 15, 0);

const ORDERS: Order[] = [
  {
    id: 'ord-1',
    createdAt: T0,
    symbol: 'TCS',
    side: 'buy',
    type: 'limit',
    qty: 100,
    filledQty: 100,
    price: 3500,
    status: 'filled',
  },
  {
    id: 'ord-2',
    createdAt: T0 + 1000,
    symbol: 'INFY',
    side: 'sell',
    type: 'market',
    qty: 50,
    filledQty: 20,
    price: 1500,
    status: 'partially_filled',
  },
  {
    id: 'ord-3',
    createdAt: T0 + 2000,
    symbol: 'RELIANCE',
    side: 'buy',
    type: 'limit',
    qty: 10,
    filledQty: 0,
    price: 2456.3,
    status: 'new',
  },
  {
    id: 'ord-4',
    createdAt: T0 + 3000,
    symbol: 'HDFC',
    side: 'sell',
    type: 'limit',
    qty: 30,
    filledQty: 0,
    price: 1600,
    status: 'rejected',
  },
  {
    id: 'ord-5',
    createdAt: T0 + 4000,
    symbol: 'ITC',
    side: 'buy',
    type: 'market',
    qty: 40,
    filledQty: 0,
    price: 450,
    status: 'cancelled',
  },
];

function ordersFrame(orders: Order[]) {
  const column = <K extends keyof Order>(name: K, type: FieldType) => ({
    name,
    type,
    values: orders.map((order) => order[name]),
  });
  return createDataFrame({
    name: 'orders',
    refId: 'A',
    fields: [
      column('id', FieldType.string),
      column('createdAt', FieldType.time),
      column('symbol', FieldType.string),
      column('side', FieldType.string),
      column('type', FieldType.string),
      column('qty', FieldType.number),
      column('filledQty', FieldType.number),
      column('price', FieldType.number),
      column('status', FieldType.string),
    ],
  });
}

/** Re-renders with the options the panel asked for, as Grafana does on onOptionsChange. */
function renderPanel(orders: Order[], options: Partial<OrdersOptions> = {}) {
  const frames = [ordersFrame(orders)];
  const view = render(<OrdersPanel {...panelProps(plugin, frames, options)} />);
  const rerenderWith = (next: OrdersOptions) =>
    view.rerender(<OrdersPanel {...panelProps(plugin, frames, next)} onOptionsChange={rerenderWith} />);
  view.rerender(<OrdersPanel {...panelProps(plugin, frames, options)} onOptionsChange={rerenderWith} />);
  return view;
}

const idsShown = () => screen.queryAllByTestId(TEST_IDS.row).map((row) => row.getAttribute('data-order-id'));

describe('OrdersPanel', () => {
  givePanelViewport(400);

  it('renders one row per order, newest first, with its columns', () => {
    renderPanel(ORDERS, { decimals: 2 });
    expect(idsShown()).toEqual(['ord-5', 'ord-4', 'ord-3', 'ord-2', 'ord-1']);
    const row = screen.getAllByTestId(TEST_IDS.row)[2];
    expect(within(row).getByTestId(TEST_IDS.cell('time'))).toHaveTextContent('09:15:02');
    expect(within(row).getByTestId(TEST_IDS.cell('symbol'))).toHaveTextContent('RELIANCE');
    expect(within(row).getByTestId(TEST_IDS.cell('side'))).toHaveTextContent('BUY');
    expect(within(row).getByTestId(TEST_IDS.cell('type'))).toHaveTextContent('limit');
    expect(within(row).getByTestId(TEST_IDS.cell('price'))).toHaveTextContent('2456.30');
    expect(within(row).getByTestId(TEST_IDS.statusChip)).toHaveTextContent('New');
  });

  it('shows the fill progress of each order', () => {
    renderPanel(ORDERS);
    const fills = screen.getAllByRole('progressbar').map((bar) => bar.getAttribute('aria-valuenow'));
    expect(fills).toEqual(['0', '0', '0', '40', '100']);
    expect(within(screen.getAllByTestId(TEST_IDS.row)[3]).getByTestId(TEST_IDS.fillProgress)).toHaveTextContent('20');
  });

  it('colours each status chip from the theme', () => {
    renderPanel(ORDERS);
    const chip = (status: string) =>
      screen.getAllByTestId(TEST_IDS.statusChip).find((element) => element.getAttribute('data-status') === status)!;
    expect(chip('filled')).toHaveStyle({ color: theme.colors.success.text });
    expect(chip('rejected')).toHaveStyle({ color: theme.colors.error.text });
    expect(chip('new')).toHaveStyle({ color: theme.colors.info.text });
    expect(chip('partially_filled')).toHaveStyle({ color: theme.colors.warning.text });
    expect(chip('cancelled')).toHaveStyle({ color: theme.colors.secondary.text });
  });

  it('filters by status with the chips, and by side', async () => {
    renderPanel(ORDERS);
    const statusFilter = screen.getByTestId(TEST_IDS.statusFilter);
    await userEvent.click(within(statusFilter).getByRole('button', { name: /Filled 1/ }));
    expect(idsShown()).toEqual(['ord-1']);
    await userEvent.click(within(statusFilter).getByRole('button', { name: /^New/ }));
    expect(idsShown()).toEqual(['ord-3', 'ord-1']);
    expect(screen.getByTestId(TEST_IDS.summary)).toHaveTextContent('2 of 5 orders');
    await userEvent.click(within(screen.getByTestId(TEST_IDS.sideFilter)).getByLabelText('Sell'));
    expect(screen.queryAllByTestId(TEST_IDS.row)).toHaveLength(0);
    expect(screen.getByTestId(TEST_IDS.noMatch)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId(TEST_IDS.clearFilters));
    expect(idsShown()).toHaveLength(5);
  });

  it('names columns by the display names of the field config and overrides', () => {
    const props = panelProps(
      plugin,
      [ordersFrame(ORDERS)],
      {},
      {
        overrides: [
          { matcher: { id: 'byName', options: 'symbol' }, properties: [{ id: 'displayName', value: 'Instrument' }] },
        ],
      }
    );
    render(<OrdersPanel {...props} />);
    expect(screen.getByTestId(TEST_IDS.header('symbol'))).toHaveTextContent('Instrument');
    expect(screen.getByTestId(TEST_IDS.header('status'))).toHaveTextContent('Status');
  });

  it('applies the side option', () => {
    renderPanel(ORDERS, { side: 'sell' });
    expect(idsShown()).toEqual(['ord-4', 'ord-2']);
  });

  it('sorts orders from other sources newest first', () => {
    renderPanel([ORDERS[2], ORDERS[0], ORDERS[4], ORDERS[1], ORDERS[3]]);
    expect(idsShown()).toEqual(['ord-5', 'ord-4', 'ord-3', 'ord-2', 'ord-1']);
  });

  it('reads numbers and times that arrive as text (CSV, TestData)', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'id', type: FieldType.string, values: ['csv-1', 'csv-2'] },
        { name: 'createdAt', type: FieldType.string, values: ['2026-01-05T09:15:00Z', '2026-01-05T09:16:00Z'] },
        { name: 'symbol', type: FieldType.string, values: ['TCS', 'INFY'] },
        { name: 'side', type: FieldType.string, values: ['buy', 'sell'] },
        { name: 'qty', type: FieldType.string, values: ['100', '40'] },
        { name: 'filledQty', type: FieldType.string, values: ['25', '40'] },
        { name: 'price', type: FieldType.string, values: ['3500.5', '1500'] },
        { name: 'status', type: FieldType.string, values: ['partially_filled', 'filled'] },
      ],
    });
    render(<OrdersPanel {...panelProps(plugin, [frame])} />);
    expect(idsShown()).toEqual(['csv-2', 'csv-1']);
    const older = screen.getAllByTestId(TEST_IDS.row)[1];
    expect(within(older).getByTestId(TEST_IDS.cell('time'))).toHaveTextContent('09:15:00');
    expect(within(older).getByTestId(TEST_IDS.cell('price'))).toHaveTextContent('3500.50');
    expect(within(older).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
  });

  it('renders 10,000 orders with only a window of DOM rows', () => {
    const many: Order[] = Array.from({ length: 10_000 }, (_unused, index) => ({
      ...ORDERS[index % ORDERS.length],
      id: `ord-${10_000 - index}`,
      createdAt: T0 + (10_000 - index) * 1000,
    }));
    renderPanel(many);
    const rows = screen.getAllByTestId(TEST_IDS.row);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]).toHaveAttribute('data-order-id', 'ord-10000');
    expect(screen.getByTestId(TEST_IDS.summary)).toHaveTextContent('10000 orders');
  });

  it('keeps its row elements when newer orders replace every order in view', () => {
    const orders = (newest: number): Order[] =>
      Array.from({ length: 200 }, (_unused, index) => ({
        ...ORDERS[index % ORDERS.length],
        id: `ord-${newest - index}`,
        createdAt: T0 + (newest - index) * 1000,
      }));
    const view = render(<OrdersPanel {...panelProps(plugin, [ordersFrame(orders(200))], {})} />);
    const before = screen.getAllByTestId(TEST_IDS.row);
    expect(before[0]).toHaveAttribute('data-order-id', 'ord-200');

    view.rerender(<OrdersPanel {...panelProps(plugin, [ordersFrame(orders(400))], {})} />);
    const after = screen.getAllByTestId(TEST_IDS.row);
    expect(after[0]).toHaveAttribute('data-order-id', 'ord-400');
    expect(within(after[0]).getByTestId(TEST_IDS.cell('id'))).toHaveTextContent('ord-400');
    expect(after).toHaveLength(before.length);
    // The same elements show the new orders: nothing was unmounted and mounted again.
    expect(after.every((row, index) => row === before[index])).toBe(true);
  });

  it('names the missing fields', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'id', type: FieldType.string, values: ['x'] },
        { name: 'symbol', type: FieldType.string, values: ['TCS'] },
      ],
    });
    render(<OrdersPanel {...panelProps(plugin, [frame])} />);
    expect(screen.getByTestId(TEST_IDS.missingFields)).toHaveTextContent(
      '"createdAt", "side", "qty", "filledQty", "status"'
    );
  });

  it('shows the empty state for an empty frame', () => {
    renderPanel([]);
    expect(screen.getByTestId(TEST_IDS.empty)).toHaveTextContent('No orders yet');
  });
});
