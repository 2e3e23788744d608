/**
 * The whole test bed for one e2e run: the host bundle (built once, cached by input hash), the
 * real simulator on a free port, the host server pointing its data source at it, and Chromium.
 * Pages are opened per theme; each page records its uncaught errors so a test can assert none.
 */
import type { Page } from 'playwright-core';
import { existsSync } from 'fs';
import { join } from 'path';
import { buildHost, type HostBuild, PROJECT_ROOT } from '../../host/buildHost';
import { type HostPanelConfig } from '../../host/src/hostConfig';
import { TEST_IDS } from '../../host/src/testIds';
import { type RunningHost, startHostServer } from '../../host/hostServer';
import { type RunningSimulator, startSimulator } from '../../support/simulator';
import { launchChromium, type LaunchedBrowser } from './browser';
import { DASHBOARD_PANELS, DATASOURCE_NAME, DATASOURCE_UID, datasourceJsonData, SIMULATOR_ARGS } from './dashboard';

export type ThemeName = 'light' | 'dark';

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions in the page so far (a test asserts there are none). */
  errors: string[];
  /**
   * Console errors so far, for diagnosis only: while the simulator is down the browser itself
   * logs every refused WebSocket and fetch, which is expected.
   */
  consoleErrors: string[];
}

export interface TestBed {
  build: HostBuild;
  simulator: RunningSimulator;
  host: RunningHost;
  browser: LaunchedBrowser;
  openPage(options?: { theme?: ThemeName; view?: 'dashboard' | 'datasource' }): Promise<OpenedPage>;
  /** Stops the simulator (the host and pages stay up). */
  stopSimulator(): Promise<void>;
  /** Starts a new simulator on the same port; resolves once it answers /readyz. */
  restartSimulator(): Promise<RunningSimulator>;
  close(): Promise<void>;
}

const PAGE_READY_TIMEOUT_MS = 30_000;

/** The plugin build under test: dist/, or another build's directory (e.g. a release). */
export const DIST_DIR = process.env.MCI_E2E_DIST_DIR ?? join(PROJECT_ROOT, 'dist');

/** Console errors that say nothing about the plugins (the browser asks for a favicon). */
const IGNORED_CONSOLE_ERRORS = [/favicon/i];

export interface TestBedOptions {
  /** `serve` arguments of the simulator; default the e2e run's (a steady, light order flow). */
  simulatorArgs?: string[];
}

export async function startTestBed(
  panels: HostPanelConfig[] = DASHBOARD_PANELS,
  { simulatorArgs = SIMULATOR_ARGS }: TestBedOptions = {}
): Promise<TestBed> {
  if (!existsSync(join(DIST_DIR, 'module.js'))) {
    throw new Error(`${DIST_DIR} holds no built plugin: run \`npm run build\` first (npm test does).`);
  }
  const build = await buildHost();
  let simulator = await startSimulator({ args: simulatorArgs });
  const host = await startHostServer({
    buildDir: build.dir,
    grafanaNodeModules: build.runtime.nodeModules,
    distDir: DIST_DIR,
    datasource: {
      uid: DATASOURCE_UID,
      name: DATASOURCE_NAME,
      jsonData: datasourceJsonData(simulator),
      url: simulator.httpUrl,
    },
    panels,
  });
  const browser = await launchChromium();
  const pages: Page[] = [];

  return {
    build,
    get simulator() {
      return simulator;
    },
    host,
    browser,
    async openPage({ theme = 'dark', view = 'dashboard' } = {}) {
      const page = await browser.context.newPage();
      pages.push(page);
      const errors: string[] = [];
      const consoleErrors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !IGNORED_CONSOLE_ERRORS.some((pattern) => pattern.test(message.text()))) {
          consoleErrors.push(message.text());
        }
      });
      await page.goto(`${host.url}/?theme=${theme}&view=${view}`);
      const status = page.getByTestId(TEST_IDS.status);
      await status.waitFor({ timeout: PAGE_READY_TIMEOUT_MS });
      if ((await status.getAttribute('data-status')) !== 'ready') {
        throw new Error(`The host page did not come up: ${await status.innerText()}`);
      }
      return { page, errors, consoleErrors };
    },
    async stopSimulator() {
      await simulator.stop();
    },
    async restartSimulator() {
      simulator = await startSimulator({ args: simulatorArgs, port: simulator.port });
      return simulator;
    },
    async close() {
      await Promise.allSettled(pages.map((page) => page.close()));
      await browser.close().catch(() => undefined);
      await host.close();
      await simulator.stop();
    },
  };
}
