/**
 * Screenshots of each dashboard panel (the whole PanelChrome, as it looks on a dashboard) in a
 * theme, once the panel shows data. Written to `tests/artifacts/` (per Grafana line for the compat
 * runs) by the e2e run and, by
 * `npm run screenshots`, to each panel's `img/` for its README.
 */
import { mkdirSync, statSync } from 'fs';
import { join } from 'path';
import { TEST_IDS } from '../../host/src/testIds';
import { DASHBOARD_PANELS, SCREENSHOT_PANELS } from './dashboard';
import { waitForFilled } from './panels';
import type { OpenedPage, ThemeName } from './testBed';

/** `tests/artifacts/`, or `tests/artifacts/grafana-<line>/` for a compat line (MCI_E2E_GRAFANA). */
const compatLine = process.env.MCI_E2E_GRAFANA;
export const ARTIFACTS_DIR = join(
  __dirname,
  '..',
  '..',
  'artifacts',
  ...(compatLine && compatLine !== 'main' ? [`grafana-${compatLine}`] : [])
);

/** Each README screenshot stays well under this (they live in git and in the plugin catalogue). */
export const MAX_SCREENSHOT_BYTES = 300 * 1024;

const HIGHLIGHT_SETTLE_MS = 300;
/** Rows a panel shows before its picture is taken, so the picture shows a working book. */
const MIN_ROWS_FOR_PICTURE = 3;

export interface PanelScreenshot {
  panel: string;
  theme: ThemeName;
  file: string;
  bytes: number;
}

/** `dir/<panel>-<theme>.png`, or with `layout: 'readme'` `dir/<panel>/img/screenshot-<theme>.png`. */
export async function capturePanelScreenshots(
  opened: OpenedPage,
  theme: ThemeName,
  dir: string,
  layout: 'flat' | 'readme' = 'flat'
): Promise<PanelScreenshot[]> {
  const shots: PanelScreenshot[] = [];
  for (const [name, panelId] of Object.entries(SCREENSHOT_PANELS)) {
    const panel = DASHBOARD_PANELS.find((candidate) => candidate.id === panelId);
    if (!panel) {
      throw new Error(`SCREENSHOT_PANELS names panel ${panelId}, which is not on the dashboard.`);
    }
    const container = opened.page.getByTestId(TEST_IDS.panel(panel.id));
    await waitForFilled(opened.page, panel, MIN_ROWS_FOR_PICTURE);
    const file =
      layout === 'readme' ? join(dir, name, 'img', `screenshot-${theme}.png`) : join(dir, `${name}-${theme}.png`);
    mkdirSync(join(file, '..'), { recursive: true });
    // Let the brief highlight of changed values fade so the picture shows the resting look.
    await opened.page.waitForTimeout(HIGHLIGHT_SETTLE_MS);
    await container.screenshot({ path: file, animations: 'disabled' });
    shots.push({ panel: name, theme, file, bytes: statSync(file).size });
  }
  return shots;
}
