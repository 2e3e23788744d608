import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { TEST_IDS } from './testIds';
import type { MciOptions, MciSecureJsonData } from './types';

type Settings = DataSourceSettings<MciOptions, MciSecureJsonData>;

function settings(jsonData: MciOptions = {}, secureJsonFields: Record<string, boolean> = {}): Settings {
  return {
    id: 1,
    uid: 'mci',
    name: 'MCI',
    type: 'mci-telemetry-datasource',
    url: '',
    access: 'proxy',
    jsonData,
    secureJsonFields,
  } as unknown as Settings;
}

/** Renders the editor as Grafana does: the options it is given are the last ones it reported. */
function setup(initial: Settings) {
  const changes: Settings[] = [];
  const user = userEvent.setup();
  const view = render(<ConfigEditor options={initial} onOptionsChange={onChange} />);
  function onChange(next: Settings) {
    changes.push(next);
    view.rerender(<ConfigEditor options={next} onOptionsChange={onChange} />);
  }
  return { changes, user, last: () => changes[changes.length - 1] };
}

describe('ConfigEditor', () => {
  it('stores the WebSocket URL and the REST URL, which is also the proxied instance URL', async () => {
    const { user, last } = setup(settings());
    await user.type(screen.getByTestId(TEST_IDS.wsUrl), 'ws://sim:8080/telemetry');
    await user.type(screen.getByTestId(TEST_IDS.restUrl), 'http://sim:8080');
    expect(last().jsonData).toEqual({ wsUrl: 'ws://sim:8080/telemetry', restUrl: 'http://sim:8080' });
    expect(last().url).toBe('http://sim:8080');
  });

  it('stores further gateway URLs as a list, typed comma-separated', async () => {
    const { user, last } = setup(settings({ wsUrl: 'ws://gw-1:8080/telemetry' }));
    await user.type(screen.getByTestId(TEST_IDS.wsUrls), 'ws://gw-2:8080/telemetry, ws://gw-3:8080/telemetry');
    expect(last().jsonData).toEqual({
      wsUrl: 'ws://gw-1:8080/telemetry',
      wsUrls: ['ws://gw-2:8080/telemetry', 'ws://gw-3:8080/telemetry'],
    });
  });

  it('asks for the API key only in API key mode and keeps it in secureJsonData', async () => {
    const { user, last } = setup(settings());
    expect(screen.queryByTestId(TEST_IDS.apiKey)).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('API key'));
    expect(last().jsonData.authMode).toBe('apiKey');
    await user.type(screen.getByPlaceholderText('API key'), 's3cret');
    expect(last().secureJsonData).toEqual({ apiKey: 's3cret' });
    expect(JSON.stringify(last().jsonData)).not.toContain('s3cret');
  });

  it('keeps the optional control key in secureJsonData, apart from the API key', async () => {
    const { user, last } = setup(settings());
    expect(screen.queryByPlaceholderText('Control key (optional)')).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('API key'));
    await user.type(screen.getByPlaceholderText('Control key (optional)'), 'ctl');
    expect(last().secureJsonData).toEqual({ controlKey: 'ctl' });
    expect(JSON.stringify(last().jsonData)).not.toContain('ctl');
  });

  it('shows a stored key as configured and resets it', async () => {
    const { user, last } = setup(settings({ authMode: 'apiKey' }, { apiKey: true }));
    expect(screen.getByPlaceholderText('API key')).toHaveValue('configured');
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields).toEqual({ apiKey: false });
    expect(last().secureJsonData).toEqual({ apiKey: '' });
  });

  it('stores the repaint interval as a number', async () => {
    const { user, last } = setup(settings());
    await user.type(screen.getByTestId(TEST_IDS.throttleMs), '250');
    expect(last().jsonData.throttleMs).toBe(250);
  });

  it('stores the batch window, 0 to turn batching off, and drops a window over the protocol maximum', async () => {
    const { user, last } = setup(settings());
    await user.type(screen.getByTestId(TEST_IDS.batchMs), '0');
    expect(last().jsonData.batchMs).toBe(0);
    await user.clear(screen.getByTestId(TEST_IDS.batchMs));
    await user.type(screen.getByTestId(TEST_IDS.batchMs), '5000');
    expect(last().jsonData.batchMs).toBeUndefined();
  });
});
