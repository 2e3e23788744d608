/**
 * The lean `mci-sim` package for load-generator machines and CI runners: the CLI (simulator,
 * recorder, load tool, bridge) bundled by esbuild into one CommonJS file with every pure-JS
 * dependency inside, so the package declares no registry dependency and installs offline in
 * seconds. Native and optional modules (better-sqlite3, mysql2, ioredis, sockopt and ws's optional
 * speed-ups) stay outside the bundle: the code that needs them loads them lazily and does without
 * them, saying so (the store falls back to memory, the server leaves send buffers to the kernel).
 *
 * Layout of the package (the tarball's `package/`):
 *   bin/mci-sim.js        the command (requires the bundle)
 *   dist/mci-sim/cli.js   the bundle; two folders below the root, so the load tool's
 *                         `--workers` path to `bin/mci-sim.js` (relative to its own folder in the
 *                         sources) holds in the bundle too
 *   dist/mci-sim/sqliteWriterThread.js  the SQLite store's writer thread, beside the bundle
 *   package.json, README.md, LICENSE
 *   THIRD-PARTY-NOTICES.txt  the licence of every package bundled into cli.js
 */
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

/** Loaded lazily by the store and scale-out code, absent by default; versions as tested. */
export const OPTIONAL_NATIVE_MODULES: Record<string, string> = {
  'better-sqlite3': '12.11.1',
  mysql2: '3.24.5',
  ioredis: '5.9.2',
  sockopt: '2.0.1',
};
/** `ws` tries these and does without them (pure-JS masking and UTF-8 checks). */
const WS_OPTIONAL = ['bufferutil', 'utf-8-validate'];

export interface SimPackage {
  /** Absolute path of `mci-sim-<version>.tgz`. */
  tarball: string;
  version: string;
  bundleBytes: number;
  tarballBytes: number;
}

/** Where the bundle sits, relative to the package's bin/. */
const BUNDLE_FROM_BIN = '../dist/mci-sim/cli.js';
const LAUNCHER = `#!/usr/bin/env node
// mci-sim: the simulator, load tool and bridge, bundled (see README.md).
require(${JSON.stringify(BUNDLE_FROM_BIN)});
`;

function packageJson(version: string): string {
  return `${JSON.stringify(
    {
      name: 'mci-sim',
      version,
      description:
        'MCI simulator harness without the Grafana plugin toolchain: serve the MCI protocol, record, load-test and bridge to Prometheus.',
      license: 'Apache-2.0',
      bin: { 'mci-sim': 'bin/mci-sim.js' },
      files: ['bin', 'dist', 'README.md', 'LICENSE', 'THIRD-PARTY-NOTICES.txt'],
      engines: { node: '>=20' },
      // Everything pure-JS is in the bundle. These are loaded only when asked for (the SQLite or
      // MySQL store, Redis fan-out); npm does not install optional peers, so they stay out unless
      // the user adds them (README.md says how).
      peerDependencies: OPTIONAL_NATIVE_MODULES,
      peerDependenciesMeta: Object.fromEntries(
        Object.keys(OPTIONAL_NATIVE_MODULES).map((name) => [name, { optional: true }])
      ),
    },
    null,
    2
  )}\n`;
}

/**
 * The licence texts of the npm packages esbuild put into the bundle (their licences ask for the
 * notice to travel with the code), one section per package, sorted by name.
 */
export function thirdPartyNotices(root: string, inputs: string[]): string {
  const packageDirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) {
      packageDirs.add(join(root, match[1]));
    }
  }
  const sections = [...packageDirs].map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.[a-z]+)?$/i.test(file));
    const text = licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : `License: ${manifest.license}`;
    return `${manifest.name} ${manifest.version} (${manifest.license ?? 'see below'})\n\n${text}\n`;
  });
  // The same package may sit in several nested node_modules folders.
  const unique = [...new Set(sections)].sort();
  return `mci-sim bundles these npm packages into dist/mci-sim/cli.js.\n\n${unique.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/** The package's README is docs/sim-package.md under a title with the version. */
function readme(version: string, root: string): string {
  const docs = readFileSync(join(root, 'docs', 'sim-package.md'), 'utf8');
  return `# mci-sim ${version}\n\n${docs.replace(/^# .*\n+/, '')}`;
}

/** Bundles the CLI and packs the lean package into `outDir`; returns what it wrote. */
export async function buildSimPackage(root: string, outDir: string): Promise<SimPackage> {
  const version: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const stage = mkdtempSync(join(tmpdir(), 'mci-sim-package-'));
  try {
    const bundle = join(stage, 'dist', 'mci-sim', 'cli.js');
    const result = await esbuild.build({
      absWorkingDir: root,
      // The SQLite writer thread's entry sits beside the CLI bundle, where SqliteWriter.ts looks.
      entryPoints: {
        cli: join(root, 'simulator', 'cli.ts'),
        sqliteWriterThread: join(root, 'simulator', 'store', 'sqliteWriterThread.ts'),
      },
      outdir: dirname(bundle),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      // Stack traces and commander's messages keep the source names.
      keepNames: true,
      legalComments: 'linked',
      external: [...Object.keys(OPTIONAL_NATIVE_MODULES), ...WS_OPTIONAL],
      metafile: true,
      logLevel: 'error',
    });
    const fromPlugin = Object.keys(result.metafile.inputs).filter(
      (input) => /^src\/(?!protocol\/|client\/)/.test(input) || input.includes('node_modules/@grafana/')
    );
    if (fromPlugin.length > 0) {
      throw new Error(`The simulator bundle pulls in plugin code: ${fromPlugin.slice(0, 5).join(', ')}.`);
    }
    mkdirSync(join(stage, 'bin'), { recursive: true });
    writeFileSync(join(stage, 'bin', 'mci-sim.js'), LAUNCHER);
    chmodSync(join(stage, 'bin', 'mci-sim.js'), 0o755);
    writeFileSync(join(stage, 'package.json'), packageJson(version));
    writeFileSync(join(stage, 'README.md'), readme(version, root));
    writeFileSync(join(stage, 'LICENSE'), readFileSync(join(root, 'LICENSE')));
    writeFileSync(join(stage, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(root, Object.keys(result.metafile.inputs)));

    mkdirSync(outDir, { recursive: true });
    const packed = spawnSync('npm', ['pack', '--pack-destination', outDir, '--json', '--ignore-scripts'], {
      cwd: stage,
      encoding: 'utf8',
    });
    if (packed.status !== 0) {
      throw new Error(`npm pack failed (exit ${packed.status}): ${packed.stderr.trim()}`);
    }
    const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
    const tarball = join(outDir, filename);
    return { tarball, version, bundleBytes: statSync(bundle).size, tarballBytes: statSync(tarball).size };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
