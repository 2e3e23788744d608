import React from 'react';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSource } from './DataSource';
import type { StoredChoices } from './editor/storedChoices';
import { parseBufferSize, QueryEditor } from './QueryEditor';
import { TEST_IDS } from './testIds';
import type { MciQuery } from './types';
import { supportComboboxInJsdom } from '../testing/comboboxInJsdom';

supportComboboxInJsdom();

function setup(query: MciQuery, datasource = {} as DataSource) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery, user: userEvent.setup() };
}

/** A data source whose server lists these services and profiles (or fails to). */
function withChoices(choices: Partial<StoredChoices> = {}): DataSource {
  const storedChoices: StoredChoices = {
    services: async () => ({ values: ['api', 'checkout', 'database'], skipped: 0 }),
    profiles: async () => ({
      values: [
        { profile_id: 0, name: 'account', description: 'The whole account' },
        { profile_id: 1, name: 'momentum', description: 'EMA crossover' },
        { profile_id: 2, name: 'mean_reversion', description: 'RSI' },
      ],
      skipped: 0,
    }),
    ...choices,
  };
  return { storedChoices } as unknown as DataSource;
}

/** Renders a stored query and lets the server lists arrive before the test goes on. */
async function setupStored(query: MciQuery, datasource = withChoices()) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  await act(async () => {
    render(<QueryEditor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  });
  return { onChange, onRunQuery, user: userEvent.setup() };
}

const kindRadio = (name: RegExp) => within(screen.getByTestId(TEST_IDS.queryKind)).getByRole('radio', { name });

