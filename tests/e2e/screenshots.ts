/**
 * `npm run screenshots`: renders the built panels (dist/) in the test host against the simulator
 * and writes `src/panels/<name>/img/screenshot-{light,dark}.png` for the READMEs, plus the same
 * pictures in tests/artifacts/. Run `npm run build` first so dist/ holds the current panels.
 */
import { join } from 'path';
import {
  capturePanelScreenshots,
  ARTIFACTS_DIR,
  MAX_SCREENSHOT_BYTES,
  type PanelScreenshot,
} from './support/screenshots';
import { startTestBed } from './support/testBed';

const PANELS_SRC_DIR = join(__dirname, '..', '..', 'src', 'panels');

async function main(): Promise<number> {
  const bed = await startTestBed();
  try {
    const shots: PanelScreenshot[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const opened = await bed.openPage({ theme });
      shots.push(...(await capturePanelScreenshots(opened, theme, PANELS_SRC_DIR, 'readme')));
      await capturePanelScreenshots(opened, theme, ARTIFACTS_DIR);
      if (opened.errors.length > 0) {
        throw new Error(`The page reported uncaught errors:\n${opened.errors.join('\n')}`);
      }
      await opened.page.close();
    }
    for (const shot of shots) {
      console.log(`${shot.file}: ${Math.round(shot.bytes / 1024)} KB`);
    }
    const tooLarge = shots.filter((shot) => shot.bytes > MAX_SCREENSHOT_BYTES);
    if (tooLarge.length > 0) {
      console.error(
        `Screenshots over ${MAX_SCREENSHOT_BYTES / 1024} KB: ${tooLarge.map((shot) => shot.file).join(', ')}`
      );
      return 1;
    }
    return 0;
  } finally {
    await bed.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`screenshots: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
);
