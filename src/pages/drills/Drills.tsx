/**
 * The Drills page (docs/grafana.md): start and stop anomaly scenarios on the simulator behind a
 * chosen MCI data source, through its Editor-only control routes; a timeline of the drills, the
 * alerts the simulator's alert sink received for each and how long each took; links to the
 * dashboards at each drill's window.
 */
import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, locationUtil, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, Button, Combobox, Field, Input, useStyles2 } from '@grafana/ui';
import { TEST_IDS } from '../../components/testIds';
import { DASHBOARD_UIDS } from '../../constants';
import { dashboardUrl } from '../../links/dashboardUrl';
import { listMciDataSources } from '../mciDataSources';
import { formatDuration } from '../status/statusDisplay';
import { drillTimeline, type DrillRecord } from './drillTimeline';
import { useDrills } from './useDrills';

const IDS = TEST_IDS.drills;
const DEFAULT_DURATION = '2m';
/** A drill's dashboards open from a minute before it started to a minute after it ended. */
const DRILL_MARGIN_MS = 60_000;

const DASHBOARDS = [
  { uid: DASHBOARD_UIDS.telemetry, title: 'MCI Telemetry' },
  { uid: DASHBOARD_UIDS.serviceHealth, title: 'Service health' },
];

function drillWindow(drill: DrillRecord): { from: number; to: number } {
  return { from: drill.startedAt - DRILL_MARGIN_MS, to: (drill.stoppedAt ?? drill.endsAt) + DRILL_MARGIN_MS };
}

