/**
 * The installable archive (`npm run package`): built from dist/ (which `npm test` builds first),
 * unpacked into a plugins folder as Grafana would, and read with the offline checks of Grafana's
 * plugin validator. Each check is also shown to fail on an archive that breaks its rule.
 */
import { createHash } from 'crypto';
import { unzipSync } from 'fflate';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import { buildPluginArchive } from '../../scripts/package/pluginArchive';
import { svgProblems, validatePluginFolder } from '../../scripts/package/validatePluginFolder';

const root = join(__dirname, '..', '..');
const version: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const ID = 'mci-telemetry-app';

let work: string;
let plugins: string;
let archive: ReturnType<typeof buildPluginArchive>;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'module.js'))) {
    throw new Error(
      'dist/ is empty: the package test packs the output of `npm run build`; run it first (npm test does).'
    );
  }
  work = mkdtempSync(join(tmpdir(), 'mci-package-'));
  archive = buildPluginArchive(join(root, 'dist'), join(work, 'out'), ID, version);
  plugins = join(work, 'plugins');
  for (const [path, bytes] of Object.entries(unzipSync(readFileSync(archive.zipPath)))) {
    mkdirSync(dirname(join(plugins, path)), { recursive: true });
    writeFileSync(join(plugins, path), bytes);
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the unpacked archive with one thing broken. */
function broken(change: (pluginDir: string) => void): string {
  const copy = mkdtempSync(join(work, 'broken-'));
  cpSync(plugins, copy, { recursive: true });
  change(join(copy, ID));
  return copy;
}

const errorsOf = (dir: string) =>
  validatePluginFolder(dir, { expectedVersion: version })
    .filter((finding) => finding.severity === 'error')
    .map((finding) => finding.rule);

describe('the plugin archive', () => {
  it('is named <id>-<version>.zip and holds everything under one folder named after the plugin id', () => {
    expect(basename(archive.zipPath)).toBe(`${ID}-${version}.zip`);
    expect(archive.entries.every((entry) => entry.startsWith(`${ID}/`))).toBe(true);
    for (const file of ['module.js', 'module.js.map', 'plugin.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      expect(archive.entries).toContain(`${ID}/${file}`);
    }
    for (const nested of ['datasource', 'panels/positions', 'panels/orders', 'panels/activity']) {
      expect(archive.entries).toContain(`${ID}/${nested}/module.js`);
      expect(archive.entries).toContain(`${ID}/${nested}/plugin.json`);
    }
  });

  it('comes with checksums that match its bytes', () => {
    const bytes = readFileSync(archive.zipPath);
    expect(readFileSync(`${archive.zipPath}.sha256`, 'utf8')).toBe(
      `${createHash('sha256').update(bytes).digest('hex')}  ${basename(archive.zipPath)}\n`
    );
    expect(readFileSync(`${archive.zipPath}.sha1`, 'utf8')).toBe(
      `${createHash('sha1').update(bytes).digest('hex')}  ${basename(archive.zipPath)}\n`
    );
  });

  it('is the same bytes when packed twice from the same build', () => {
    const again = buildPluginArchive(join(root, 'dist'), join(work, 'again'), ID, version);
    expect(again.sha256).toBe(archive.sha256);
  });

  it('links the app to the Grafana documentation for installing it, with absolute https URLs', () => {
    const app = JSON.parse(readFileSync(join(plugins, ID, 'plugin.json'), 'utf8'));
    expect(app.info.links.length).toBeGreaterThan(0);
    for (const link of app.info.links) {
      expect(new URL(link.url).protocol).toBe('https:');
    }
  });

  it('passes every offline validator check', () => {
    const findings = validatePluginFolder(plugins, {
      expectedVersion: version,
      archiveName: basename(archive.zipPath),
    });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

describe('the offline validator checks', () => {
  it.each([
    ['a missing source map', 'js-map-missing', (dir: string) => unlinkSync(join(dir, 'module.js.map'))],
    [
      'a screenshot that is not in the archive',
      'metadata-paths',
      (dir: string) => rmSync(join(dir, 'panels', 'orders', 'img'), { recursive: true }),
    ],
    [
      'a version that differs from the package',
      'version-mismatch',
      (dir: string) => {
        const file = join(dir, 'datasource', 'plugin.json');
        writeFileSync(file, readFileSync(file, 'utf8').replace(`"version": "${version}"`, '"version": "0.0.1"'));
      },
    ],
    [
      'an SVG that runs script',
      'unsafe-svg-file',
      (dir: string) => writeFileSync(join(dir, 'img', 'logo.svg'), '<svg onload="alert(1)"/>'),
    ],
    ['no CHANGELOG', 'missing-changelog', (dir: string) => unlinkSync(join(dir, 'CHANGELOG.md'))],
    [
      'a nested plugin the app does not include',
      'includes-nested',
      (dir: string) => {
        mkdirSync(join(dir, 'panels', 'extra'));
        cpSync(join(dir, 'panels', 'orders', 'plugin.json'), join(dir, 'panels', 'extra', 'plugin.json'));
      },
    ],
    [
      'a link to a repository-relative path',
      'safe-links',
      (dir: string) => {
        const file = join(dir, 'plugin.json');
        const json = JSON.parse(readFileSync(file, 'utf8'));
        json.info.links = [{ name: 'Docs', url: 'docs/grafana.md' }];
        writeFileSync(file, JSON.stringify(json));
      },
    ],
    [
      'a panel id without the -panel suffix',
      'plugin-id-suffix',
      (dir: string) => {
        const file = join(dir, 'panels', 'orders', 'plugin.json');
        writeFileSync(file, readFileSync(file, 'utf8').replace('"mci-orders-panel"', '"mci-orders"'));
      },
    ],
  ])('fail on %s (%s)', (_name, rule, change) => {
    expect(errorsOf(broken(change))).toContain(rule);
  });

  it('fail on an archive with two top folders', () => {
    expect(errorsOf(broken((dir) => mkdirSync(join(dirname(dir), 'other'))))).toEqual(['more-than-one-dir']);
  });

  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1z"/></svg>', []],
    ['<svg><script>alert(1)</script></svg>', ['has a <script> element']],
    ['<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', ['links to script or external content (href)']],
    ['<svg><image xlink:href="https://example.com/x.png"/></svg>', ['links to script or external content (href)']],
    ['<svg><foreignObject><div/></foreignObject></svg>', ['has a <foreignObject> element']],
  ])('judge the SVG %s', (svg, problems) => {
    expect(svgProblems(svg)).toEqual(problems);
  });
});
