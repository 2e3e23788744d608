/**
 * What the panels render for the interaction checks (sort, filters, follow-tail), read from the
 * DOM in one evaluation each, so a snapshot never mixes two renders. Test ids come from the
 * panels' own `testIds.ts` (tests may import them; the host may not).
 */
import type { Page } from 'playwright-core';
import { TEST_IDS as ACTIVITY_IDS } from '../../../src/panels/activity/testIds';
import { TEST_IDS as ORDERS_IDS } from '../../../src/panels/orders/testIds';
import { TEST_IDS as POSITIONS_IDS } from '../../../src/panels/positions/testIds';
import { panelLocator } from './panels';

export { ACTIVITY_IDS, ORDERS_IDS, POSITIONS_IDS };

const byTestId = (id: string) => `[data-testid="${id}"]`;

export interface ShownSort {
  /** `aria-sort` of the column's header. */
  ariaSort: string | null;
  /** The column's cells, top to bottom, as shown. */
  cells: string[];
  /**
   * Each neighbouring pair of cells compared with `localeCompare` in the page (what the panel
   * sorts text with), so the check uses the browser's collation, not Node's.
   */
  textOrder: number[];
}

/** The positions table as shown: one column's header state and its cells in row order. */
export async function shownPositionsColumn(page: Page, panelId: number, column: string): Promise<ShownSort> {
  return panelLocator(page, panelId).evaluate(
    (root, { header, cell, row }) => {
      const cells = Array.from(root.querySelectorAll(`${row} ${cell}`), (element) =>
        (element.textContent ?? '').trim()
      );
      return {
        ariaSort: root.querySelector(header)?.getAttribute('aria-sort') ?? null,
        cells,
        textOrder: cells.slice(1).map((text, index) => Math.sign(cells[index].localeCompare(text))),
      };
    },
    {
      header: byTestId(POSITIONS_IDS.header(column)),
      cell: byTestId(POSITIONS_IDS.cell(column)),
      row: byTestId(POSITIONS_IDS.row),
    }
  );
}

/** A number as a panel cell shows it ("55", "1,204", "-₹59.73K"); null for "–" or no number. */
export function shownNumber(text: string): number | null {
  const match = text.replace(/,/g, '').match(/(-)?[^\d-]*(\d+(?:\.\d+)?)\s*([KMB])?/);
  if (!match) {
    return null;
  }
  const scale = { K: 1e3, M: 1e6, B: 1e9 }[match[3] ?? ''] ?? 1;
  return (match[1] ? -1 : 1) * Number(match[2]) * scale;
}

export interface ShownOrders {
  rows: Array<{ id: string; status: string; statusText: string; side: string }>;
  /** `aria-pressed` of each status chip, by status value. */
  pressed: Record<string, string | null>;
  /** The side radio that is checked (its label), if any. */
  side: string | null;
  summary: string;
  noMatch: boolean;
}

/** The rendered (virtualised) rows of the orders panel and the state of its filter bar. */
export async function shownOrders(page: Page, panelId: number): Promise<ShownOrders> {
  return panelLocator(page, panelId).evaluate(
    (root, ids) => {
      const rows = Array.from(root.querySelectorAll(ids.row), (row) => ({
        id: row.getAttribute('data-order-id') ?? '',
        status: row.getAttribute('data-status') ?? '',
        statusText: (row.querySelector(ids.statusChip)?.textContent ?? '').trim(),
        side: (row.querySelector(ids.sideCell)?.textContent ?? '').trim(),
      }));
      const pressed = Object.fromEntries(
        Array.from(root.querySelectorAll(`${ids.statusFilter} button`), (chip) => [
          chip.getAttribute('data-value') ?? '',
          chip.getAttribute('aria-pressed'),
        ])
      );
      const checked = root.querySelector<HTMLInputElement>(`${ids.sideFilter} input[type="radio"]:checked`);
      const side = checked
        ? (root.querySelector(`label[for="${CSS.escape(checked.id)}"]`)?.textContent ?? '').trim()
        : null;
      return {
        rows,
        pressed,
        side,
        summary: (root.querySelector(ids.summary)?.textContent ?? '').trim(),
        noMatch: root.querySelector(ids.noMatch) !== null,
      };
    },
    {
      row: byTestId(ORDERS_IDS.row),
      statusChip: byTestId(ORDERS_IDS.statusChip),
      sideCell: byTestId(ORDERS_IDS.cell('side')),
      statusFilter: byTestId(ORDERS_IDS.statusFilter),
      sideFilter: byTestId(ORDERS_IDS.sideFilter),
      summary: byTestId(ORDERS_IDS.summary),
      noMatch: byTestId(ORDERS_IDS.noMatch),
    }
  );
}