export function Drills() {
  const styles = useStyles2(getStyles);
  const sources = useMemo(() => listMciDataSources(), []);
  const [uid, setUid] = useState<string | undefined>(sources[0]?.uid);
  const settings = sources.find((source) => source.uid === uid);
  const state = useDrills(settings);
  const [scenario, setScenario] = useState<string>();
  const [duration, setDuration] = useState(DEFAULT_DURATION);
  const timeline = useMemo(
    () => drillTimeline(state.drills, state.sink?.notifications ?? []),
    [state.drills, state.sink]
  );

  if (sources.length === 0) {
    return (
      <PluginPage>
        <Alert title="No MCI Telemetry data source" severity="info" data-testid={IDS.noDataSource}>
          Drills run on the simulator behind an MCI Telemetry data source. Add one under Connections, Data sources, and
          set its control key.
        </Alert>
      </PluginPage>
    );
  }

  return (
    <PluginPage>
      <div className={styles.page} data-testid={IDS.container}>
        <p>
          Rehearse an incident: start an anomaly scenario on the simulator behind a data source, watch the alerts it
          raises arrive in the simulator&apos;s alert sink, and open the dashboards at the drill&apos;s time. Starting
          and stopping need the Editor role and the data source&apos;s control key.
        </p>
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            if (scenario) {
              state.start(scenario, duration.trim() || undefined);
            }
          }}
        >
          <Field label="Data source" htmlFor="mci-drills-datasource">
            <Combobox
              id="mci-drills-datasource"
              data-testid={IDS.dataSource}
              width={32}
              options={sources.map((source) => ({ label: source.name, value: source.uid }))}
              value={uid}
              onChange={(option) => setUid(option.value)}
            />
          </Field>
          <Field label="Scenario" htmlFor="mci-drills-scenario">
            <Combobox
              id="mci-drills-scenario"
              data-testid={IDS.scenario}
              width={32}
              placeholder="Choose a scenario"
              options={state.available.map((name) => ({ label: name, value: name }))}
              value={scenario ?? null}
              onChange={(option) => setScenario(option.value)}
            />
          </Field>
          <Field label="Duration" description="For example 30s, 2m or 1h" htmlFor="mci-drills-duration">
            <Input
              id="mci-drills-duration"
              data-testid={IDS.duration}
              width={12}
              value={duration}
              onChange={(event) => setDuration(event.currentTarget.value)}
            />
          </Field>
          <Button type="submit" icon="play" disabled={!scenario || state.busy} data-testid={IDS.start}>
            Start drill
          </Button>
        </form>
        {state.error && (
          <Alert title="The drill call failed" severity="error" data-testid={IDS.error}>
            {state.error}
          </Alert>
        )}
        <section aria-labelledby="mci-drills-timeline-heading">
          <h2 id="mci-drills-timeline-heading" className={styles.heading}>
            Timeline
          </h2>
          {timeline.entries.length === 0 ? (
            <p>No drill yet. Drills started here, or running on the server, show here with the alerts they raised.</p>
          ) : (
            <table className={styles.table} data-testid={IDS.timeline}>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Scenario</th>
                  <th scope="col">State</th>
                  <th scope="col">Alerts received (time from start)</th>
                  <th scope="col">Dashboards</th>
                  <th scope="col">
                    <span className={styles.visuallyHidden}>Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {timeline.entries.map(({ drill, alerts }) => {
                  const running = state.isRunning(drill);
                  const drillState = running ? 'running' : drill.stoppedAt !== undefined ? 'stopped' : 'ended';
                  return (
                    <tr
                      key={`${drill.name}@${drill.startedAt}`}
                      data-testid={IDS.drill}
                      data-scenario={drill.name}
                      data-state={drillState}
                    >
                      <td>{dateTimeFormat(drill.startedAt, { format: 'HH:mm:ss' })}</td>
                      <th scope="row" className={styles.rowHeader}>
                        {drill.name}
                      </th>
                      <td>
                        <Badge
                          text={drillState}
                          color={running ? 'orange' : drillState === 'stopped' ? 'blue' : 'darkgrey'}
                        />
                      </td>
                      <td>
                        {alerts.length === 0 ? (
                          <span className={styles.muted}>none yet</span>
                        ) : (
                          <ul className={styles.alerts}>
                            {alerts.map((alert) => (
                              <li
                                key={`${alert.name}:${alert.status}`}
                                data-testid={IDS.alert}
                                data-alert={alert.name}
                                data-status={alert.status}
                              >
                                {alert.name} {alert.status} after {formatDuration(alert.tookMs)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        {DASHBOARDS.map((dashboard) => (
                          <a
                            key={dashboard.uid}
                            className={styles.link}
                            href={dashboardUrl({ path: `/d/${dashboard.uid}`, range: drillWindow(drill) })}
                          >
                            {dashboard.title}
                          </a>
                        ))}
                      </td>
                      <td>
                        {running && (
                          <Button
                            size="sm"
                            variant="secondary"
                            icon="square-shape"
                            disabled={state.busy}
                            onClick={() => state.stop(drill)}
                            aria-label={`Stop ${drill.name}`}
                            data-testid={IDS.stop}
                          >
                            Stop
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {timeline.unreadable > 0 && (
            <p className={styles.muted}>
              {timeline.unreadable} alert-sink entries were not webhook notifications and are not shown.
            </p>
          )}
          {(state.sink?.skipped ?? 0) > 0 && (
            <p className={styles.muted}>
              {state.sink?.skipped} alert-sink entries could not be read and are not shown.
            </p>
          )}
        </section>
        <section aria-labelledby="mci-drills-dashboards-heading">
          <h2 id="mci-drills-dashboards-heading" className={styles.heading}>
            Dashboards
          </h2>
          <ul className={styles.dashboards}>
            {DASHBOARDS.map((dashboard) => (
              <li key={dashboard.uid}>
                <a
                  className={styles.link}
                  href={locationUtil.assureBaseUrl(`/d/${dashboard.uid}`)}
                  data-testid={IDS.dashboardLink(dashboard.uid)}
                >
                  {dashboard.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), maxWidth: 1100 }),
  form: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: theme.spacing(2) }),
  heading: css({ fontSize: theme.typography.h4.fontSize, margin: theme.spacing(0, 0, 1) }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
  }),
  rowHeader: css({ fontWeight: theme.typography.fontWeightMedium }),
  alerts: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary }),
  link: css({
    color: theme.colors.text.link,
    textDecoration: 'underline',
    marginRight: theme.spacing(1.5),
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  dashboards: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  visuallyHidden: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});
