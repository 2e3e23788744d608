/**
 * `npm run e2e:compat [-- <line>...]`: the browser e2e checks (tests/e2e/) against each Grafana
 * line in tests/compat/grafana-<line>/ (by default all of them: the oldest line the plugins declare
 * and the newest one tested). Each line is its own small install with its own lockfile, installed
 * here with `npm ci` when its lockfile changed, so the main lockfile never moves. The plugins are
 * the same dist/ for every line; only what the host page hands them (@grafana/*, React) changes.
 * Prints one line per Grafana line and exits 1 when any failed.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { compatLines, COMPAT_DIR, grafanaRuntime, PROJECT_ROOT } from '../tests/host/grafanaRuntime';

/** Written into a line's node_modules after a successful install: the lockfile's hash. */
const INSTALLED_MARKER = '.mci-installed-lock-sha256';
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const E2E_TIMEOUT_MS = 20 * 60_000;

interface LineResult {
  line: string;
  versions: string;
  installSeconds: number;
  e2eSeconds: number;
  passed: boolean;
  why?: string;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Installs a line from its lockfile unless that exact lockfile is installed already. */
function ensureInstalled(dir: string): { seconds: number; error?: string } {
  const lockfile = join(dir, 'package-lock.json');
  const marker = join(dir, 'node_modules', INSTALLED_MARKER);
  if (!existsSync(lockfile)) {
    return {
      seconds: 0,
      error: `${relative(PROJECT_ROOT, lockfile)} is missing; the line cannot be installed reproducibly.`,
    };
  }
  const wanted = sha256(lockfile);
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) {
    return { seconds: 0 };
  }
  const started = Date.now();
  console.log(`Installing ${relative(PROJECT_ROOT, dir)} from its lockfile (npm ci; needs the npm registry)...`);
  // No lifecycle scripts: these are browser packages; nothing in them needs to compile.
  const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) {
    return { seconds, error: `npm ci in ${relative(PROJECT_ROOT, dir)} failed (exit ${result.status}); see above.` };
  }
  writeFileSync(marker, `${wanted}\n`);
  return { seconds };
}

function runLine(line: string): LineResult {
  const dir = join(COMPAT_DIR, `grafana-${line}`);
  const install = ensureInstalled(dir);
  if (install.error) {
    return { line, versions: '?', installSeconds: install.seconds, e2eSeconds: 0, passed: false, why: install.error };
  }
  const runtime = grafanaRuntime(line);
  const versions = `@grafana/* ${runtime.grafanaVersion}, React ${runtime.reactVersion}`;
  console.log(`\n=== Grafana ${line}: ${versions}`);
  const started = Date.now();
  const result = spawnSync('npx', ['jest', '--ci', '--selectProjects', 'e2e', '--maxWorkers', '1'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, MCI_E2E_GRAFANA: line },
    stdio: 'inherit',
    timeout: E2E_TIMEOUT_MS,
  });
  return {
    line,
    versions,
    installSeconds: install.seconds,
    e2eSeconds: (Date.now() - started) / 1000,
    passed: result.status === 0,
    why: result.status === 0 ? undefined : `the e2e checks failed (exit ${result.status ?? result.signal})`,
  };
}

function main(): number {
  const known = compatLines();
  const asked = process.argv.slice(2);
  const unknown = asked.filter((line) => !known.includes(line));
  if (unknown.length > 0) {
    console.error(`No Grafana line ${unknown.join(', ')} in tests/compat/ (known: ${known.join(', ')}).`);
    return 2;
  }
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'module.js'))) {
    console.error('dist/ holds no built plugin, and every line loads it: run `npm run build` first.');
    return 2;
  }
  const results = (asked.length > 0 ? asked : known).map(runLine);
  console.log('\nGrafana line  packages                              install   e2e      result');
  for (const result of results) {
    console.log(
      `${result.line.padEnd(13)} ${result.versions.padEnd(37)} ${`${result.installSeconds.toFixed(0)} s`.padEnd(9)} ` +
        `${`${result.e2eSeconds.toFixed(0)} s`.padEnd(8)} ${result.passed ? 'passed' : `FAILED: ${result.why}`}`
    );
  }
  return results.every((result) => result.passed) ? 0 : 1;
}

process.exitCode = main();
