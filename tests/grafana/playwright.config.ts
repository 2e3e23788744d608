/**
 * Playwright config for the @grafana/plugin-e2e specs (real Grafana, see run.sh). The `auth`
 * project logs in once with plugin-e2e's own setup; the specs reuse its storage state.
 */
import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'fs';
import { dirname, join } from 'path';

const pluginE2eAuth = join(dirname(require.resolve('@grafana/plugin-e2e')), 'auth');
const ROOT = join(__dirname, '..', '..');
/** Debian's Chromium when present (no Playwright browser download needed), else Playwright's. */
const executablePath = process.env.MCI_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig<PluginOptions>({
  testDir: __dirname,
  testMatch: /.*\.spec\.ts$/,
  outputDir: join(ROOT, 'tests', 'artifacts', 'grafana'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // On CI the HTML report is kept as an artefact.
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: join(ROOT, 'playwright-report') }]]
    : [['list']],
  use: {
    baseURL: process.env.GRAFANA_URL ?? 'http://localhost:3000',
    provisioningRootDir: join(ROOT, 'provisioning'),
    trace: 'retain-on-failure',
    launchOptions: { executablePath, args: ['--no-sandbox', '--disable-gpu'] },
  },
  projects: [
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'run-tests',
      use: { ...devices['Desktop Chrome'], storageState: join(ROOT, 'playwright', '.auth', 'admin.json') },
      dependencies: ['auth'],
    },
  ],
});