export interface ChipState {
  value: string;
  pressed: boolean;
  /** The count the chip shows. */
  count: number;
}

export interface ShownEntry {
  key: string;
  severity: string;
  type: string;
  message: string;
}

export interface ShownActivity {
  /** The entries in the DOM: the feed is virtualised, so those in view (and a few around them). */
  entries: ShownEntry[];
  /** How many entries the feed holds (its entries' `aria-setsize`), 0 when none is shown. */
  total: number;
  severityChips: ChipState[];
  typeChips: ChipState[];
  summary: string;
  noMatch: boolean;
  /** Whether the "Following" button shows (else "Resume"). */
  following: boolean;
  resumeText: string | null;
  /** The feed's scroll position: px from the top, and px left below the visible part. */
  scrollTop: number;
  belowPx: number;
  /** px the feed can scroll at all (content height beyond the visible height). */
  scrollablePx: number;
}

/** The activity feed as shown: its entries, chips, summary, follow state and scroll position. */
export async function shownActivity(page: Page, panelId: number): Promise<ShownActivity> {
  return panelLocator(page, panelId).evaluate(
    (root, ids) => {
      const chips = (group: string) =>
        Array.from(root.querySelectorAll(`${group} button`), (chip) => ({
          value: chip.getAttribute('data-value') ?? '',
          pressed: chip.getAttribute('aria-pressed') === 'true',
          count: Number(chip.lastElementChild?.textContent ?? 'NaN'),
        }));
      const feed = root.querySelector(ids.feed);
      return {
        entries: Array.from(root.querySelectorAll(ids.entry), (entry) => ({
          key: entry.getAttribute('data-key') ?? '',
          severity: entry.getAttribute('data-severity') ?? '',
          type: (entry.querySelector(ids.type)?.textContent ?? '').trim(),
          message: (entry.querySelector(ids.message)?.textContent ?? '').trim(),
        })),
        total: Number(root.querySelector(ids.entry)?.getAttribute('aria-setsize') ?? 0),
        severityChips: chips(ids.severityFilter),
        typeChips: chips(ids.typeFilter),
        summary: (root.querySelector(ids.summary)?.textContent ?? '').trim(),
        noMatch: root.querySelector(ids.noMatch) !== null,
        following: root.querySelector(ids.follow) !== null,
        resumeText: root.querySelector(ids.resume)?.textContent?.trim() ?? null,
        scrollTop: feed ? feed.scrollTop : 0,
        belowPx: feed ? feed.scrollHeight - feed.scrollTop - feed.clientHeight : 0,
        scrollablePx: feed ? feed.scrollHeight - feed.clientHeight : 0,
      };
    },
    {
      feed: byTestId(ACTIVITY_IDS.feed),
      entry: byTestId(ACTIVITY_IDS.entry),
      type: byTestId(ACTIVITY_IDS.type),
      message: byTestId(ACTIVITY_IDS.message),
      severityFilter: byTestId(ACTIVITY_IDS.severityFilter),
      typeFilter: byTestId(ACTIVITY_IDS.typeFilter),
      summary: byTestId(ACTIVITY_IDS.summary),
      noMatch: byTestId(ACTIVITY_IDS.noMatch),
      follow: byTestId(ACTIVITY_IDS.follow),
      resume: byTestId(ACTIVITY_IDS.resume),
    }
  );
}

