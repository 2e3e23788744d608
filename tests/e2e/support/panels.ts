/**
 * Reading what a panel got and what it shows. The data side reads the PanelData the host handed
 * the panel (`window.mciHost.panelData`), i.e. the data source's frames after
 * `applyFieldOverrides`; the DOM side reads the panel's own rendering inside its PanelChrome.
 */
import type { Locator, Page } from 'playwright-core';
import { TEST_IDS } from '../../host/src/testIds';
import type { HostPanelConfig } from '../../host/src/hostConfig';

/** One frame as plain rows: `{ fieldName: value }` per row (time fields as epoch ms). */
export type FrameRows = Array<Record<string, unknown>>;

export const POLL_INTERVAL_MS = 200;

export function panelLocator(page: Page, panelId: number): Locator {
  return page.getByTestId(TEST_IDS.panel(panelId));
}

/** The rows of the frame named `frameName` the panel was last given (empty when none yet). */
export async function frameRows(page: Page, panelId: number, frameName: string): Promise<FrameRows> {
  return page.evaluate(
    ({ panelId, frameName }) => {
      const data = window.mciHost?.panelData[panelId];
      const frame = data?.series.find((candidate) => candidate.name === frameName || candidate.refId === frameName);
      if (!frame) {
        return [];
      }
      return Array.from({ length: frame.length }, (_unused, row) =>
        Object.fromEntries(frame.fields.map((field) => [field.name, field.values[row]]))
      );
    },
    { panelId, frameName }
  );
}

/**
 * What the panel header tells the user about the query: the notices the data source attached to
 * the frames (shown as text) and the query errors (Grafana's header status).
 */
export async function panelNotices(page: Page, panelId: number): Promise<string[]> {
  const notices = await panelLocator(page, panelId).getByTestId(TEST_IDS.panelNotice).allTextContents();
  const errors = await page.evaluate(
    (panelId) => (window.mciHost?.panelData[panelId]?.errors ?? []).map((error) => error.message ?? ''),
    panelId
  );
  return notices.concat(errors);
}

/** How long a panel may report a query error with no frames before a wait gives up early. */
const PERSISTENT_ERROR_MS = 5000;

/** The query error a panel was given with no frames at all (e.g. a data source that cannot query). */
export async function panelQueryError(page: Page, panelId: number): Promise<string | undefined> {
  return page.evaluate((panelId) => {
    const data = window.mciHost?.panelData[panelId];
    if (!data || data.series.length > 0 || !data.errors || data.errors.length === 0) {
      return undefined;
    }
    return data.errors.map((error) => error.message).join('; ');
  }, panelId);
}

/**
 * Polls `probe` until it returns a value (not undefined) or the time is up; then throws with
 * `what` and the last value seen, so a failure says what was expected and what was there.
 * With `panel`, gives up early when that panel keeps reporting a query error and no frames.
 */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  describeLast?: () => Promise<string>,
  panel?: { page: Page; panelId: number }
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let erroringSince: number | undefined;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    const error = panel && (await panelQueryError(panel.page, panel.panelId));
    erroringSince = error ? (erroringSince ?? Date.now()) : undefined;
    if (error && erroringSince !== undefined && Date.now() - erroringSince >= PERSISTENT_ERROR_MS) {
      throw new Error(`Gave up waiting for ${what}: the panel's query keeps failing with "${error}".`);
    }
    if (Date.now() >= deadline) {
      const last = describeLast ? `\nLast seen: ${await describeLast()}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

const FILLED_TIMEOUT_MS = 45_000;

/** The frame each dashboard panel reads (by its query's channel; frames are named after it). */
export function frameNameOf(panel: HostPanelConfig): string {
  return String(panel.targets[0].channel);
}

/** Waits until the panel was given at least `minRows` rows of its frame. */
export async function waitForFilled(page: Page, panel: HostPanelConfig, minRows = 1): Promise<void> {
  await waitFor(
    `panel "${panel.title}" to be given ${minRows} rows of its ${frameNameOf(panel)} frame`,
    FILLED_TIMEOUT_MS,
    async () => ((await frameRows(page, panel.id, frameNameOf(panel))).length >= minRows ? true : undefined),
    async () => panelLocator(page, panel.id).innerText(),
    { page, panelId: panel.id }
  );
}
