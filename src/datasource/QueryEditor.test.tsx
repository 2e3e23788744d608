import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSource } from './DataSource';
import { parseBufferSize, QueryEditor } from './QueryEditor';
import { TEST_IDS } from './testIds';
import type { MciQuery } from './types';
import { supportComboboxInJsdom } from '../testing/comboboxInJsdom';

supportComboboxInJsdom();

function setup(query: MciQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor datasource={{} as DataSource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery, user: userEvent.setup() };
}

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
});
