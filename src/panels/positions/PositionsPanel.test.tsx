import React from 'react';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createDataFrame, dateTime, FieldType } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { panelProps, theme } from '../common/testing/panelProps';
import { givePanelViewport } from '../common/testing/panelViewport';
import { plugin } from './module';
import { PositionsPanel, ROW_HEIGHT_PX } from './PositionsPanel';
import { TEST_IDS } from './testIds';
import type { PositionsOptions } from './types';

interface Position {
  symbol: string;
  side: string;
  qty: number;
  entryPrice: number;
  currentPrice: number;
  unrealizedPL: number;
  unrealizedPLPercent: number;
  marketValue: number;
}

const BOOK: Position[] = [
  {
    symbol: 'RELIANCE',
    side: 'long',
    qty: 10,
    entryPrice: 100,
    currentPrice: 110,
    unrealizedPL: 100,
    unrealizedPLPercent: 10,
    marketValue: 1100,
  },
  {
    symbol: 'TCS',
    side: 'short',
    qty: 5,
    entryPrice: 200,
    currentPrice: 210,
    unrealizedPL: -50,
    unrealizedPLPercent: -5,
    marketValue: -1050,
  },
  {
    symbol: 'INFY',
    side: 'long',
    qty: 20,
    entryPrice: 50,
    currentPrice: 50,
    unrealizedPL: 0,
    unrealizedPLPercent: 0,
    marketValue: 1000,
  },
];

function positionsFrame(book: Position[], asText = false) {
  const numeric = (name: keyof Position) => ({
    name,
    type: asText ? FieldType.string : FieldType.number,
    values: book.map((row) => (asText ? String(row[name]) : row[name])),
  });
  return createDataFrame({
    name: 'positions',
    refId: 'A',
    fields: [
      { name: 'symbol', type: FieldType.string, values: book.map((row) => row.symbol) },
      { name: 'side', type: FieldType.string, values: book.map((row) => row.side) },
      numeric('qty'),
      numeric('entryPrice'),
      numeric('currentPrice'),
      numeric('unrealizedPL'),
      numeric('unrealizedPLPercent'),
      numeric('marketValue'),
    ],
  });
}

const renderPanel = (book: Position[], options: Partial<PositionsOptions> = {}, asText = false) =>
  render(<PositionsPanel {...panelProps(plugin, [positionsFrame(book, asText)], options)} />);

const symbolsShown = () => screen.getAllByTestId(TEST_IDS.cell('symbol')).map((cell) => cell.textContent);

