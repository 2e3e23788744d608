/**
 * The lean `mci-sim` package (`npm run package:sim`), as a load tester gets it: packed, installed
 * with one `npm install --offline <tarball>` into an empty folder with an empty npm cache (so it
 * needs no registry), then its `serve`, `load` (over two worker processes) and `bridge` run
 * briefly against each other from that folder.
 */
import { execFile, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildSimPackage, OPTIONAL_NATIVE_MODULES, type SimPackage } from '../../scripts/package/simPackage';
import { type RunningBridge, startBridge } from '../support/bridge';
import { type RunningSimulator, startSimulator } from '../support/simulator';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const MAX_INSTALLED_BYTES = 30 * 1024 * 1024;
const BRIDGE_STREAMING_WITHIN_MS = 20_000;
const POLL_MS = 200;

let work: string;
let app: string;
let built: SimPackage;
let cli: string;
let installSeconds: number;

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(path) : entry.isFile() ? statSync(path).size : 0);
  }, 0);
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: app, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr })
    );
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mci-sim-package-'));
  built = await buildSimPackage(root, join(work, 'out'));
  app = join(work, 'app');
  mkdirSync(app);
  const started = Date.now();
  const installed = spawnSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), built.tarball],
    { cwd: app, encoding: 'utf8', timeout: 60_000 }
  );
  installSeconds = (Date.now() - started) / 1000;
  if (installed.status !== 0) {
    throw new Error(`npm install of ${built.tarball} failed (${installed.status}):\n${installed.stderr}`);
  }
  cli = join(app, 'node_modules', 'mci-sim', 'bin', 'mci-sim.js');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the lean mci-sim package', () => {
  it('is named mci-sim-<version>.tgz and declares no registry dependency, only optional native peers', () => {
    const version: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    expect(built.tarball.endsWith(`mci-sim-${version}.tgz`)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'mci-sim', 'package.json'), 'utf8'));
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toEqual(OPTIONAL_NATIVE_MODULES);
    expect(Object.values(manifest.peerDependenciesMeta)).toEqual(
      Object.keys(OPTIONAL_NATIVE_MODULES).map(() => ({ optional: true }))
    );
  });

  it('carries the licence of the packages it bundles', () => {
    const notices = readFileSync(join(app, 'node_modules', 'mci-sim', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const bundled of ['fastify', 'ws', 'pino', 'prom-client', 'commander', '@faker-js/faker']) {
      expect({ bundled, listed: new RegExp(`^${bundled} \\d+\\.\\d+\\.\\d+ \\(`, 'm').test(notices) }).toEqual({
        bundled,
        listed: true,
      });
    }
  });

  it('installs offline into an empty folder in at most 30 MB, without the native store modules', () => {
    const bytes = folderBytes(join(app, 'node_modules'));
    console.log(
      `mci-sim ${built.version}: tarball ${(built.tarballBytes / 1024).toFixed(0)} KB, installed ` +
        `${(bytes / 1024 / 1024).toFixed(1)} MB in ${installSeconds.toFixed(1)} s (npm install --offline)`
    );
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    for (const name of Object.keys(OPTIONAL_NATIVE_MODULES)) {
      expect({ name, installed: existsSync(join(app, 'node_modules', name)) }).toEqual({ name, installed: false });
    }
    expect(existsSync(join(app, 'node_modules', '.bin', 'mci-sim'))).toBe(true);
  });

  describe('installed, runs serve, load and bridge', () => {
    let simulator: RunningSimulator;
    let bridge: RunningBridge | undefined;

    beforeAll(async () => {
      simulator = await startSimulator({ cli, cwd: app, args: ['--orders-per-second', '20'] });
    });

    afterAll(async () => {
      await bridge?.stop();
      await simulator?.stop();
    });

    it('serves the protocol: /readyz answers and REST returns positions', async () => {
      expect((await fetch(`${simulator.httpUrl}/readyz`)).status).toBe(200);
      const positions = await fetch(`${simulator.httpUrl}/api/telemetry/positions`);
      expect(positions.status).toBe(200);
    });

    it('load-tests it over two worker processes and writes a report with messages and no gaps', async () => {
      const out = join(work, 'report.json');
      const result = await run([
        'load',
        '--url',
        simulator.wsUrl,
        '--clients',
        '4',
        '--workers',
        '2',
        '--duration',
        '2s',
        '--channels',
        'orders,activity',
        '--no-progress',
        '--out',
        out,
      ]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      const report = JSON.parse(readFileSync(out, 'utf8'));
      expect(report.totals.connected).toBe(4);
      expect(report.totals.messages).toBeGreaterThan(0);
      expect(report.totals.gaps).toBe(0);
      expect(report.sources.map((source: { workers: number }) => source.workers)).toEqual([2]);
    });

    it('bridges it to Prometheus: the bridge reports a streaming connection on /metrics', async () => {
      bridge = await startBridge(['--url', simulator.wsUrl], {}, { cli, cwd: app });
      const deadline = Date.now() + BRIDGE_STREAMING_WITHIN_MS;
      let text = '';
      while (Date.now() < deadline) {
        text = await (await fetch(`${bridge.httpUrl}/metrics`)).text();
        if (/^mci_bridge_connection_state\{state="streaming"\} 1$/m.test(text)) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      expect(text).toMatch(/^mci_bridge_connection_state\{state="streaming"\} 1$/m);
    });
  });
});