describe('QueryEditor', () => {
  it('shows the channel, symbols and buffer size of the query', () => {
    setup({ refId: 'A', channel: 'orders', symbols: ['$symbol', 'TCS'], bufferSize: 250 });
    expect(screen.getByTestId(TEST_IDS.channel)).toHaveValue('orders');
    expect(screen.getByText('$symbol')).toBeInTheDocument();
    expect(screen.getByText('TCS')).toBeInTheDocument();
    expect(screen.getByTestId(TEST_IDS.bufferSize)).toHaveValue(250);
  });

  it('changes the channel, clears the field filter and runs the query', async () => {
    const { onChange, onRunQuery, user } = setup({ refId: 'A', channel: 'orders', fields: ['id'] });
    await user.click(screen.getByTestId(TEST_IDS.channel));
    await user.click(await screen.findByRole('option', { name: /alerts/ }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'alerts', fields: undefined });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('adds a field to the fields filter from the channel field names', async () => {
    const { onChange, user } = setup({ refId: 'A', channel: 'orders', fields: ['id'] });
    await user.click(screen.getByTestId(TEST_IDS.fields));
    await user.click(await screen.findByRole('option', { name: 'status' }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'orders', fields: ['id', 'status'] });
  });

  it('adds a template variable to the symbol filter', async () => {
    const { onChange, user } = setup({ refId: 'A', channel: 'market' });
    await user.type(screen.getByPlaceholderText('All symbols (or $symbol)'), '$symbol{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'market', symbols: ['$symbol'] });
  });

  it('keeps an invalid buffer size out of the query and says why', async () => {
    const { onChange, user } = setup({ refId: 'A', channel: 'activity' });
    const input = screen.getByTestId(TEST_IDS.bufferSize);
    await user.type(input, '0');
    await user.tab();
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText(/Enter a whole number from 1 to 100000/)).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, '500');
    await user.tab();
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'activity', bufferSize: 500 });
  });

  it('offers no buffer size for time-series channels', () => {
    setup({ refId: 'A', channel: 'account' });
    expect(screen.queryByTestId(TEST_IDS.bufferSize)).not.toBeInTheDocument();
  });

  it.each([
    ['', {}],
    ['42', { value: 42 }],
    ['1.5', { error: expect.stringMatching(/whole number/) }],
    ['100001', { error: expect.stringMatching(/whole number/) }],
  ])('parses the buffer size %j', (text, expected) => {
    expect(parseBufferSize(text)).toEqual(expected);
  });

  it('offers no symbol-eviction window outside the market channel', () => {
    setup({ refId: 'A', channel: 'orders' });
    expect(screen.queryByTestId(TEST_IDS.symbolEvict)).not.toBeInTheDocument();
  });

  it("sets the market's symbol-eviction window from a duration, and refuses one that is not", async () => {
    const { onChange, onRunQuery, user } = setup({ refId: 'A', channel: 'market', symbolEvictMs: 300_000 });
    const input = screen.getByTestId(TEST_IDS.symbolEvict);
    expect(input).toHaveValue('5m');
    await user.clear(input);
    await user.type(input, '300');
    await user.tab();
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText(/Enter a duration from 1s to 24h/)).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, '90s');
    await user.tab();
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'market', symbolEvictMs: 90_000 });
    expect(onRunQuery).toHaveBeenCalled();
  });

  describe('query kinds', () => {
    it('shows a live query as a live channel', () => {
      setup({ refId: 'A', channel: 'orders' });
      expect(kindRadio(/Live channel/)).toBeChecked();
      expect(screen.getByTestId(TEST_IDS.channel)).toHaveValue('orders');
    });

    it('offers no kind in an annotation query, which is always a live channel', () => {
      setup({ refId: 'Anno', channel: 'strategy', queryType: 'annotations' });
      expect(screen.queryByTestId(TEST_IDS.queryKind)).not.toBeInTheDocument();
      expect(screen.getByTestId(TEST_IDS.strategyKinds)).toBeInTheDocument();
    });

    it.each([
      [/Service metrics/, { queryType: 'metricAggregates', service: 'api', metricType: 'latency' }],
      [/Trades/, { queryType: 'trades', profileId: 0 }],
      [/Profile metrics/, { queryType: 'profileMetrics', profileId: 0, profileMetric: 'breakout', windowType: 'hour' }],
    ])(
      'switching to %s writes that kind with its defaults, without the live fields, and runs it',
      async (name, model) => {
        const { onChange, onRunQuery, user } = await setupStored({
          refId: 'A',
          channel: 'orders',
          symbols: ['TCS'],
          fields: ['id'],
          bufferSize: 50,
        });
        await user.click(kindRadio(name));
        expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'orders', ...model });
        expect(onRunQuery).toHaveBeenCalled();
      }
    );

    it('switching a stored query back to live keeps its channel and drops the stored fields', async () => {
      const { onChange, user } = await setupStored({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'api',
        metricType: 'cpu',
        fields: ['p95'],
      });
      await user.click(kindRadio(/Live channel/));
      expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'services' });
    });

    it('shows the service metric controls and no live controls for service metrics', async () => {
      await setupStored({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'checkout',
        metricType: 'cpu',
      });
      expect(kindRadio(/Service metrics/)).toBeChecked();
      expect(screen.getByTestId(TEST_IDS.service)).toHaveValue('checkout');
      expect(screen.getByTestId(TEST_IDS.metricType)).toHaveValue('cpu');
      expect(screen.queryByTestId(TEST_IDS.channel)).not.toBeInTheDocument();
      expect(screen.queryByTestId(TEST_IDS.profile)).not.toBeInTheDocument();
    });

    it("offers the server's services and writes the picked one", async () => {
      const { onChange, onRunQuery, user } = await setupStored({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'api',
        metricType: 'latency',
      });
      await user.click(screen.getByTestId(TEST_IDS.service));
      await user.click(await screen.findByRole('option', { name: /checkout/ }));
      expect(onChange).toHaveBeenLastCalledWith({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'checkout',
        metricType: 'latency',
      });
      expect(onRunQuery).toHaveBeenCalled();
    });

    it('takes a template variable as the service', async () => {
      const { onChange, user } = await setupStored({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'api',
        metricType: 'latency',
      });
      const input = screen.getByTestId(TEST_IDS.service);
      await user.tripleClick(input);
      await user.keyboard('{Backspace}$service');
      await user.click(await screen.findByRole('option', { name: /\$service/ }));
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ service: '$service' }));
    });

    it('changes the metric type', async () => {
      const { onChange, user } = await setupStored({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'api',
        metricType: 'latency',
      });
      await user.click(screen.getByTestId(TEST_IDS.metricType));
      await user.click(await screen.findByRole('option', { name: 'error_rate' }));
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metricType: 'error_rate' }));
    });

    it('says why the services cannot be listed and still offers the default services', async () => {
      const { user } = await setupStored(
        { refId: 'A', channel: 'services', queryType: 'metricAggregates', service: 'api', metricType: 'latency' },
        withChoices({ services: async () => Promise.reject(new Error('HTTP 502 from /metrics/services')) })
      );
      expect(
        await screen.findByText(/Cannot list the services: HTTP 502 from \/metrics\/services\..*REST URL/)
      ).toBeInTheDocument();
      await user.click(screen.getByTestId(TEST_IDS.service));
      expect(await screen.findByRole('option', { name: /database/ })).toBeInTheDocument();
    });

    it('keeps only the picked statistics of service metrics', async () => {
      const { onChange, user } = await setupStored({
        refId: 'A',
        channel: 'services',
        queryType: 'metricAggregates',
        service: 'api',
        metricType: 'latency',
      });
      await user.click(screen.getByTestId(TEST_IDS.storedFields));
      await user.click(await screen.findByRole('option', { name: 'p99' }));
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ fields: ['p99'] }));
    });

    it("offers the server's profiles for trades and writes the picked one", async () => {
      const { onChange, user } = await setupStored({
        refId: 'A',
        channel: 'orders',
        queryType: 'trades',
        profileId: 0,
      });
      expect(screen.queryByTestId(TEST_IDS.profileMetric)).not.toBeInTheDocument();
      await user.click(screen.getByTestId(TEST_IDS.profile));
      await user.click(await screen.findByRole('option', { name: /2: mean_reversion/ }));
      expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', channel: 'orders', queryType: 'trades', profileId: 2 });
    });

    const profileQuery: MciQuery = {
      refId: 'A',
      channel: 'strategy',
      queryType: 'profileMetrics',
      profileId: 1,
      profileMetric: 'breakout',
      windowType: 'hour',
    };

    it('changes the profile metric family and the window', async () => {
      const { onChange, user } = await setupStored(profileQuery);
      await user.click(within(screen.getByTestId(TEST_IDS.profileMetric)).getByRole('radio', { name: 'equity' }));
      expect(onChange).toHaveBeenLastCalledWith({ ...profileQuery, profileMetric: 'equity' });
      await user.click(within(screen.getByTestId(TEST_IDS.windowType)).getByRole('radio', { name: 'day' }));
      expect(onChange).toHaveBeenLastCalledWith({ ...profileQuery, windowType: 'day' });
    });

    it("offers the profile metric family's metric names as fields", async () => {
      const { onChange, user } = await setupStored(profileQuery);
      await user.click(screen.getByTestId(TEST_IDS.storedFields));
      await user.click(await screen.findByRole('option', { name: 'success_rate' }));
      expect(onChange).toHaveBeenLastCalledWith({ ...profileQuery, fields: ['success_rate'] });
    });
  });
});