describe('PositionsPanel', () => {
  givePanelViewport(400);

  it('links each symbol to its orders on the same dashboard, in the panel’s time window, the order filter cleared', () => {
    locationService.push('/d/mci-telemetry/mci-telemetry?orgId=1&var-order=o-9&viewPanel=121');
    const props = panelProps(plugin, [positionsFrame(BOOK)]);
    render(<PositionsPanel {...props} timeRange={{ ...props.timeRange, raw: { from: 'now-1h', to: 'now' } }} />);
    const links = screen.getAllByTestId(TEST_IDS.ordersLink);
    expect(links.map((link) => link.getAttribute('href'))).toEqual(
      ['RELIANCE', 'TCS', 'INFY'].map(
        (symbol) => `/d/mci-telemetry/mci-telemetry?orgId=1&var-order=&from=now-1h&to=now&var-symbol=${symbol}`
      )
    );
    expect(links[1]).toHaveAccessibleName('TCS');
  });

  it('links with an absolute window as epoch milliseconds', () => {
    locationService.push('/d/mci-telemetry/mci-telemetry');
    const props = panelProps(plugin, [positionsFrame(BOOK.slice(0, 1))]);
    const [from, to] = [dateTime(1_767_225_600_000), dateTime(1_767_229_200_000)];
    render(<PositionsPanel {...props} timeRange={{ from, to, raw: { from, to } }} />);
    expect(screen.getByTestId(TEST_IDS.ordersLink)).toHaveAttribute(
      'href',
      '/d/mci-telemetry/mci-telemetry?from=1767225600000&to=1767229200000&var-symbol=RELIANCE&var-order='
    );
  });

  describe('a book larger than the panel', () => {
    // 200 positions in a 400 px tall panel: about 14 rows fit.
    const LARGE_BOOK: Position[] = Array.from({ length: 200 }, (_, index) => ({
      ...BOOK[0],
      symbol: `SYM${String(index).padStart(3, '0')}`,
      currentPrice: 100 + index,
    }));
    const rowsInDom = () => screen.getAllByTestId(TEST_IDS.row);
    const spacerHeights = () =>
      Array.from(screen.getByTestId(TEST_IDS.table).querySelectorAll('tbody tr[aria-hidden="true"]'), (row) =>
        parseInt((row as HTMLElement).style.height, 10)
      );

    it('puts only the rows in view (and a few beyond) in the DOM, with the rest as spacer height', () => {
      renderPanel(LARGE_BOOK);
      const shown = rowsInDom().length;
      expect(shown).toBeGreaterThanOrEqual(Math.ceil(400 / ROW_HEIGHT_PX));
      expect(shown).toBeLessThan(30);
      expect(symbolsShown()[0]).toBe('SYM000');
      // No top spacer at the top; the bottom one stands for every row not rendered.
      expect(spacerHeights()).toEqual([(200 - shown) * ROW_HEIGHT_PX]);
      expect(screen.getByTestId(TEST_IDS.table)).toHaveAttribute('aria-rowcount', '202');
      expect(rowsInDom()[0]).toHaveAttribute('aria-rowindex', '2');
      // Totals still sum the whole book, not the rows in view.
      expect(screen.getByTestId(TEST_IDS.totals)).toHaveTextContent('Total (200)');
    });

    it('shows the rows at the scroll position when scrolled', () => {
      renderPanel(LARGE_BOOK);
      const scroller = screen.getByTestId(TEST_IDS.panel);
      act(() => {
        scroller.scrollTop = 100 * ROW_HEIGHT_PX;
        scroller.dispatchEvent(new Event('scroll'));
      });
      expect(symbolsShown()).toContain('SYM100');
      expect(symbolsShown()).not.toContain('SYM000');
      const [top, bottom] = spacerHeights();
      const first = Number(rowsInDom()[0].getAttribute('aria-rowindex')) - 2;
      expect(top).toBe(first * ROW_HEIGHT_PX);
      expect(top + rowsInDom().length * ROW_HEIGHT_PX + bottom).toBe(200 * ROW_HEIGHT_PX);
    });

    it('sorts the whole book, not only the rows in view', async () => {
      renderPanel(LARGE_BOOK);
      const header = within(screen.getByTestId(TEST_IDS.header('currentPrice'))).getByRole('button');
      await userEvent.click(header);
      await userEvent.click(header);
      expect(symbolsShown()[0]).toBe('SYM199');
    });
  });

  it('renders one row per position with its symbol, side and prices', () => {
    renderPanel(BOOK, { decimals: 2 });
    expect(symbolsShown()).toEqual(['RELIANCE', 'TCS', 'INFY']);
    // A frame without display names gets the panel's labels, not the bare protocol names.
    expect(screen.getByTestId(TEST_IDS.header('unrealizedPLPercent'))).toHaveTextContent('P&L %');
    const first = screen.getAllByTestId(TEST_IDS.row)[0];
    expect(within(first).getByTestId(TEST_IDS.cell('side'))).toHaveTextContent('LONG');
    expect(within(first).getByTestId(TEST_IDS.cell('entryPrice'))).toHaveTextContent('100.00');
    expect(within(first).getByTestId(TEST_IDS.cell('currentPrice'))).toHaveTextContent('110.00');
    expect(within(first).getByTestId(TEST_IDS.cell('unrealizedPLPercent'))).toHaveTextContent('10.00%');
  });

  it('colours P&L by sign with the theme colours', () => {
    renderPanel(BOOK);
    const pl = screen.getAllByTestId(TEST_IDS.cell('unrealizedPL'));
    expect(pl.map((cell) => cell.getAttribute('data-sign'))).toEqual(['positive', 'negative', 'zero']);
    expect(pl[0]).toHaveStyle({ color: theme.colors.success.text });
    expect(pl[1]).toHaveStyle({ color: theme.colors.error.text });
    expect(pl[2]).toHaveStyle({ color: theme.colors.text.secondary });
    expect(screen.getAllByTestId(TEST_IDS.cell('unrealizedPLPercent'))[1]).toHaveStyle({
      color: theme.colors.error.text,
    });
  });

  it('sorts by a column on header clicks: ascending, descending, then frame order, with aria-sort', async () => {
    renderPanel(BOOK);
    const header = screen.getByTestId(TEST_IDS.header('unrealizedPL'));
    expect(header).toHaveAttribute('aria-sort', 'none');
    await userEvent.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(symbolsShown()).toEqual(['TCS', 'INFY', 'RELIANCE']);
    await userEvent.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(symbolsShown()).toEqual(['RELIANCE', 'INFY', 'TCS']);
    await userEvent.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'none');
    expect(symbolsShown()).toEqual(['RELIANCE', 'TCS', 'INFY']);
    await userEvent.click(within(screen.getByTestId(TEST_IDS.header('symbol'))).getByRole('button'));
    expect(symbolsShown()).toEqual(['INFY', 'RELIANCE', 'TCS']);
  });

  it('totals market value and P&L, with P&L % of the cost basis', () => {
    renderPanel(BOOK, { decimals: 1 });
    expect(screen.getByTestId(TEST_IDS.total('marketValue'))).toHaveTextContent('1050.0');
    expect(screen.getByTestId(TEST_IDS.total('unrealizedPL'))).toHaveTextContent('50.0');
    // 50 / (1000 + 1000 + 1000) = 1.67 %
    expect(screen.getByTestId(TEST_IDS.total('unrealizedPLPercent'))).toHaveTextContent('1.7%');
    expect(screen.getByTestId(TEST_IDS.total('unrealizedPL'))).toHaveAttribute('data-sign', 'positive');
  });

  it('applies the currency and decimals options to the money columns', () => {
    renderPanel(BOOK, { currency: 'USD', decimals: 0 });
    expect(screen.getAllByTestId(TEST_IDS.cell('entryPrice'))[0]).toHaveTextContent('$100');
    expect(screen.getAllByTestId(TEST_IDS.cell('marketValue'))[0]).toHaveTextContent('$1K');
    expect(screen.getAllByTestId(TEST_IDS.cell('qty'))[0]).toHaveTextContent('10');
  });

  it('shows prices in full in the data source currency, where Grafana would scale them', () => {
    const frame = positionsFrame([{ ...BOOK[0], entryPrice: 2456.3, currentPrice: 2460 }]);
    for (const field of frame.fields) {
      field.config = ['entryPrice', 'currentPrice', 'marketValue'].includes(field.name) ? { unit: 'currencyINR' } : {};
    }
    render(<PositionsPanel {...panelProps(plugin, [frame], { decimals: 2 })} />);
    expect(screen.getByTestId(TEST_IDS.cell('entryPrice'))).toHaveTextContent('₹2456.30');
    expect(screen.getByTestId(TEST_IDS.cell('marketValue'))).toHaveTextContent('₹1.10K');
  });

  it('honours field overrides: display name, unit and decimals win over the panel options', () => {
    const props = panelProps(
      plugin,
      [positionsFrame(BOOK)],
      { currency: 'USD', decimals: 0 },
      {
        overrides: [
          {
            matcher: { id: 'byName', options: 'marketValue' },
            properties: [
              { id: 'displayName', value: 'Exposure' },
              { id: 'unit', value: 'currencyEUR' },
              { id: 'decimals', value: 2 },
            ],
          },
        ],
      }
    );
    render(<PositionsPanel {...props} />);
    expect(screen.getByTestId(TEST_IDS.header('marketValue'))).toHaveTextContent('Exposure');
    expect(screen.getAllByTestId(TEST_IDS.cell('marketValue'))[0]).toHaveTextContent('€1.10K');
    expect(screen.getAllByTestId(TEST_IDS.cell('entryPrice'))[0]).toHaveTextContent('$100');
  });

  it('colours a column by the thresholds of its field config', () => {
    const props = panelProps(
      plugin,
      [positionsFrame(BOOK)],
      {},
      {
        overrides: [
          {
            matcher: { id: 'byName', options: 'qty' },
            properties: [
              {
                id: 'thresholds',
                value: {
                  mode: 'absolute',
                  steps: [
                    { value: -Infinity, color: 'green' },
                    { value: 15, color: 'red' },
                  ],
                },
              },
            ],
          },
        ],
      }
    );
    render(<PositionsPanel {...props} />);
    const qty = screen.getAllByTestId(TEST_IDS.cell('qty'));
    expect(qty[0]).toHaveStyle({ color: theme.visualization.getColorByName('green') });
    expect(qty[2]).toHaveStyle({ color: theme.visualization.getColorByName('red') });
    // Columns without configured colours stay in the text colour.
    expect(screen.getAllByTestId(TEST_IDS.cell('entryPrice'))[0].style.color).toBe('');
  });

  it('hides the columns the options leave out', () => {
    renderPanel(BOOK, { columns: ['symbol', 'unrealizedPL'] });
    expect(screen.queryByTestId(TEST_IDS.header('entryPrice'))).not.toBeInTheDocument();
    expect(screen.getByTestId(TEST_IDS.header('unrealizedPL'))).toBeInTheDocument();
  });

  it('reads numbers that arrive as text (CSV, TestData)', () => {
    renderPanel(BOOK, { decimals: 2 }, true);
    expect(screen.getAllByTestId(TEST_IDS.cell('currentPrice'))[1]).toHaveTextContent('210.00');
    expect(screen.getAllByTestId(TEST_IDS.cell('unrealizedPL'))[1]).toHaveAttribute('data-sign', 'negative');
  });

  /** The highlighted cells: "SYMBOL column direction" for each in the table. */
  const flashes = () =>
    [...screen.getByTestId(TEST_IDS.table).querySelectorAll('td[data-flash]')].map((cell) => {
      const row = cell.closest('tr')!;
      const symbol = within(row).getByTestId(TEST_IDS.cell('symbol')).textContent;
      const column = cell.getAttribute('data-testid')!.replace(TEST_IDS.cell(''), '');
      return `${symbol} ${column} ${cell.getAttribute('data-flash')}`;
    });
  const moved = BOOK.map((row) =>
    row.symbol === 'TCS' ? { ...row, currentPrice: 205 } : row.symbol === 'INFY' ? { ...row, currentPrice: 51 } : row
  );

  describe('highlights', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('highlights only the cells that changed, in the direction of the change', () => {
      const { rerender } = renderPanel(BOOK);
      expect(flashes()).toEqual([]);
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(moved)])} />);
      expect(flashes()).toEqual(['TCS currentPrice down', 'INFY currentPrice up']);
      expect(screen.getAllByTestId(TEST_IDS.cell('currentPrice')).map((cell) => cell.textContent)).toEqual([
        '110.00',
        '205.00',
        '51.00',
      ]);
      // The same prices again: nothing new is highlighted and the highlights stay on.
      act(() => jest.advanceTimersByTime(500));
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(moved)])} />);
      expect(flashes()).toEqual(['TCS currentPrice down', 'INFY currentPrice up']);
    });

    it('ends a highlight after its time, and highlights the cell again on its next change', () => {
      const { rerender } = renderPanel(BOOK);
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(moved)])} />);
      act(() => jest.advanceTimersByTime(799));
      expect(flashes()).toHaveLength(2);
      act(() => jest.advanceTimersByTime(1));
      expect(flashes()).toEqual([]);
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(moved)])} />);
      expect(flashes()).toEqual([]);
      const again = moved.map((row) => (row.symbol === 'TCS' ? { ...row, currentPrice: 207 } : row));
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(again)])} />);
      expect(flashes()).toEqual(['TCS currentPrice up']);
      expect(jest.getTimerCount()).toBe(1);
      act(() => jest.advanceTimersByTime(800));
      expect(flashes()).toEqual([]);
      // Nothing highlighted, nothing scheduled: a book that holds still costs no timer.
      expect(jest.getTimerCount()).toBe(0);
    });

    it('keeps a cell that changes again highlighted for the full time after its last change', () => {
      const { rerender } = renderPanel(BOOK);
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(moved)])} />);
      act(() => jest.advanceTimersByTime(600));
      const again = moved.map((row) => (row.symbol === 'TCS' ? { ...row, currentPrice: 209 } : row));
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(again)])} />);
      expect(flashes()).toEqual(['TCS currentPrice up', 'INFY currentPrice up']);
      act(() => jest.advanceTimersByTime(200));
      expect(flashes()).toEqual(['TCS currentPrice up']);
      act(() => jest.advanceTimersByTime(600));
      expect(flashes()).toEqual([]);
    });
  });

  it('shows no highlight to users who prefer reduced motion', () => {
    const matchMedia = window.matchMedia;
    window.matchMedia = (query: string) =>
      ({ ...matchMedia(query), matches: query.includes('prefers-reduced-motion: reduce') }) as MediaQueryList;
    try {
      const { rerender } = renderPanel(BOOK);
      rerender(<PositionsPanel {...panelProps(plugin, [positionsFrame(moved)])} />);
      expect(flashes()).toEqual([]);
      expect(screen.getAllByTestId(TEST_IDS.cell('currentPrice'))[1]).toHaveTextContent('205.00');
    } finally {
      window.matchMedia = matchMedia;
    }
  });

  it('names the missing fields', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'symbol', type: FieldType.string, values: ['X'] },
        { name: 'qty', type: FieldType.number, values: [1] },
      ],
    });
    render(<PositionsPanel {...panelProps(plugin, [frame])} />);
    const message = screen.getByTestId(TEST_IDS.missingFields);
    expect(message).toHaveTextContent(
      '"side", "entryPrice", "currentPrice", "unrealizedPL", "unrealizedPLPercent", "marketValue"'
    );
    expect(screen.queryByTestId(TEST_IDS.table)).not.toBeInTheDocument();
  });

  it('shows the empty state for an empty frame and for no frame', () => {
    const { rerender } = renderPanel([]);
    expect(screen.getByTestId(TEST_IDS.empty)).toHaveTextContent('No open positions');
    rerender(<PositionsPanel {...panelProps(plugin, [])} />);
    expect(screen.getByTestId(TEST_IDS.empty)).toBeInTheDocument();
  });
});
