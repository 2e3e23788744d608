import { entryOrder, orderUrl, symbolOrdersLinks, symbolOrdersUrl } from './drillDownLinks';

const AT = 1_767_225_600_000;
const HERE = {
  path: '/d/mci-telemetry/mci-telemetry',
  query: { orgId: '1', from: 'now-15m', to: 'now', 'var-order': 'o-1' },
};

describe('drill-down links of the panels', () => {
  it('links a position to the orders of its symbol in the current window, clearing the order filter', () => {
    expect(symbolOrdersUrl(HERE, { from: 'now-15m', to: 'now' }, 'TCS')).toBe(
      '/d/mci-telemetry/mci-telemetry?orgId=1&from=now-15m&to=now&var-order=&var-symbol=TCS'
    );
  });

  it('builds the same link per symbol through the cached builder, once per symbol', () => {
    const range = { from: 'now-15m', to: 'now' };
    const links = symbolOrdersLinks(HERE, range);
    expect(links('TCS')).toBe(symbolOrdersUrl(HERE, range, 'TCS'));
    expect(links('INFY')).toBe(symbolOrdersUrl(HERE, range, 'INFY'));
    expect(links('TCS')).toBe(links('TCS'));
  });

  it('links an order from five minutes before to one minute after the entry, with its symbol', () => {
    expect(orderUrl(HERE, AT, { orderId: 'o-42', symbol: 'INFY' })).toBe(
      `/d/mci-telemetry/mci-telemetry?orgId=1&from=${AT - 300_000}&to=${AT + 60_000}&var-order=o-42&var-symbol=INFY`
    );
  });

  it.each([
    [
      'an order and its symbol',
      { orderId: 'o-1', symbol: 'TCS', kind: 'order_placed' },
      { orderId: 'o-1', symbol: 'TCS' },
    ],
    ['an order without a symbol', { orderId: 'o-1' }, { orderId: 'o-1' }],
    ['no order', { symbol: 'TCS', kind: 'position_opened' }, undefined],
    ['an order id that is not text', { orderId: 7 }, undefined],
    ['no details', null, undefined],
  ])('reads the order of an entry with %s', (_name, details, expected) => {
    expect(entryOrder(details)).toEqual(expected);
  });
});
