import React from 'react';
import { render, screen } from '@testing-library/react';
import { Overview } from './Overview';
import { TEST_IDS } from '../components/testIds';
import { DASHBOARD_UIDS, PAGES } from '../constants';
import pluginJson from '../plugin.json';

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

describe('the app’s page and dashboard constants', () => {
  it('link to dashboards that the app ships, by their uid', () => {
    const uids = ['mci-telemetry.json', 'service-health.json'].map(
      (file) => (jest.requireActual(`../dashboards/${file}`) as { uid: string }).uid
    );
    expect(Object.values(DASHBOARD_UIDS).sort()).toEqual(uids.sort());
  });

  it('have one page include in plugin.json per page, the Drills page for Editors', () => {
    const pages = pluginJson.includes.filter((include) => include.type === 'page');
    expect(pages.map((page) => page.path)).toEqual(Object.values(PAGES).map((page) => `/a/%PLUGIN_ID%/${page}`));
    expect(pages.find((page) => page.name === 'Drills')).toMatchObject({ role: 'Editor', addToNav: true });
  });
});
