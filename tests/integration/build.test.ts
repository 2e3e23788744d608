/**
 * The plugin build (`npm run build`, which `npm test` runs before Jest): five bundles, each beside
 * its plugin.json, and an app whose `includes` lists exactly the nested plugins under src/.
 */
import { existsSync, readFileSync } from 'fs';
import { globSync } from 'glob';
import { dirname, join, relative } from 'path';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
const src = join(root, 'src');

interface PluginJson {
  id: string;
  type: string;
  name: string;
  info: { version: string; logos: { small: string; large: string }; description: string; keywords: string[] };
  includes?: Array<{ type: string; name: string; path: string }>;
}

const readJson = (file: string): PluginJson => JSON.parse(readFileSync(file, 'utf8'));

const EXPECTED = [
  { dir: '', id: 'mci-telemetry-app', type: 'app' },
  { dir: 'datasource', id: 'mci-telemetry-datasource', type: 'datasource' },
  { dir: 'panels/positions', id: 'mci-positions-panel', type: 'panel' },
  { dir: 'panels/orders', id: 'mci-orders-panel', type: 'panel' },
  { dir: 'panels/activity', id: 'mci-activity-panel', type: 'panel' },
];

beforeAll(() => {
  if (!existsSync(join(dist, 'module.js'))) {
    throw new Error(
      'dist/ is empty: the build test checks the output of `npm run build`; run it first (npm test does).'
    );
  }
});

describe('the plugin build', () => {
  it.each(EXPECTED)('writes $id as $dir/module.js beside its plugin.json', ({ dir, id, type }) => {
    expect(existsSync(join(dist, dir, 'module.js'))).toBe(true);
    const pluginJson = readJson(join(dist, dir, 'plugin.json'));
    expect(pluginJson).toMatchObject({ id, type });
    expect(pluginJson.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(EXPECTED)('ships the logo and README of $id', ({ dir }) => {
    const pluginJson = readJson(join(dist, dir, 'plugin.json'));
    expect(existsSync(join(dist, dir, pluginJson.info.logos.small))).toBe(true);
    expect(existsSync(join(dist, dir, pluginJson.info.logos.large))).toBe(true);
    expect(existsSync(join(dist, dir, 'README.md'))).toBe(true);
    expect(pluginJson.info.description.length).toBeGreaterThan(20);
    expect(pluginJson.info.keywords.length).toBeGreaterThan(0);
  });

  it("lists every nested plugin.json under src/ in the app's includes, with its type", () => {
    const app = readJson(join(src, 'plugin.json'));
    const nested = globSync('**/plugin.json', { cwd: src })
      .filter((file) => file !== 'plugin.json')
      .map((file) => ({ path: file, type: readJson(join(src, file)).type }))
      .sort((a, b) => a.path.localeCompare(b.path));
    const included = (app.includes ?? [])
      .filter((include) => include.path.endsWith('plugin.json'))
      .map(({ path, type }) => ({ path, type }))
      .sort((a, b) => a.path.localeCompare(b.path));
    expect(included).toEqual(nested);
    expect(nested.map((plugin) => dirname(plugin.path))).toEqual(
      EXPECTED.filter((plugin) => plugin.dir)
        .map((plugin) => relative('', plugin.dir))
        .sort()
    );
  });

  it('marks the data source as streaming', () => {
    expect(readJson(join(dist, 'datasource', 'plugin.json'))).toMatchObject({ streaming: true });
  });
});
