import { dateTime } from '@grafana/data';
import { dashboardUrl, momentWindow } from './dashboardUrl';

const AT = 1_767_225_600_000;

describe('dashboardUrl', () => {
  it.each([
    [
      'the orders of a symbol, in the dashboard’s relative window, the order filter cleared',
      { path: '/d/mci-telemetry/mci', range: { from: 'now-15m', to: 'now' }, variables: { symbol: 'TCS', order: '' } },
      '/d/mci-telemetry/mci?from=now-15m&to=now&var-symbol=TCS&var-order=',
    ],
    [
      'an order around the moment of an activity entry, with its symbol',
      { path: '/d/mci-telemetry/mci', range: momentWindow(AT), variables: { order: 'o-42', symbol: 'INFY' } },
      `/d/mci-telemetry/mci?from=${AT - 300_000}&to=${AT + 60_000}&var-order=o-42&var-symbol=INFY`,
    ],
    [
      'an absolute window given as dates, as epoch milliseconds',
      { path: '/d/x', range: { from: dateTime(AT), to: dateTime(AT + 1_000) } },
      `/d/x?from=${AT}&to=${AT + 1_000}`,
    ],
    [
      'the other parameters of the current URL kept, a single-panel view dropped, the old window replaced',
      {
        path: '/d/x',
        current: { orgId: '1', refresh: '5s', viewPanel: '122', from: 'now-6h', to: 'now', 'var-symbol': 'A' },
        range: { from: 'now-1h', to: 'now' },
        variables: { symbol: 'B' },
      },
      '/d/x?orgId=1&refresh=5s&from=now-1h&to=now&var-symbol=B',
    ],
    [
      'a value that needs escaping',
      { path: '/d/x', range: { from: 'now-1h', to: 'now' }, variables: { symbol: 'M&M FIN' } },
      '/d/x?from=now-1h&to=now&var-symbol=M%26M%20FIN',
    ],
  ])('links %s', (_name, link, expected) => {
    expect(dashboardUrl(link)).toBe(expected);
  });

  it('keeps a current filter the link does not set', () => {
    expect(
      dashboardUrl({
        path: '/d/x',
        current: { 'var-order': 'o-1' },
        range: { from: 'now-1h', to: 'now' },
        variables: { symbol: 'TCS' },
      })
    ).toBe('/d/x?var-order=o-1&from=now-1h&to=now&var-symbol=TCS');
  });
});
