/** Test helper: an MCI data source instance as the pages see it, with scripted status and drill answers. */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { Subject } from 'rxjs';
import type { AlertSinkRead, DrillList, StartDrill } from '../../datasource/control/drillControl';
import type { InstanceStatus } from '../../datasource/status/watchStatus';
import type { MciInstance } from '../mciDataSources';

export const SETTINGS = {
  uid: 'mci-a',
  name: 'MCI (desk A)',
  type: 'mci-telemetry-datasource',
} as DataSourceInstanceSettings;

export function fakeInstance() {
  const statuses = new Subject<InstanceStatus>();
  const list: DrillList = { active: [], available: ['normal', 'cpu-spike'] };
  const sink: AlertSinkRead = { received: 0, notifications: [], skipped: 0 };
  const started: StartDrill[] = [];
  const stopped: string[] = [];
  let watchers = 0;
  let listed = 0;
  const instance: MciInstance = {
    watchStatus: () => {
      watchers += 1;
      return statuses.asObservable();
    },
    drills: {
      list: async () => {
        listed += 1;
        return { active: [...list.active], available: [...list.available] };
      },
      start: async (drill) => {
        started.push(drill);
        const active = { name: drill.name, startedAt: 1_000, endsAt: 121_000 };
        list.active.push(active);
        return active;
      },
      stop: async (name) => {
        stopped.push(name);
        list.active = list.active.filter((drill) => drill.name !== name);
      },
      readAlertSink: async () => ({ ...sink, notifications: [...sink.notifications] }),
    },
  };
  return { instance, statuses, list, sink, started, stopped, watchers: () => watchers, listed: () => listed };
}
