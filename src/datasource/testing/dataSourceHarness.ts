/**
 * The data source as its tests build it: Grafana's settings, fake clients (one per created
 * client), a recording REST stand-in and template interpolation where `$symbol` holds INFY and
 * WIPRO, `$all` is All, `$order` holds o-7 and `$none` is an empty textbox; plus a request for a set of targets and a response recorder.
 */
import {
  dateTime,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import type { Observable } from 'rxjs';
import type { ClientOptions } from '../../client';
import { DataSource } from '../DataSource';
import type { DataSourceServices } from '../grafanaServices';
import type { MciOptions, MciQuery } from '../types';
import { T0 } from './channelItems';
import { createFakeClient, type FakeClient } from './fakeClient';

export function settings(jsonData: Partial<MciOptions> = {}): DataSourceInstanceSettings<MciOptions> {
  return {
    id: 1,
    uid: 'mci',
    type: 'mci-telemetry-datasource',
    name: 'MCI',
    url: '/api/datasources/proxy/uid/mci',
    access: 'proxy',
    readOnly: false,
    jsonData: { wsUrl: 'ws://127.0.0.1:1/telemetry', restUrl: 'http://127.0.0.1:1', ...jsonData },
    meta: {} as DataSourceInstanceSettings['meta'],
  };
}

export interface Setup {
  ds: DataSource;
  clients: FakeClient[];
  requests: Array<[string, string]>;
  services: DataSourceServices;
}

export function setup(
  jsonData: Partial<MciOptions> = {},
  respond: (method: string, url: string) => unknown = () => ({ events: [] })
): Setup {
  const clients: FakeClient[] = [];
  const requests: Array<[string, string]> = [];
  const services: DataSourceServices = {
    request: async (method, url) => {
      requests.push([method, url]);
      return respond(method, url);
    },
    replace: (value) =>
      value.replace('$symbol', 'INFY,WIPRO').replace('$all', '$__all').replace('$order', 'o-7').replace('$none', ''),
  };
  const ds = new DataSource(settings(jsonData), {
    createClient: (options: ClientOptions) => {
      const client = createFakeClient(options);
      clients.push(client);
      return client;
    },
    webSocketFactory: () => {
      throw new Error('the fake client opens no socket');
    },
    services,
  });
  return { ds, clients, requests, services };
}

export function request(targets: MciQuery[], maxDataPoints = 500): DataQueryRequest<MciQuery> {
  const to = dateTime(T0 + 60_000);
  const from = dateTime(T0 - 3_600_000);
  return {
    app: 'dashboard',
    requestId: 'R1',
    interval: '1s',
    intervalMs: 1000,
    maxDataPoints,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    targets,
    timezone: 'utc',
    startTime: T0,
  };
}

/** Subscribes and records every response. */
export function collect(observable: Observable<DataQueryResponse>) {
  const responses: DataQueryResponse[] = [];
  const subscription = observable.subscribe((response) => responses.push(response));
  const framesOf = (refId?: string) => {
    const last = [...responses].reverse().find((response) => refId === undefined || response.key === `mci-${refId}`);
    return (last?.data ?? []) as DataFrame[];
  };
  return { responses, subscription, framesOf };
}

export const notices = (frames: DataFrame[]) => frames.flatMap((frame) => frame.meta?.notices ?? []);
