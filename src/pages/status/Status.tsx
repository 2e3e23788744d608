/**
 * The Status page: every MCI data source with its connection state, epoch, heartbeat round trip,
 * and per channel the events per second and the age of the last event, live (docs/grafana.md).
 */
import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { DataSourceInstanceSettings, GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, useStyles2 } from '@grafana/ui';
import { TEST_IDS } from '../../components/testIds';
import { listMciDataSources } from '../mciDataSources';
import { formatAge, formatDuration, formatRate, STATE_COLORS } from './statusDisplay';
import { useInstanceStatus } from './useInstanceStatus';

const IDS = TEST_IDS.status;

function DataSourceStatus({ settings }: { settings: DataSourceInstanceSettings }) {
  const styles = useStyles2(getStyles);
  const { status, error } = useInstanceStatus(settings);
  const headingId = `mci-status-${settings.uid}`;
  const connection = status?.connection;
  return (
    <section
      className={styles.source}
      aria-labelledby={headingId}
      data-testid={IDS.dataSource}
      data-uid={settings.uid}
      data-state={connection?.state ?? 'loading'}
    >
      <h2 id={headingId} className={styles.heading}>
        {settings.name}
      </h2>
      {error && (
        <Alert title="The status cannot be shown" severity="error" data-testid={IDS.loadError}>
          {error}
        </Alert>
      )}
      {!error && !connection && <p>Connecting…</p>}
      {connection && status && (
        <>
          <dl className={styles.facts}>
            <dt>Connection</dt>
            <dd data-testid={IDS.state}>
              <Badge text={connection.state} color={STATE_COLORS[connection.state]} />
              {connection.polling && <span className={styles.note}> polling the REST snapshot</span>}
              {connection.state === 'reconnecting' && connection.attempt > 0 && (
                <span className={styles.note}> attempt {connection.attempt}</span>
              )}
              <span className={styles.note}> since {formatAge(status.at - connection.since)}</span>
            </dd>
            <dt>Epoch</dt>
            <dd data-testid={IDS.epoch}>{connection.epoch ?? 'not connected yet'}</dd>
            <dt>Round trip</dt>
            <dd data-testid={IDS.roundTrip}>
              {status.roundTrip?.ms !== undefined
                ? formatDuration(status.roundTrip.ms)
                : (status.roundTrip?.error ?? 'not measured yet')}
            </dd>
          </dl>
          {connection.lastError && (
            <Alert title={connection.lastError.what} severity="warning" data-testid={IDS.lastError}>
              {connection.lastError.why} {connection.lastError.how}
            </Alert>
          )}
          <table className={styles.table}>
            <caption className={styles.caption}>Events per channel (last 5 s)</caption>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col" className={styles.number}>
                  Events/s
                </th>
                <th scope="col">Last event</th>
              </tr>
            </thead>
            <tbody>
              {status.channels.map((channel) => (
                <tr key={channel.channel} data-testid={IDS.channel} data-channel={channel.channel}>
                  <th scope="row">{channel.channel}</th>
                  <td className={styles.number}>{formatRate(channel.eventsPerSecond)}</td>
                  <td>{formatAge(channel.lastEventAt === undefined ? undefined : status.at - channel.lastEventAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function Status() {
  const styles = useStyles2(getStyles);
  const sources = useMemo(() => listMciDataSources(), []);
  return (
    <PluginPage>
      <div className={styles.page} data-testid={IDS.container}>
        <p>
          The connection of every MCI Telemetry data source as this browser sees it, and the events arriving per
          channel. This page subscribes every channel while it is open, through the same connection the dashboards use.
        </p>
        {sources.length === 0 ? (
          <Alert title="No MCI Telemetry data source" severity="info" data-testid={IDS.noDataSource}>
            Add one under Connections, Data sources, with your MCI server&apos;s WebSocket and REST URLs.
          </Alert>
        ) : (
          sources.map((settings) => <DataSourceStatus key={settings.uid} settings={settings} />)
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), maxWidth: 900 }),
  source: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
  }),
  heading: css({ fontSize: theme.typography.h4.fontSize, margin: theme.spacing(0, 0, 2) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(0, 0, 2),
    '& dt': { color: theme.colors.text.secondary },
    '& dd': { margin: 0 },
  }),
  note: css({ color: theme.colors.text.secondary }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontVariantNumeric: 'tabular-nums',
    '& th, & td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    '& tbody th': { fontWeight: theme.typography.fontWeightRegular },
  }),
  caption: css({ textAlign: 'left', color: theme.colors.text.secondary, paddingBottom: theme.spacing(1) }),
  // Doubled class: stronger than the table's own `th, td` rule.
  number: css({ '&&': { textAlign: 'right' } }),
});
