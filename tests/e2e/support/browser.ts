/**
 * Debian's Chromium driven by playwright-core, with the flags that make it quiet and
 * self-contained on a machine without network: no GPU, no QUIC, no first-run, no background
 * networking or component updates, a fresh profile per launch.
 */
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.MCI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  options: { viewport?: { width: number; height: number } } = {}
): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: run \`bash scripts/ensure-system-deps.sh\` (installs the Debian package), or set MCI_CHROMIUM.`
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'mci-e2e-chromium-'));
  // A persistent context is how playwright takes --user-data-dir; each launch gets a fresh one.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    timeout: 30_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type { Browser };
