import React from 'react';
import { render, screen } from '@testing-library/react';
import { Overview } from './Overview';
import { TEST_IDS } from '../components/testIds';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
}));

describe('Overview page', () => {
  it('lists the data source and the three panels as plugins, and the dashboards apart', () => {
    render(<Overview />);
    for (const name of ['MCI Telemetry', 'MCI Positions', 'MCI Orders', 'MCI Activity']) {
      expect(screen.getByTestId(TEST_IDS.overview.plugin(name))).toBeInTheDocument();
    }
    for (const name of ['MCI Telemetry', 'Service health']) {
      expect(screen.getByTestId(TEST_IDS.overview.dashboard(name))).toBeInTheDocument();
    }
    expect(screen.queryByTestId(TEST_IDS.overview.plugin('Service health'))).not.toBeInTheDocument();
  });
});
