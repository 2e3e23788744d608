import React from 'react';
import { act, render, screen, within } from '@testing-library/react';
import { TEST_IDS } from '../../components/testIds';
import { fakeInstance, SETTINGS } from '../testing/fakeInstance';
import { Status } from './Status';

const fake = fakeInstance();
const getList = jest.fn(() => [SETTINGS]);

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  getDataSourceSrv: () => ({ getList, get: async () => fake.instance }),
}));

const IDS = TEST_IDS.status;
const AT = 1_767_225_600_000;

describe('Status page', () => {
  it('lists the MCI data sources and shows each one’s state, epoch, round trip and channels, live', async () => {
    const { unmount } = render(<Status />);
    expect(getList).toHaveBeenCalledWith({ type: 'mci-telemetry-datasource' });
    const source = await screen.findByTestId(IDS.dataSource);
    expect(source).toHaveAttribute('data-uid', 'mci-a');
    expect(within(source).getByRole('heading', { name: 'MCI (desk A)' })).toBeInTheDocument();
    await act(async () => {
      fake.statuses.next({
        at: AT,
        connection: { state: 'streaming', attempt: 0, polling: false, since: AT - 60_000, epoch: 'ep-1' },
        roundTrip: { ms: 4.2, at: AT },
        channels: [
          { channel: 'orders', eventsPerSecond: 2.5, lastEventAt: AT - 800 },
          { channel: 'alerts', eventsPerSecond: 0 },
        ],
      });
    });
    expect(source).toHaveAttribute('data-state', 'streaming');
    expect(within(source).getByTestId(IDS.epoch)).toHaveTextContent('ep-1');
    expect(within(source).getByTestId(IDS.roundTrip)).toHaveTextContent('4 ms');
    const rows = within(source).getAllByTestId(IDS.channel);
    expect(rows.map((row) => row.textContent)).toEqual(['orders2.50.8 s ago', 'alerts0never']);

    await act(async () => {
      fake.statuses.next({
        at: AT + 5_000,
        connection: {
          state: 'reconnecting',
          attempt: 2,
          polling: true,
          since: AT + 1_000,
          lastError: {
            code: 'CONNECTION_LOST',
            what: 'The connection was lost',
            why: 'closed 1006',
            how: 'wait',
            at: AT,
          },
        },
        roundTrip: { error: 'no heartbeat answer', at: AT + 4_000 },
        channels: [],
      });
    });
    expect(source).toHaveAttribute('data-state', 'reconnecting');
    expect(within(source).getByTestId(IDS.state)).toHaveTextContent('reconnecting polling the REST snapshot attempt 2');
    expect(within(source).getByTestId(IDS.lastError)).toHaveTextContent('The connection was lost');
    expect(within(source).getByTestId(IDS.roundTrip)).toHaveTextContent('no heartbeat answer');
    unmount();
    expect(fake.statuses.observed).toBe(false);
  });

  it('says how to add a data source when there is none', () => {
    getList.mockReturnValueOnce([]);
    render(<Status />);
    expect(screen.getByTestId(IDS.noDataSource)).toHaveTextContent('No MCI Telemetry data source');
  });
});
