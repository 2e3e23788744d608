/**
 * The MCI data source instances the app's pages work with, found as Grafana finds data sources of
 * a type (`getDataSourceSrv().getList({ type })`). The pages use the instance's public methods
 * only (`watchStatus`, `drills`), never the data source's code: the app and the data source are
 * separate bundles, so the instance is recognised by its methods.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { Observable } from 'rxjs';
import type { DrillControl } from '../datasource/control/drillControl';
import type { InstanceStatus, WatchStatusOptions } from '../datasource/status/watchStatus';
import { DATASOURCE_TYPE } from '../constants';

export interface MciInstance {
  watchStatus(options?: Partial<WatchStatusOptions>): Observable<InstanceStatus>;
  readonly drills: DrillControl;
}

export function listMciDataSources(): DataSourceInstanceSettings[] {
  return getDataSourceSrv().getList({ type: DATASOURCE_TYPE });
}

function isMciInstance(value: unknown): value is MciInstance {
  const candidate = value as Partial<MciInstance> | undefined;
  return typeof candidate?.watchStatus === 'function' && typeof candidate?.drills?.start === 'function';
}

export async function loadMciInstance(
  settings: Pick<DataSourceInstanceSettings, 'uid' | 'name'>
): Promise<MciInstance> {
  const instance = await getDataSourceSrv().get({ uid: settings.uid, type: DATASOURCE_TYPE });
  if (!isMciInstance(instance)) {
    throw new Error(
      `The data source "${settings.name}" does not offer a status or drills. Why: its plugin is older than this app. How: update the MCI Telemetry app, which bundles the data source, and reload the page.`
    );
  }
  return instance;
}
