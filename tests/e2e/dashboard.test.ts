/**
 * The built plugins (dist/, unmodified) in Chromium, loaded by the test host the way Grafana
 * loads them, against the real simulator. One test bed (simulator, host server, browser) serves
 * every check in this file; the checks run in order and the outage check comes last but one.
 */
import { TEST_IDS } from '../host/src/testIds';
import { findDistPlugins } from '../host/hostServer';
import { DASHBOARD_PANELS, PANEL_IDS } from './support/dashboard';
import {
  ACTIVITY_IDS,
  ORDERS_IDS,
  POSITIONS_IDS,
  type ShownActivity,
  shownActivity,
  sweepActivity,
  shownNumber,
  type ShownOrders,
  shownOrders,
  positionsSymbolsByScrolling,
  shownPositionsColumn,
  type ShownSort,
} from './support/interactions';
import { type FrameRows, frameRows, panelLocator, panelNotices, waitFor } from './support/panels';
import { ARTIFACTS_DIR, capturePanelScreenshots, MAX_SCREENSHOT_BYTES } from './support/screenshots';
import { DIST_DIR, type OpenedPage, startTestBed, type TestBed } from './support/testBed';

const SETUP_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 60_000;

/** Relative luminance (0 black .. 1 white) of a CSS `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((channel) => Number(channel) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The promise to ops teams: data flows again within 2 s of the restarted server being ready. */
const RESUME_BUDGET_MS = 2000;
/** What the data source's health check says when nothing answers at its URL (its README). */
const HEALTH_FAILURE_WHEN_DOWN = /connect|reach|refused|down/i;

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
  it(
    'runs the plugins on the React and Grafana packages of the line under test (MCI_E2E_GRAFANA)',
    async () => {
      const status = dark.page.getByTestId(TEST_IDS.status);
      const { grafanaVersion, reactVersion } = bed.build.runtime;
      console.log(`Grafana line ${bed.build.runtime.line}: @grafana/* ${grafanaVersion}, React ${reactVersion}`);
      expect({
        grafana: await status.getAttribute('data-grafana-version'),
        react: await status.getAttribute('data-react-version'),
      }).toEqual({ grafana: grafanaVersion, react: reactVersion });
    },
    TEST_TIMEOUT_MS
  );

  it(
    'loads every plugin of dist/ through SystemJS as the class Grafana expects',
    async () => {
      const expected = findDistPlugins(DIST_DIR).map((plugin) => plugin.json.id);
      expect(expected.length).toBe(5);
      for (const id of expected) {
        const entry = dark.page.getByTestId(TEST_IDS.plugin(id));
        expect({ id, loaded: await entry.getAttribute('data-loaded'), text: await entry.textContent() }).toEqual({
          id,
          loaded: 'true',
          text: id,
        });
      }
    },
    TEST_TIMEOUT_MS
  );

  it(
    'renders every dashboard panel through the plugin, with no crash and no uncaught error',
    async () => {
      for (const panel of DASHBOARD_PANELS) {
        const container = dark.page.getByTestId(TEST_IDS.panel(panel.id));
        await container.waitFor();
        expect(await container.getByTestId(TEST_IDS.panelRenderError).count()).toBe(0);
        expect(await container.innerText()).toContain(panel.title);
      }
      expect(dark.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS
  );

  it.each(['light', 'dark'] as const)(
    'applies the %s theme of @grafana/data to the page',
    async (theme) => {
      const opened = theme === 'dark' ? dark : await bed.openPage({ theme });
      expect(await opened.page.getByTestId(TEST_IDS.status).getAttribute('data-theme')).toBe(theme);
      // Grafana's global styles paint the canvas: near white in light, near black in dark.
      const canvas = luminance(await opened.page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      expect(theme === 'light' ? canvas > 0.9 : canvas < 0.15).toBe(true);
      if (opened !== dark) {
        await opened.page.close();
      }
    },
    TEST_TIMEOUT_MS
  );
});

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

interface RestPosition {
  symbol: string;
  side: string;
  qty: number;
}

const positionKeys = (rows: Array<Partial<Record<'symbol' | 'side' | 'qty', unknown>>>) =>
  rows.map((row) => `${row.symbol} ${row.side} ${row.qty}`).sort();

/** Latest timestamp (epoch ms) in a column of frame rows, or 0. */
const latest = (rows: FrameRows, field: string) => rows.reduce((max, row) => Math.max(max, Number(row[field] ?? 0)), 0);

let healthChecksRun = 0;

/** Clicks "Test data source" and reads that run's result (never the previous one's). */
async function runHealthCheck(opened: OpenedPage): Promise<{ status: string | null; message: string }> {
  await opened.page.getByTestId(TEST_IDS.healthCheckButton).click();
  healthChecksRun += 1;
  const result = opened.page.locator(`[data-testid="${TEST_IDS.healthCheckResult}"][data-run="${healthChecksRun}"]`);
  await result.waitFor({ timeout: 30_000 });
  return { status: await result.getAttribute('data-status'), message: (await result.innerText()).trim() };
}

describe('the built plugins against the simulator', () => {
  it(
    'shows in the positions panel the same rows as GET /api/telemetry/positions',
    async () => {
      // Positions move as orders fill; compare at a moment when the REST read, the panel's frame and
      // the rows the table shows all agree. Only the rows in view are in the DOM, so the table's
      // rows are read by scrolling it through: every position must be reachable.
      const symbolsOf = (rows: Array<{ symbol?: unknown }>) =>
        JSON.stringify([...new Set(rows.map((row) => String(row.symbol)))].sort());
      await waitFor(
        'the positions table to show the rows of GET /api/telemetry/positions',
        30_000,
        async () => {
          const rest = await getJson<RestPosition[]>(`${bed.simulator.httpUrl}/api/telemetry/positions`);
          const framed = await frameRows(dark.page, PANEL_IDS.positions, 'positions');
          if (rest.length === 0 || JSON.stringify(positionKeys(rest)) !== JSON.stringify(positionKeys(framed))) {
            return undefined;
          }
          const shown = await positionsSymbolsByScrolling(dark.page, PANEL_IDS.positions);
          return symbolsOf(shown.map((symbol) => ({ symbol }))) === symbolsOf(rest) ? true : undefined;
        },
        async () =>
          JSON.stringify({
            frame: positionKeys(await frameRows(dark.page, PANEL_IDS.positions, 'positions')),
            table: await positionsSymbolsByScrolling(dark.page, PANEL_IDS.positions),
          }),
        { page: dark.page, panelId: PANEL_IDS.positions }
      );
    },
    TEST_TIMEOUT_MS
  );

  it(
    'changes the status of an order in the orders panel while it is open',
    async () => {
      const firstSeen = new Map<string, string>();
      const change = await waitFor(
        'an order shown in the orders panel to change status',
        45_000,
        async () => {
          for (const row of await frameRows(dark.page, PANEL_IDS.orders, 'orders')) {
            const id = String(row.id);
            const status = String(row.status);
            const before = firstSeen.get(id);
            if (before === undefined) {
              firstSeen.set(id, status);
            } else if (before !== status) {
              return { id, before, after: status };
            }
          }
          return undefined;
        },
        undefined,
        { page: dark.page, panelId: PANEL_IDS.orders }
      );
      expect(change.after).not.toBe(change.before);
      await waitFor(`the orders panel to show order ${change.id}`, 10_000, async () =>
        (await panelLocator(dark.page, PANEL_IDS.orders).innerText()).includes(change.id) ? true : undefined
      );
    },
    TEST_TIMEOUT_MS
  );

  it(
    'receives new entries in the activity feed',
    async () => {
      const before = latest(await frameRows(dark.page, PANEL_IDS.activity, 'activity'), 'timestamp');
      const entry = await waitFor(
        'a new activity entry',
        30_000,
        async () =>
          (await frameRows(dark.page, PANEL_IDS.activity, 'activity')).find((row) => Number(row.timestamp) > before),
        undefined,
        { page: dark.page, panelId: PANEL_IDS.activity }
      );
      await waitFor(`the activity panel to show "${entry.message}"`, 10_000, async () =>
        (await panelLocator(dark.page, PANEL_IDS.activity).innerText()).includes(String(entry.message))
          ? true
          : undefined
      );
    },
    TEST_TIMEOUT_MS
  );

  it(
    'shows an alert entry after a cpu-spike scenario starts (POST /api/sim/scenarios)',
    async () => {
      const startedAt = Date.now();
      const response = await fetch(`${bed.simulator.httpUrl}/api/sim/scenarios`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'cpu-spike', offset: '0s', duration: '2m' }),
      });
      expect(response.status).toBeLessThan(300);
      const alert = await waitFor(
        'a CPU alert in the alerts frame',
        45_000,
        async () =>
          (await frameRows(dark.page, PANEL_IDS.alerts, 'alerts')).find(
            (row) => Number(row.timestamp) >= startedAt - 1000 && /cpu/i.test(`${row.metric} ${row.message}`)
          ),
        async () => JSON.stringify((await frameRows(dark.page, PANEL_IDS.alerts, 'alerts')).slice(-3)),
        { page: dark.page, panelId: PANEL_IDS.alerts }
      );
      await waitFor(`the alerts panel to show "${alert.message}"`, 10_000, async () =>
        (await panelLocator(dark.page, PANEL_IDS.alerts).innerText()).includes(String(alert.message)) ? true : undefined
      );
      await fetch(`${bed.simulator.httpUrl}/api/sim/scenarios/cpu-spike`, { method: 'DELETE' });
    },
    TEST_TIMEOUT_MS
  );

  it(
    'reports success from the data source health check',
    async () => {
      expect(await runHealthCheck(dark)).toMatchObject({ status: 'success' });
    },
    TEST_TIMEOUT_MS
  );

  describe('panel interactions (sorting, filters and follow-tail)', () => {
    /** How far from the bottom of the feed still counts as following (the panel's AT_TAIL_PX). */
    const AT_TAIL_PX = 24;
    const INTERACTION_WAIT_MS = 30_000;

    /** Non-decreasing (ascending) or non-increasing (descending), nulls ("–") last either way. */
    function numbersOrdered(cells: string[], direction: 'ascending' | 'descending'): boolean {
      const numbers = cells.map(shownNumber);
      const firstNull = numbers.indexOf(null);
      const present = firstNull < 0 ? numbers : numbers.slice(0, firstNull);
      if (firstNull >= 0 && numbers.slice(firstNull).some((value) => value !== null)) {
        return false;
      }
      return present.every(
        (value, index) =>
          index === 0 || (direction === 'ascending' ? present[index - 1]! <= value! : present[index - 1]! >= value!)
      );
    }

    it.each([
      { column: 'qty', kind: 'number' },
      { column: 'symbol', kind: 'text' },
    ] as const)(
      'sorts the positions by the $column header: ascending, descending, then frame order again',
      async ({ column, kind }) => {
        const page = dark.page;
        const header = panelLocator(page, PANEL_IDS.positions)
          .getByTestId(POSITIONS_IDS.header(column))
          .getByRole('button');
        const read = () => shownPositionsColumn(page, PANEL_IDS.positions, column);
        await waitFor(
          'at least two positions to sort',
          INTERACTION_WAIT_MS,
          async () => ((await read()).cells.length >= 2 ? true : undefined),
          async () => JSON.stringify(await read()),
          { page, panelId: PANEL_IDS.positions }
        );
        const ordered = (shown: ShownSort, direction: 'ascending' | 'descending') =>
          kind === 'number'
            ? numbersOrdered(shown.cells, direction)
            : shown.textOrder.every((sign) => (direction === 'ascending' ? sign <= 0 : sign >= 0));

        for (const direction of ['ascending', 'descending'] as const) {
          await header.click();
          const shown = await waitFor(
            `the ${column} header to show ${direction} and the rows to be in ${direction} ${column} order`,
            10_000,
            async () => {
              const current = await read();
              return current.ariaSort === direction && ordered(current, direction) ? current : undefined;
            },
            async () => JSON.stringify(await read())
          );
          expect(shown.cells.length).toBeGreaterThanOrEqual(2);
        }
        // A third click goes back to the frame order (and leaves the table as the later checks expect).
        await header.click();
        await waitFor(`the ${column} header to show no sort`, 10_000, async () =>
          (await read()).ariaSort === 'none' ? true : undefined
        );
        expect(dark.errors).toEqual([]);
      },
      TEST_TIMEOUT_MS
    );

    it(
      'filters the orders by a status chip and by the side switch, then shows every order again',
      async () => {
        const page = dark.page;
        const panel = panelLocator(page, PANEL_IDS.orders);
        const read = () => shownOrders(page, PANEL_IDS.orders);
        const filledChip = panel.getByTestId(ORDERS_IDS.statusFilter).locator('button[data-value="filled"]');
        // Grafana's RadioButtonGroup lays the (transparent) radio input over its label: it takes the click.
        const sideOption = (label: string) =>
          panel.getByTestId(ORDERS_IDS.sideFilter).getByRole('radio', { name: label, exact: true });
        const lastSeen = async () => JSON.stringify(await read());
        const onlyRowsWhere = async (what: string, ok: (shown: ShownOrders) => boolean) =>
          waitFor(
            what,
            INTERACTION_WAIT_MS,
            async () => {
              const shown = await read();
              return shown.rows.length > 0 && ok(shown) ? shown : undefined;
            },
            lastSeen,
            { page, panelId: PANEL_IDS.orders }
          );

        await filledChip.click();
        const filled = await onlyRowsWhere(
          'the Filled chip pressed and only filled orders rendered',
          (shown) =>
            shown.pressed.filled === 'true' &&
            shown.rows.every((row) => row.status === 'filled' && row.statusText === 'Filled')
        );
        expect(filled.summary).toMatch(/^\d+ of \d+ orders$/);
        expect(Object.entries(filled.pressed).filter(([, pressed]) => pressed === 'true')).toEqual([
          ['filled', 'true'],
        ]);

        await sideOption('Buy').click();
        const filledBuys = await onlyRowsWhere(
          'the Buy side checked and only filled BUY orders rendered',
          (shown) => shown.side === 'Buy' && shown.rows.every((row) => row.side === 'BUY' && row.status === 'filled')
        );
        expect(filledBuys.pressed.filled).toBe('true');

        // Lift the status filter (the chip toggles): every side shown is still BUY.
        await filledChip.click();
        await onlyRowsWhere(
          'the Filled chip released and only BUY orders (any status) rendered',
          (shown) =>
            shown.pressed.filled === 'false' && shown.side === 'Buy' && shown.rows.every((row) => row.side === 'BUY')
        );

        // Back to All, so later checks (outage, screenshots) see every order.
        await sideOption('All').click();
        const all = await onlyRowsWhere(
          'the All side checked and the orders panel unfiltered',
          (shown) =>
            shown.side === 'All' &&
            Object.values(shown.pressed).every((pressed) => pressed === 'false') &&
            /^\d+ orders$/.test(shown.summary)
        );
        expect(all.noMatch).toBe(false);
        expect(dark.errors).toEqual([]);
      },
      TEST_TIMEOUT_MS
    );

    it(
      'narrows the activity feed by text search and by severity and type chips, then shows every entry again',
      async () => {
        const page = dark.page;
        const panel = panelLocator(page, PANEL_IDS.activity);
        const read = () => shownActivity(page, PANEL_IDS.activity);
        const lastSeen = async () => JSON.stringify(await read());
        const unfiltered = (shown: ShownActivity) =>
          /^\d+ entries$/.test(shown.summary) &&
          shown.severityChips.every((chip) => !chip.pressed) &&
          shown.typeChips.every((chip) => !chip.pressed);
        const summaryCounts = (summary: string) =>
          summary
            .match(/^(\d+) of (\d+) entries$/)
            ?.slice(1)
            .map(Number);
        const bounded = <T>(what: string, probe: () => Promise<T | undefined>) =>
          waitFor(what, INTERACTION_WAIT_MS, probe, lastSeen, { page, panelId: PANEL_IDS.activity });

        // Search: "order placed" is in the message of every placed order (type order_placed and the
        // details' kind order_placed have an underscore), so matches show it in their message line.
        const needle = 'order placed';
        await bounded('some entries that are not placed orders, to narrow', async () => {
          const shown = await read();
          return shown.entries.some((entry) => entry.message.toLowerCase().includes(needle)) &&
            shown.entries.some((entry) => !entry.message.toLowerCase().includes(needle))
            ? true
            : undefined;
        });
        const search = panel.getByTestId(ACTIVITY_IDS.search);
        await search.fill('Order placed');
        const searched = await bounded(`only entries containing "${needle}" in the feed`, async () => {
          const shown = await read();
          const counts = summaryCounts(shown.summary);
          return counts &&
            counts[0] > 0 &&
            counts[0] < counts[1] &&
            counts[0] === shown.total &&
            shown.entries.every((entry) => entry.message.toLowerCase().includes(needle))
            ? shown
            : undefined;
        });
        // The feed is virtualised: scroll through it to see every entry it holds match.
        const swept = await bounded(`every entry of the searched feed to contain "${needle}"`, async () => {
          const all = await sweepActivity(page, PANEL_IDS.activity);
          return all.entries.length === all.total &&
            all.total > 0 &&
            all.entries.every((entry) => entry.message.toLowerCase().includes(needle))
            ? all
            : undefined;
        });
        expect(swept.total).toBeGreaterThanOrEqual(searched.total);
        // Every such entry the panel was given is shown (the frame's messages, counted at this render).
        const inFrame = await bounded('the frame and the feed to agree on the matching entries', async () => {
          const rows = await frameRows(page, PANEL_IDS.activity, 'activity');
          const shown = await read();
          const matching = rows.filter((row) => String(row.message).toLowerCase().includes(needle)).length;
          return matching === shown.total ? matching : undefined;
        });
        expect(inFrame).toBeGreaterThanOrEqual(searched.total);
        await search.fill('');
        await bounded('the whole feed after clearing the search', async () =>
          unfiltered(await read()) ? true : undefined
        );

        // Chips: the rarest severity and the rarest type present, so the filter narrows when it can.
        for (const group of ['severity', 'type'] as const) {
          const filterId = group === 'severity' ? ACTIVITY_IDS.severityFilter : ACTIVITY_IDS.typeFilter;
          const before = await read();
          const chips = group === 'severity' ? before.severityChips : before.typeChips;
          expect(chips.length).toBeGreaterThan(0);
          const rarest = chips.reduce((min, chip) => (chip.count < min.count ? chip : min));
          const chip = panel.getByTestId(filterId).locator(`button[data-value="${rarest.value}"]`);
          await chip.click();
          await bounded(`only ${group} "${rarest.value}" entries in the feed, its chip pressed`, async () => {
            const shown = await read();
            const state = (group === 'severity' ? shown.severityChips : shown.typeChips).find(
              (candidate) => candidate.value === rarest.value
            );
            const counts = summaryCounts(shown.summary);
            return state?.pressed &&
              counts &&
              shown.entries.length > 0 &&
              shown.total === counts[0] &&
              shown.total === state.count &&
              shown.entries.every((entry) => (group === 'severity' ? entry.severity : entry.type) === rarest.value)
              ? true
              : undefined;
          });
          await chip.click();
          await bounded(`the whole feed after releasing the ${group} chip`, async () =>
            unfiltered(await read()) ? true : undefined
          );
        }
        expect(dark.errors).toEqual([]);
      },
      TEST_TIMEOUT_MS
    );

    it(
      'pauses following the activity feed when scrolled up, counts new entries, and follows again on Resume',
      async () => {
        const page = dark.page;
        const panel = panelLocator(page, PANEL_IDS.activity);
        const feed = panel.getByTestId(ACTIVITY_IDS.feed);
        const read = () => shownActivity(page, PANEL_IDS.activity);
        const lastSeen = async () => JSON.stringify(await read());
        const bounded = <T>(what: string, probe: () => Promise<T | undefined>) =>
          waitFor(what, INTERACTION_WAIT_MS, probe, lastSeen, { page, panelId: PANEL_IDS.activity });

        await bounded('a feed long enough to scroll, following at its end', async () => {
          const shown = await read();
          return shown.following && shown.scrollablePx > 4 * AT_TAIL_PX && shown.belowPx <= AT_TAIL_PX
            ? true
            : undefined;
        });

        // Scroll up with the mouse wheel, as a user does. A new entry landing in the same frame can
        // put the feed back at its end before the scroll is handled; then the user scrolls again.
        const paused = await bounded('the feed to pause (Resume shown) after scrolling to its top', async () => {
          const shown = await read();
          // At the very top, so what stays put is unambiguous (a wheel scroll may animate).
          if (!shown.following && shown.resumeText !== null && shown.scrollTop === 0 && shown.belowPx > AT_TAIL_PX) {
            return shown;
          }
          await feed.hover();
          await page.mouse.wheel(0, -shown.scrollablePx - 1000);
          return undefined;
        });
        expect(paused.resumeText).toMatch(/^Resume/);

        // New entries arrive below: the count shows on the button and what the user reads stays put.
        const counted = await bounded('"Resume (N new)" after new entries arrive while paused', async () => {
          const shown = await read();
          return /^Resume \(\d+ new\)$/.test(shown.resumeText ?? '') ? shown : undefined;
        });
        expect(counted.following).toBe(false);
        expect(counted.scrollTop).toBe(paused.scrollTop);
        expect(counted.belowPx).toBeGreaterThan(AT_TAIL_PX);

        await panel.getByTestId(ACTIVITY_IDS.resume).click();
        const resumed = await bounded('the feed following again, at its end, after Resume', async () => {
          const shown = await read();
          return shown.following && shown.resumeText === null && shown.belowPx <= AT_TAIL_PX ? shown : undefined;
        });
        // And it keeps following: the next entry is scrolled into view too.
        const tail = resumed.entries[resumed.entries.length - 1]?.key;
        await bounded('a newer entry, with the feed still at its end', async () => {
          const shown = await read();
          return shown.entries[shown.entries.length - 1]?.key !== tail && shown.following && shown.belowPx <= AT_TAIL_PX
            ? true
            : undefined;
        });
        expect(dark.errors).toEqual([]);
      },
      TEST_TIMEOUT_MS
    );
  });

  it('shows the reconnecting notice when the simulator stops, and resumes data within 2 s of a restart', async () => {
    await bed.stopSimulator();
    try {
      const notice = await waitFor(
        'a reconnecting notice on the orders panel',
        30_000,
        async () => (await panelNotices(dark.page, PANEL_IDS.orders)).find((text) => /reconnect/i.test(text)),
        async () => JSON.stringify(await panelNotices(dark.page, PANEL_IDS.orders))
      );
      expect(notice).toMatch(/reconnect/i);

      // The documented failure of the health check against a stopped server.
      const failed = await runHealthCheck(dark);
      expect(failed.status).toBe('error');
      expect(failed.message).toMatch(HEALTH_FAILURE_WHEN_DOWN);
    } finally {
      // The later checks need a server, whatever happened above.
      await bed.restartSimulator();
    }
    const readyAt = Date.now();
    const resumedAt = await waitFor(
      'orders from the restarted simulator in the orders panel',
      30_000,
      async () => {
        const rows = await frameRows(dark.page, PANEL_IDS.orders, 'orders');
        return latest(rows, 'createdAt') >= readyAt || latest(rows, 'updatedAt') >= readyAt ? Date.now() : undefined;
      },
      undefined,
      { page: dark.page, panelId: PANEL_IDS.orders }
    );
    console.log(`e2e: data resumed ${resumedAt - readyAt} ms after the restarted simulator was ready`);
    expect(resumedAt - readyAt).toBeLessThanOrEqual(RESUME_BUDGET_MS);
    expect(dark.errors).toEqual([]);
  }, 90_000);

  it.each(['light', 'dark'] as const)(
    'renders filled panels in the %s theme for the screenshots',
    async (theme) => {
      const opened = theme === 'dark' ? dark : await bed.openPage({ theme });
      const shots = await capturePanelScreenshots(opened, theme, ARTIFACTS_DIR);
      for (const shot of shots) {
        expect(shot.bytes).toBeGreaterThan(0);
        expect(shot.bytes).toBeLessThan(MAX_SCREENSHOT_BYTES);
      }
      expect(opened.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS
  );
});
