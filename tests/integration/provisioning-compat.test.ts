/**
 * API compatibility of the plugin with the lowest Grafana version it declares, checked by
 * `npm run compat` (@grafana/levitate against the published @grafana/* packages of that version,
 * fetched from the npm registry), and proof that the check rejects a module using a newer API.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { lowestVersion, pluginModules, RUNTIME_PACKAGES } from '../../scripts/levitate-compat';
import { incompatibilities, isReviewed } from '../../scripts/levitate-reviewed';
import { ROOT } from '../support/provisioning';

const LEVITATE_TIMEOUT_MS = 240_000;

function compat(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/levitate-compat.ts', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: LEVITATE_TIMEOUT_MS,
    }
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('levitate compatibility check', () => {
  it("accepts only the reviewed declaration-only changes of levitate's report", () => {
    const report = [
      '  INCOMPATIBILITIES (3)',
      '1) Changed `PanelPlugin.setPanelOptions` used in `/x/src/panels/positions/module.tsx:10`',
      '2) Removed `PanelOptionsEditorBuilder.addRadio` used in `/x/src/panels/orders/options.ts:39`',
      '3) Changed `DataSourceApi.query` used in `/x/src/datasource/DataSource.ts:40`',
    ].join('\n');
    const found = incompatibilities(report);
    expect(found).toEqual([
      { kind: 'Changed', api: 'PanelPlugin.setPanelOptions' },
      { kind: 'Removed', api: 'PanelOptionsEditorBuilder.addRadio' },
      { kind: 'Changed', api: 'DataSourceApi.query' },
    ]);
    expect(found.map(isReviewed)).toEqual([true, false, false]);
  });

  it.each([
    ['>=12.0.0', '12.0.0'],
    ['>=12.3.1 <14', '12.3.1'],
    [' >= 11.6.0', '11.6.0'],
  ])('reads the lowest version of %j as %s', (range, version) => {
    expect(lowestVersion(range)).toBe(version);
  });

  it.each(['^12.0.0', '12.x', '*'])('refuses %j, which has no lower bound to check against', (range) => {
    expect(() => lowestVersion(range)).toThrow(/no ">=X.Y.Z" lower bound/);
  });

  it('covers the app, the data source and every panel', () => {
    expect(
      pluginModules(join(ROOT, 'src'))
        .map((plugin) => plugin.id)
        .sort()
    ).toEqual(
      [
        'mci-activity-panel',
        'mci-orders-panel',
        'mci-positions-panel',
        'mci-telemetry-app',
        'mci-telemetry-datasource',
      ].sort()
    );
  });

  it(
    'finds the plugin compatible with the lowest declared Grafana version',
    () => {
      const lowest = pluginModules(join(ROOT, 'src'))[0].lowest;
      const { status, output } = compat();
      expect(output).toContain(RUNTIME_PACKAGES.map((name) => `${name}@${lowest}`).join(','));
      expect(output).toMatch(/appears to be compatible/);
      expect(status).toBe(0);
    },
    LEVITATE_TIMEOUT_MS
  );

  it(
    'rejects a module that uses an export the lowest version does not have',
    () => {
      const { status, output } = compat('--entry', 'tests/integration/fixtures/usesGrafana13Api.ts');
      expect(output).toMatch(/Removed `onInteraction` used in/);
      expect(status).toBe(1);
    },
    LEVITATE_TIMEOUT_MS
  );
});
