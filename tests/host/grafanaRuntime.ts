/**
 * Which Grafana the host page stands in for: the `@grafana/*` packages and React it hands the
 * plugins. By default the project's own install (the line the plugins are built against); with
 * `MCI_E2E_GRAFANA=<line>` the separate install in `tests/compat/grafana-<line>/` (its own
 * package.json and lockfile, installed by `npm run e2e:compat`), so the same e2e checks run
 * against another Grafana line without touching the main lockfile.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const COMPAT_DIR = join(PROJECT_ROOT, 'tests', 'compat');

export interface GrafanaRuntime {
  /** `main` for the project's install, else the compat line (`12.0`, `13.2`, ...). */
  line: string;
  /** The folder whose `node_modules` provides the shared modules. */
  root: string;
  nodeModules: string;
  /** Versions actually installed there (what the page reports and the tests print). */
  grafanaVersion: string;
  reactVersion: string;
  /** The lockfile that decides what is installed (part of the host build's hash). */
  lockfile: string;
  /**
   * Load the `@grafana/*` packages from their CommonJS build (the line's package.json sets
   * `mciTestHost.grafanaModuleFormat: "cjs"` and says why there), instead of their ESM build.
   */
  grafanaCommonJs: boolean;
}

interface CompatPackageJson {
  mciTestHost?: { grafanaModuleFormat?: 'esm' | 'cjs' };
}

function installedVersion(nodeModules: string, name: string): string {
  return (JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The compat lines that have a folder under tests/compat/ (installed or not). */
export function compatLines(): string[] {
  return existsSync(COMPAT_DIR)
    ? readdirSync(COMPAT_DIR)
        .filter((entry) => /^grafana-\d+\.\d+$/.test(entry) && existsSync(join(COMPAT_DIR, entry, 'package.json')))
        .map((entry) => entry.slice('grafana-'.length))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    : [];
}

export function grafanaRuntime(line = process.env.MCI_E2E_GRAFANA): GrafanaRuntime {
  const root = line && line !== 'main' ? join(COMPAT_DIR, `grafana-${line}`) : PROJECT_ROOT;
  const nodeModules = join(root, 'node_modules');
  if (!existsSync(join(root, 'package.json'))) {
    throw new Error(
      `MCI_E2E_GRAFANA=${line} names no Grafana line: there is no ${root}/package.json. ` +
        `Known lines: ${compatLines().join(', ') || 'none'} (or unset it for the project's own install).`
    );
  }
  if (!existsSync(join(nodeModules, '@grafana', 'ui', 'package.json'))) {
    throw new Error(
      `The Grafana ${line} packages are not installed in ${root}: run \`npm run e2e:compat\` ` +
        `(installs every line from its lockfile), or \`npm ci --ignore-scripts --prefix ${root}\`.`
    );
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as CompatPackageJson;
  return {
    line: root === PROJECT_ROOT ? 'main' : (line as string),
    root,
    nodeModules,
    grafanaVersion: installedVersion(nodeModules, '@grafana/ui'),
    reactVersion: installedVersion(nodeModules, 'react'),
    lockfile: join(root, 'package-lock.json'),
    grafanaCommonJs: manifest.mciTestHost?.grafanaModuleFormat === 'cjs',
  };
}
