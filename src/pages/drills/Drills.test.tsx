import React from 'react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TEST_IDS } from '../../components/testIds';
import { supportComboboxInJsdom } from '../../testing/comboboxInJsdom';
import { fakeInstance, SETTINGS } from '../testing/fakeInstance';
import { Drills } from './Drills';

let fake = fakeInstance();
const getList = jest.fn(() => [SETTINGS]);

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  getDataSourceSrv: () => ({ getList, get: async () => fake.instance }),
}));

const IDS = TEST_IDS.drills;
/** The page's first reads resolve after a few renders; a busy test machine can take over a second. */
const FIRST_READ = { timeout: 10_000 };

supportComboboxInJsdom();

beforeEach(() => {
  fake = fakeInstance();
});

describe('Drills page', () => {
  it('starts a drill through the data source, shows it running with the alert the sink received, and stops it', async () => {
    const user = userEvent.setup();
    render(<Drills />);
    await waitFor(() => expect(fake.listed()).toBeGreaterThan(0), FIRST_READ);
    await user.click(screen.getByLabelText('Scenario'));
    await user.click(await screen.findByRole('option', { name: 'cpu-spike' }, FIRST_READ));
    await user.clear(screen.getByLabelText(/Duration/));
    await user.type(screen.getByLabelText(/Duration/), '1m');
    await user.click(screen.getByTestId(IDS.start));
    expect(fake.started).toEqual([{ name: 'cpu-spike', duration: '1m' }]);

    const drill = await screen.findByTestId(IDS.drill);
    expect(drill).toHaveAttribute('data-scenario', 'cpu-spike');
    await waitFor(() => expect(drill).toHaveAttribute('data-state', 'running'));
    const links = within(drill).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['MCI Telemetry', '/d/mci-telemetry?from=-59000&to=181000'],
      ['Service health', '/d/mci-service-health?from=-59000&to=181000'],
    ]);

    fake.sink.notifications.push({
      receivedAt: 5_200,
      body: { status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'MciCpuCritical' } }] },
    });
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_100));
    });
    const alert = await within(drill).findByTestId(IDS.alert);
    expect(alert).toHaveAttribute('data-alert', 'MciCpuCritical');
    expect(alert).toHaveTextContent('MciCpuCritical firing after 4.2 s');

    await user.click(within(drill).getByRole('button', { name: 'Stop cpu-spike' }));
    expect(fake.stopped).toEqual(['cpu-spike']);
    await waitFor(() => expect(screen.getByTestId(IDS.drill)).toHaveAttribute('data-state', 'stopped'));
  }, 30_000);

  it('shows a refused call with what to do, and keeps the page usable', async () => {
    fake.instance.drills.list = async () => {
      throw new Error('GET /api/sim/scenarios was refused (HTTP 403). Why: drills need the Editor role.');
    };
    render(<Drills />);
    expect(await screen.findByTestId(IDS.error, undefined, FIRST_READ)).toHaveTextContent('Editor role');
    expect(screen.getByTestId(IDS.start)).toBeDisabled();
  }, 20_000);

  it('says how to add a data source when there is none', () => {
    getList.mockReturnValueOnce([]);
    render(<Drills />);
    expect(screen.getByTestId(IDS.noDataSource)).toHaveTextContent('control key');
  });
});
