/**
 * The built plugins (dist/, unmodified) in Chromium, loaded by the test host the way Grafana
 * loads them, against the real simulator. One test bed (simulator, host server, browser) serves
 * every check in this file; the checks run in order and the outage check comes last but one.
 */
import { TEST_IDS } from '../host/src/testIds';
import { findDistPlugins } from '../host/hostServer';
import { DASHBOARD_PANELS } from './support/dashboard';
import { type OpenedPage, startTestBed, type TestBed } from './support/testBed';

const SETUP_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 60_000;

/** Relative luminance (0 black .. 1 white) of a CSS `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((channel) => Number(channel) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

let bed: TestBed;
let dark: OpenedPage;

beforeAll(async () => {
  bed = await startTestBed();
  dark = await bed.openPage({ theme: 'dark' });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await bed?.close();
}, SETUP_TIMEOUT_MS);

describe('the test host', () => {
  it('loads every plugin of dist/ through SystemJS as the class Grafana expects', async () => {
    const expected = findDistPlugins(`${__dirname}/../../dist`).map((plugin) => plugin.json.id);
    expect(expected.length).toBe(5);
    for (const id of expected) {
      const entry = dark.page.getByTestId(TEST_IDS.plugin(id));
      expect({ id, loaded: await entry.getAttribute('data-loaded'), text: await entry.textContent() }).toEqual({ id, loaded: 'true', text: id });
    }
  }, TEST_TIMEOUT_MS);

  it('renders every dashboard panel through the plugin, with no crash and no uncaught error', async () => {
    for (const panel of DASHBOARD_PANELS) {
      const container = dark.page.getByTestId(TEST_IDS.panel(panel.id));
      await container.waitFor();
      expect(await container.getByTestId(TEST_IDS.panelRenderError).count()).toBe(0);
      expect(await container.innerText()).toContain(panel.title);
    }
    expect(dark.errors).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it.each(['light', 'dark'] as const)('applies the %s theme of @grafana/data to the page', async (theme) => {
    const opened = theme === 'dark' ? dark : await bed.openPage({ theme });
    expect(await opened.page.getByTestId(TEST_IDS.status).getAttribute('data-theme')).toBe(theme);
    // Grafana's global styles paint the canvas: near white in light, near black in dark.
    const canvas = luminance(await opened.page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    expect(theme === 'light' ? canvas > 0.9 : canvas < 0.15).toBe(true);
    if (opened !== dark) {
      await opened.page.close();
    }
  }, TEST_TIMEOUT_MS);
});
