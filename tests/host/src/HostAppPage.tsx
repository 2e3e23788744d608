/**
 * One page of the app plugin, as Grafana shows it under `/a/<app id>/<page>`: the plugin's root
 * component (`AppPlugin.root`) inside a router at that page, with the `AppRootProps` Grafana
 * passes. `PluginPage` keeps @grafana/runtime's default (the children only): the host has no
 * Grafana chrome around it.
 */
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { type AppPlugin } from '@grafana/data';
import { TEST_IDS } from './testIds';

export function HostAppPage({ app, page }: { app?: AppPlugin; page: string }) {
  const Root = app?.root;
  if (!app || !Root) {
    return <div data-testid={TEST_IDS.appMissing}>The app plugin did not load, or has no root page.</div>;
  }
  const basename = `/a/${app.meta.id}`;
  return (
    <main data-testid={TEST_IDS.appPage} data-page={page}>
      <MemoryRouter initialEntries={[`/${page}`]}>
        <Root
          meta={app.meta}
          basename={basename}
          path={`${basename}/${page}`}
          query={{}}
          onNavChanged={() => undefined}
        />
      </MemoryRouter>
    </main>
  );
}