export interface SweptActivity {
  /** The feed's length (`aria-setsize`) at the end of the sweep. */
  total: number;
  /** Every entry met, by its position in the feed, top to bottom. */
  entries: ShownEntry[];
}

/** Most scroll steps of one sweep (a 500-entry feed takes about 60). */
const MAX_SWEEP_STEPS = 400;

/**
 * Every entry of the virtualised feed, read by scrolling it from the top to the bottom half a
 * viewport at a time (two animation frames per step, so the rows of each position render).
 * Ends at the bottom, following again.
 */
export async function sweepActivity(page: Page, panelId: number): Promise<SweptActivity> {
  return panelLocator(page, panelId).evaluate(
    async (root, { ids, maxSteps }) => {
      const feed = root.querySelector<HTMLElement>(ids.feed);
      if (!feed) {
        return { total: 0, entries: [] };
      }
      const frames = () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      const byPosition = new Map<number, ShownEntry>();
      let total = 0;
      for (let step = 0, top = 0; step < maxSteps; step++, top += Math.max(1, feed.clientHeight / 2)) {
        feed.scrollTop = top;
        await frames();
        for (const entry of Array.from(root.querySelectorAll(ids.entry))) {
          total = Number(entry.getAttribute('aria-setsize'));
          byPosition.set(Number(entry.getAttribute('aria-posinset')), {
            key: entry.getAttribute('data-key') ?? '',
            severity: entry.getAttribute('data-severity') ?? '',
            type: (entry.querySelector(ids.type)?.textContent ?? '').trim(),
            message: (entry.querySelector(ids.message)?.textContent ?? '').trim(),
          });
        }
        if (feed.scrollTop + feed.clientHeight >= feed.scrollHeight - 1) {
          break;
        }
      }
      // Back to the end; if entries arrived meanwhile, Resume follows again as a user would.
      feed.scrollTop = feed.scrollHeight;
      await frames();
      root.querySelector<HTMLElement>(ids.resume)?.click();
      const entries = Array.from(byPosition.entries())
        .filter(([position]) => position <= total)
        .sort(([a], [b]) => a - b)
        .map(([, entry]) => entry);
      return { total, entries };
    },
    {
      ids: {
        resume: byTestId(ACTIVITY_IDS.resume),
        feed: byTestId(ACTIVITY_IDS.feed),
        entry: byTestId(ACTIVITY_IDS.entry),
        type: byTestId(ACTIVITY_IDS.type),
        message: byTestId(ACTIVITY_IDS.message),
      },
      maxSteps: MAX_SWEEP_STEPS,
    }
  );
}

/**
 * Every symbol the positions table can show, read by scrolling it from top to bottom half a view
 * at a time (only the rows in view exist in the DOM), then back to the top.
 */
export async function positionsSymbolsByScrolling(page: Page, panelId: number): Promise<string[]> {
  return panelLocator(page, panelId).evaluate(
    async (root, { scroller, cell }) => {
      const element = root.querySelector<HTMLElement>(scroller);
      if (element === null) {
        return [];
      }
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const seen = new Set<string>();
      const step = Math.max(1, Math.floor(element.clientHeight / 2));
      for (let top = 0; ; top += step) {
        element.scrollTop = top;
        await nextFrame();
        root.querySelectorAll(cell).forEach((symbol) => seen.add((symbol.textContent ?? '').trim()));
        if (top >= element.scrollHeight - element.clientHeight) {
          break;
        }
      }
      element.scrollTop = 0;
      await nextFrame();
      return [...seen];
    },
    { scroller: byTestId(POSITIONS_IDS.panel), cell: byTestId(POSITIONS_IDS.cell('symbol')) }
  );
}
