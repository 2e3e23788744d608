/**
 * The stored-history query kinds against the real simulator, queried the way the query editor
 * builds them: a few hours seeded into a SQLite store in a temporary directory, the server on
 * that store, and the data source's REST calls sent as a Viewer through the stand-in for Grafana's
 * proxy over plugin.json's routes. The instance has no URL, so a call the editor makes without a
 * route fails here, and each test checks that every call went through a route.
 */
import { execFile } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { dateTime, type DataFrame, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { DataSource } from '../../src/datasource/DataSource';
import { queryForKind } from '../../src/datasource/editor/queryKind';
import plugin from '../../src/datasource/plugin.json';
import type { MciOptions, MciQuery } from '../../src/datasource/types';
import { PROFILE_METRIC_KINDS, PROFILE_METRIC_NAMES } from '../../src/protocol';
import { backendSrvStandIn } from '../support/backendSrvStandIn';
import { grafanaProxyStandIn, type GrafanaProxyStandIn } from '../support/grafanaProxyStandIn';
import { startSimulator, type RunningSimulator } from '../support/simulator';

// Grafana's runtime and UI read the browser's boot data when loaded; in Node the services are
// injected and no editor renders.
jest.mock('@grafana/runtime', () => ({}));
jest.mock('@grafana/ui', () => ({}));

const ROOT = join(__dirname, '..', '..');
const SEEDED_MS = 3 * 3_600_000;
const SEED_TIMEOUT_MS = 180_000;

function createDataSource(sim: RunningSimulator, proxy: GrafanaProxyStandIn): DataSource {
  const settings: DataSourceInstanceSettings<MciOptions> = {
    id: 1,
    uid: 'mci',
    type: 'mci-telemetry-datasource',
    name: 'MCI',
    url: proxy.baseUrl,
    access: 'proxy',
    readOnly: false,
    jsonData: { wsUrl: sim.wsUrl, restUrl: sim.httpUrl },
    meta: {} as DataSourceInstanceSettings['meta'],
  };
  return new DataSource(settings, { services: backendSrvStandIn(proxy, 'Viewer') });
}

/** A dashboard's request over the seeded hours, at a 5 minute panel interval. */
function request(target: MciQuery): DataQueryRequest<MciQuery> {
  const now = Date.now();
  const range = { from: dateTime(now - SEEDED_MS), to: dateTime(now) };
  return {
    app: 'dashboard',
    requestId: target.refId,
    interval: '5m',
    intervalMs: 300_000,
    maxDataPoints: 1000,
    range: { ...range, raw: range },
    scopedVars: {},
    targets: [target],
    timezone: 'utc',
    startTime: now,
  };
}

describe('stored-history queries built as the query editor builds them, against the simulator', () => {
  let dir: string;
  let sim: RunningSimulator | undefined;
  let proxy: GrafanaProxyStandIn;
  let ds: DataSource;

  const run = async (target: MciQuery): Promise<DataFrame> => {
    const response = await lastValueFrom(ds.query(request(target)));
    expect(response.errors ?? []).toEqual([]);
    expect(response.data).toHaveLength(1);
    return response.data[0] as DataFrame;
  };
  /** A new panel's query (a live orders query) switched to `kind` in the editor. */
  const edited = (kind: Parameters<typeof queryForKind>[1], changes: Partial<MciQuery> = {}): MciQuery => ({
    ...queryForKind({ refId: 'A', channel: 'orders' }, kind),
    ...changes,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mci-stored-ds-'));
    const store = `sqlite:${join(dir, 'telemetry.db')}`;
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bin', 'mci-sim.js'), 'seed', '--duration', '3h', '--store', store, '--seed', '11'],
      { cwd: dir, timeout: SEED_TIMEOUT_MS }
    );
    sim = await startSimulator({ args: ['--store', store, '--seed', '11'], cwd: dir });
    proxy = grafanaProxyStandIn({
      routes: plugin.routes,
      datasource: { uid: 'mci', jsonData: { restUrl: sim.httpUrl } },
    });
    ds = createDataSource(sim, proxy);
  }, SEED_TIMEOUT_MS + 60_000);

  afterEach(() => {
    expect(proxy.calls.length).toBeGreaterThan(0);
    expect(proxy.calls.filter((call) => call.outcome !== 'routed' || call.status !== 200)).toEqual([]);
    proxy.calls.length = 0;
  });

  afterAll(async () => {
    ds?.dispose();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers the services and profiles the server lists, through routes of plugin.json', async () => {
    const services = await ds.storedChoices.services();
    expect(services.skipped).toBe(0);
    expect(services.values).toContain('api');
    const profiles = await ds.storedChoices.profiles();
    expect(profiles.values.map((p) => p.profile_id)).toEqual(profiles.values.map((_p, index) => index));
    expect(profiles.values[0]).toMatchObject({ profile_id: 0, name: 'account' });
    expect(profiles.values.length).toBeGreaterThan(1);
  });

  it('reads service metric aggregates of a listed service, only the picked statistics', async () => {
    const [service] = (await ds.storedChoices.services()).values;
    const frame = await run(edited('metricAggregates', { service, metricType: 'latency', fields: ['p50', 'p99'] }));
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'p50', 'p99']);
    expect(frame.length).toBeGreaterThan(0);
    expect(frame.meta?.custom).toEqual({ interval: '5m' });
  });

  it("reads the account's closed trades", async () => {
    const frame = await run(edited('trades'));
    expect(frame.length).toBeGreaterThan(0);
  });

  it.each(PROFILE_METRIC_KINDS.map((family) => [family]))(
    "reads the account's hourly %s metrics, whose names are the ones the editor offers as fields",
    async (family) => {
      const frame = await run(edited('profileMetrics', { profileMetric: family }));
      expect(frame.length).toBeGreaterThan(0);
      const names = frame.fields.filter((f) => f.name !== 'time').map((f) => f.name);
      expect([...names].sort()).toEqual([...PROFILE_METRIC_NAMES[family]].sort());
    }
  );

  it("reads a strategy profile's window metrics", async () => {
    const frame = await run(edited('profileMetrics', { profileId: 1, fields: ['pnl'] }));
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'pnl']);
    expect(frame.length).toBeGreaterThan(0);
  });
});
