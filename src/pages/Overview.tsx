import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Card, TextLink, useStyles2 } from '@grafana/ui';
import { BUNDLED_DASHBOARDS, NESTED_PLUGINS } from '../constants';
import { TEST_IDS } from '../components/testIds';

/** The app's landing page: what the app bundles and where to start. */
export function Overview() {
  const styles = useStyles2(getStyles);
  return (
    <PluginPage>
      <div data-testid={TEST_IDS.overview.container} className={styles.page}>
        <p>
          MCI Telemetry streams positions, orders, account, health, market data and activity from an MCI backend into
          Grafana. Add an <strong>MCI Telemetry</strong> data source pointing at your backend&apos;s WebSocket URL (for
          example <code>ws://127.0.0.1:8080/telemetry</code>), then open the bundled dashboards.
        </p>
        <h3>Plugins in this app</h3>
        {NESTED_PLUGINS.map((include) => (
          <Card key={include.path} data-testid={TEST_IDS.overview.plugin(include.name)}>
            <Card.Heading>{include.name}</Card.Heading>
            <Card.Meta>{[include.type === 'datasource' ? 'Data source' : 'Panel', include.path]}</Card.Meta>
          </Card>
        ))}
        <h3>Dashboards</h3>
        <p>Import them from this app&apos;s configuration page (Dashboards tab).</p>
        {BUNDLED_DASHBOARDS.map((include) => (
          <Card key={include.path} data-testid={TEST_IDS.overview.dashboard(include.name)}>
            <Card.Heading>{include.name}</Card.Heading>
            <Card.Meta>{[include.path]}</Card.Meta>
          </Card>
        ))}
        <p>
          Alerting on health thresholds goes through Prometheus: see the{' '}
          <TextLink href="https://grafana.com/docs/grafana/latest/alerting/" external>
            Grafana alerting documentation
          </TextLink>{' '}
          and the provisioning files shipped with this project.
        </p>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), maxWidth: 900 }),
});
