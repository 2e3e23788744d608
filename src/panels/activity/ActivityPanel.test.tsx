import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createDataFrame, FieldType } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { panelProps, theme } from '../common/testing/panelProps';
import { givePanelViewport } from '../common/testing/panelViewport';
import { ActivityPanel } from './ActivityPanel';
import { plugin } from './module';
import { TEST_IDS } from './testIds';
import type { ActivityOptions } from './types';

const T0 = Date.UTC(2026, 0, 5, 9, 15, 0);

interface Activity {
  timestamp: number;
  id: string;
  type: string;
  severity: string;
  message: string;
  details: unknown;
}

const FEED: Activity[] = [
  {
    timestamp: T0,
    id: 'a1',
    type: 'order_placed',
    severity: 'info',
    message: 'Placed BUY 10 TCS',
    details: { orderId: 'ord-1', qty: 10 },
  },
  {
    timestamp: T0 + 1000,
    id: 'a2',
    type: 'order_filled',
    severity: 'info',
    message: 'Filled BUY 10 TCS',
    details: '{"orderId":"ord-1","price":3500}',
  },
  {
    timestamp: T0 + 2000,
    id: 'a3',
    type: 'system',
    severity: 'warning',
    message: 'Latency above 500 ms',
    details: null,
  },
  {
    timestamp: T0 + 3000,
    id: 'a4',
    type: 'error',
    severity: 'error',
    message: 'Order ord-9 rejected: insufficient funds',
    details: { orderId: 'ord-9' },
  },
];

function activityFrame(feed: Activity[]) {
  const column = <K extends keyof Activity>(name: K, type: FieldType) => ({
    name,
    type,
    values: feed.map((entry) => entry[name]),
  });
  return createDataFrame({
    name: 'activity',
    refId: 'A',
    meta: { preferredVisualisationType: 'logs' },
    fields: [
      column('timestamp', FieldType.time),
      column('id', FieldType.string),
      column('type', FieldType.string),
      column('severity', FieldType.string),
      column('message', FieldType.string),
      column('details', FieldType.other),
    ],
  });
}

const alertsFrame = () =>
  createDataFrame({
    name: 'alerts',
    refId: 'A',
    fields: [
      { name: 'timestamp', type: FieldType.time, values: [T0, T0 + 5000] },
      { name: 'id', type: FieldType.string, values: ['al-1', 'al-1'] },
      { name: 'service', type: FieldType.string, values: ['api', 'api'] },
      { name: 'metric', type: FieldType.string, values: ['cpu', 'cpu'] },
      { name: 'severity', type: FieldType.string, values: ['critical', 'critical'] },
      { name: 'state', type: FieldType.string, values: ['active', 'resolved'] },
      { name: 'message', type: FieldType.string, values: ['api cpu at 97% (threshold 90%)', 'api cpu back to normal'] },
      { name: 'value', type: FieldType.number, values: [97, 40] },
      { name: 'threshold', type: FieldType.number, values: [90, 90] },
    ],
  });

/** Re-renders with the options the panel asked for, as Grafana does on onOptionsChange. */
function renderPanel(feed: Activity[], options: Partial<ActivityOptions> = {}) {
  let frames = [activityFrame(feed)];
  let current = { ...(plugin.defaults as ActivityOptions), ...options };
  const element = () => <ActivityPanel {...panelProps(plugin, frames, current)} onOptionsChange={change} />;
  const change = (next: ActivityOptions) => {
    current = next;
    view.rerender(element());
  };
  const view = render(element());
  return {
    ...view,
    update: (next: Activity[]) => {
      frames = [activityFrame(next)];
      view.rerender(element());
    },
  };
}

const messages = () => screen.queryAllByTestId(TEST_IDS.message).map((element) => element.textContent);

/** `count` info entries a second apart, "Entry 0" oldest. */
const manyEntries = (count: number): Activity[] =>
  Array.from({ length: count }, (_unused, index) => ({
    ...FEED[0],
    id: `m${index}`,
    timestamp: T0 + index * 1000,
    message: `Entry ${index}`,
  }));

/** Lets the animation frames already requested run (the feed scrolls once per frame). */
const nextFrame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

const VIEWPORT_PX = 400;

/**
 * Gives the feed a browser's scroll geometry: a 400 px viewport over the list (whose height is
 * the virtualiser's total size), scrollTop clamped to what can scroll, and a scroll event for
 * every change; with `deferEvents`, the events wait for `deliver()`, as a busy browser's do.
 */
function scrollGeometry(feed: HTMLElement, { deferEvents = false } = {}) {
  const contentPx = () => parseFloat((feed.firstElementChild as HTMLElement).style.height);
  const endPx = () => Math.max(0, contentPx() - VIEWPORT_PX);
  let scrollTop = 0;
  let undelivered = 0;
  let writes = 0;
  const deliver = () => {
    for (; undelivered > 0; undelivered--) {
      fireEvent.scroll(feed);
    }
  };
  Object.defineProperty(feed, 'clientHeight', { configurable: true, get: () => VIEWPORT_PX });
  Object.defineProperty(feed, 'scrollTop', {
    configurable: true,
    get: () => scrollTop,
    set: (value: number) => {
      writes++;
      const next = Math.min(Math.max(0, value), endPx());
      if (next !== scrollTop) {
        scrollTop = next;
        undelivered++;
        if (!deferEvents) {
          deliver();
        }
      }
    },
  });
  return { scrollTop: () => scrollTop, endPx, deliver, writes: () => writes };
}

describe('ActivityPanel', () => {
  it('links an entry about an order to that order, from five minutes before the entry to one minute after', () => {
    locationService.push('/d/mci-telemetry/mci-telemetry?orgId=1&var-symbol=TCS');
    renderPanel(FEED);
    const links = screen.getAllByTestId(TEST_IDS.orderLink);
    const window = (at: number) => `from=${at - 300_000}&to=${at + 60_000}`;
    const base = '/d/mci-telemetry/mci-telemetry?orgId=1&var-symbol=';
    // Details given as an object or as JSON text; the entry about no order has no link.
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['ord-1', `${base}&${window(T0)}&var-order=ord-1`],
      ['ord-1', `${base}&${window(T0 + 1000)}&var-order=ord-1`],
      ['ord-9', `${base}&${window(T0 + 3000)}&var-order=ord-9`],
    ]);
    expect(within(screen.getAllByTestId(TEST_IDS.entry)[2]).queryByTestId(TEST_IDS.orderLink)).toBeNull();
    expect(links[2]).toHaveAttribute('title', 'Show order ord-9 in the orders panel');
  });

  givePanelViewport(VIEWPORT_PX);

  it('renders the feed oldest first with time, type, severity and message', () => {
    renderPanel([FEED[2], FEED[0], FEED[3], FEED[1]]);
    expect(messages()).toEqual(FEED.map((entry) => entry.message));
    const entry = screen.getAllByTestId(TEST_IDS.entry)[3];
    expect(within(entry).getByTestId(TEST_IDS.time)).toHaveTextContent('09:15:03');
    expect(within(entry).getByTestId(TEST_IDS.type)).toHaveTextContent('error');
    expect(within(entry).getByTestId(TEST_IDS.severity)).toHaveTextContent('Error');
  });

  it('colours each entry by severity from the theme', () => {
    renderPanel(FEED);
    const [info, , warning, error] = screen.getAllByTestId(TEST_IDS.severity);
    expect(info).toHaveStyle({ color: theme.colors.info.text });
    expect(warning).toHaveStyle({ color: theme.colors.warning.text });
    expect(error).toHaveStyle({ color: theme.colors.error.text });
    expect(screen.getAllByTestId(TEST_IDS.entry)[3]).toHaveStyle({ borderLeftColor: theme.colors.error.text });
  });

  it('expands details given as an object or as JSON text', async () => {
    renderPanel(FEED);
    const [first, second, third] = screen.getAllByTestId(TEST_IDS.entry);
    await userEvent.click(within(first).getByTestId(TEST_IDS.toggleDetails));
    expect(within(first).getByTestId(TEST_IDS.details)).toHaveTextContent('orderIdord-1qty10');
    await userEvent.click(within(second).getByTestId(TEST_IDS.toggleDetails));
    expect(within(second).getByTestId(TEST_IDS.details)).toHaveTextContent('price3500');
    expect(within(third).getByTestId(TEST_IDS.toggleDetails)).toBeDisabled();
    await userEvent.click(within(first).getByTestId(TEST_IDS.toggleDetails));
    expect(within(first).queryByTestId(TEST_IDS.details)).not.toBeInTheDocument();
  });

  it('filters by severity and type with the chips', async () => {
    renderPanel(FEED);
    await userEvent.click(within(screen.getByTestId(TEST_IDS.severityFilter)).getByRole('button', { name: /Warning/ }));
    expect(messages()).toEqual(['Latency above 500 ms']);
    await userEvent.click(within(screen.getByTestId(TEST_IDS.severityFilter)).getByRole('button', { name: /Warning/ }));
    await userEvent.click(
      within(screen.getByTestId(TEST_IDS.typeFilter)).getByRole('button', { name: /order_filled/ })
    );
    expect(messages()).toEqual(['Filled BUY 10 TCS']);
    expect(screen.getByTestId(TEST_IDS.summary)).toHaveTextContent('1 of 4 entries');
  });

  it('searches messages and details', async () => {
    renderPanel(FEED);
    const search = within(screen.getByTestId(TEST_IDS.panel)).getByPlaceholderText('Search messages and details');
    await userEvent.type(search, 'ord-9');
    expect(messages()).toEqual(['Order ord-9 rejected: insufficient funds']);
    await userEvent.clear(search);
    await userEvent.type(search, 'TCS');
    expect(messages()).toEqual(['Placed BUY 10 TCS', 'Filled BUY 10 TCS']);
    await userEvent.clear(search);
    await userEvent.type(search, 'no such thing');
    expect(screen.getByTestId(TEST_IDS.noMatch)).toBeInTheDocument();
  });

  it('keeps an entry expanded when the ring buffer drops older entries', async () => {
    const view = renderPanel(FEED);
    await userEvent.click(within(screen.getAllByTestId(TEST_IDS.entry)[1]).getByTestId(TEST_IDS.toggleDetails));
    view.update(FEED.slice(1));
    expect(within(screen.getAllByTestId(TEST_IDS.entry)[0]).getByTestId(TEST_IDS.details)).toHaveTextContent(
      'price3500'
    );
  });

  it('keeps only the newest entries up to the bound', () => {
    renderPanel(FEED, { maxEntries: 2 });
    expect(messages()).toEqual([FEED[2].message, FEED[3].message]);
    expect(screen.getByTestId(TEST_IDS.summary)).toHaveTextContent('2 of 4 entries');
  });

  it('renders only the entries in view, numbered within the whole feed', () => {
    renderPanel(manyEntries(200));
    const shown = screen.getAllByTestId(TEST_IDS.entry);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(40);
    expect(shown.map((entry) => entry.getAttribute('aria-setsize'))).toEqual(shown.map(() => '200'));
    const positions = shown.map((entry) => Number(entry.getAttribute('aria-posinset')));
    expect(positions).toEqual(positions.map((_unused, index) => positions[0] + index));
    expect(screen.getByTestId(TEST_IDS.summary)).toHaveTextContent('200 entries');
  });

  it('keeps its row elements when a busy feed replaces every entry in view', () => {
    const view = renderPanel(manyEntries(200));
    const before = screen.getAllByTestId(TEST_IDS.entry);
    expect(messages()).toContain('Entry 199');

    view.update(manyEntries(400).slice(200));
    const after = screen.getAllByTestId(TEST_IDS.entry);
    expect(messages()).toContain('Entry 399');
    expect(messages()).not.toContain('Entry 199');
    expect(after).toHaveLength(before.length);
    // The same elements show the new entries: nothing was unmounted and mounted again.
    expect(after.every((entry, index) => entry === before[index])).toBe(true);
  });

  it('keeps the focus on the toggle of an entry it expands', async () => {
    renderPanel(FEED);
    const toggle = within(screen.getAllByTestId(TEST_IDS.entry)[1]).getByTestId(TEST_IDS.toggleDetails);
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();
  });

  it("keeps a paused reader's focus with its entry while older entries are trimmed", async () => {
    const view = renderPanel(FEED);
    await act(async () => screen.getByTestId(TEST_IDS.follow).click());
    expect(screen.getByTestId(TEST_IDS.resume)).toBeInTheDocument();
    const row = screen.getAllByTestId(TEST_IDS.entry)[1];
    const message = within(row).getByTestId(TEST_IDS.message).textContent;
    const toggle = within(row).getByTestId(TEST_IDS.toggleDetails);
    await userEvent.click(toggle);
    expect(toggle).toHaveFocus();

    view.update(FEED.slice(1));
    // The focused element still shows the entry the reader chose, now first in the feed.
    expect(toggle).toHaveFocus();
    expect(within(screen.getAllByTestId(TEST_IDS.entry)[0]).getByTestId(TEST_IDS.message)).toHaveTextContent(
      message ?? ''
    );
    expect(screen.getAllByTestId(TEST_IDS.entry)[0]).toBe(row);
  });

  it('follows the tail, pauses when the user scrolls up, and resumes on the button', async () => {
    const view = renderPanel(manyEntries(5));
    const feed = screen.getByTestId(TEST_IDS.feed);
    const geometry = scrollGeometry(feed);

    view.update(manyEntries(60));
    await waitFor(() => expect(geometry.scrollTop()).toBe(geometry.endPx()));
    expect(geometry.endPx()).toBeGreaterThan(VIEWPORT_PX);
    expect(messages()).toContain('Entry 59');
    expect(messages()).not.toContain('Entry 0');
    expect(screen.getByTestId(TEST_IDS.follow)).toBeInTheDocument();

    act(() => {
      feed.scrollTop = 200;
    });
    expect(screen.getByTestId(TEST_IDS.resume)).toHaveTextContent('Resume');
    view.update(manyEntries(61));
    await nextFrame();
    expect(geometry.scrollTop()).toBe(200);
    expect(screen.getByTestId(TEST_IDS.resume)).toHaveTextContent('Resume (1 new)');
    expect(messages()).toContain('Entry 7');

    await act(async () => screen.getByTestId(TEST_IDS.resume).click());
    await waitFor(() => expect(geometry.scrollTop()).toBe(geometry.endPx()));
    expect(screen.getByTestId(TEST_IDS.follow)).toBeInTheDocument();
    expect(messages()).toContain('Entry 60');
  });

  it('scrolls a full feed that follows its tail only after it left the end', async () => {
    const view = renderPanel(manyEntries(5), { maxEntries: 50 });
    const feed = screen.getByTestId(TEST_IDS.feed);
    const geometry = scrollGeometry(feed);
    view.update(manyEntries(60));
    await waitFor(() => expect(geometry.scrollTop()).toBe(geometry.endPx()));
    const written = geometry.writes();

    // Full at 50 entries: new ones keep its height, and it is still at its end.
    view.update(manyEntries(61));
    await nextFrame();
    view.update(manyEntries(62));
    await nextFrame();
    expect(messages()).toContain('Entry 61');
    expect(geometry.writes()).toBe(written);

    // Nudged up a little (still following): the next entry scrolls it back to its end.
    act(() => {
      feed.scrollTop = geometry.endPx() - 10;
    });
    expect(screen.getByTestId(TEST_IDS.follow)).toBeInTheDocument();
    view.update(manyEntries(63));
    await waitFor(() => expect(geometry.scrollTop()).toBe(geometry.endPx()));
    expect(messages()).toContain('Entry 62');
  });

  it('keeps following when entries arrive between its scroll and the scroll event', async () => {
    const view = renderPanel(manyEntries(5));
    const feed = screen.getByTestId(TEST_IDS.feed);
    const geometry = scrollGeometry(feed, { deferEvents: true });
    view.update(manyEntries(60));
    await waitFor(() => expect(geometry.scrollTop()).toBe(geometry.endPx()));
    // Ten more entries land before the browser delivers the scroll event of that write.
    view.update(manyEntries(70));
    act(() => geometry.deliver());
    expect(screen.getByTestId(TEST_IDS.follow)).toBeInTheDocument();
    await waitFor(() => expect(geometry.scrollTop()).toBe(geometry.endPx()));
    act(() => geometry.deliver());
    expect(messages()).toContain('Entry 69');
    expect(screen.getByTestId(TEST_IDS.follow)).toBeInTheDocument();
  });

  it('renders the alerts frame: service and metric as the type, the state, and the other fields as details', async () => {
    render(<ActivityPanel {...panelProps(plugin, [alertsFrame()])} />);
    expect(messages()).toEqual(['api cpu at 97% (threshold 90%)', 'api cpu back to normal']);
    const [raised, resolved] = screen.getAllByTestId(TEST_IDS.entry);
    expect(within(raised).getByTestId(TEST_IDS.type)).toHaveTextContent('api cpu');
    expect(within(raised).getByTestId(TEST_IDS.severity)).toHaveTextContent('Critical');
    expect(within(resolved).getByTestId(TEST_IDS.state)).toHaveTextContent('resolved');
    await userEvent.click(within(raised).getByTestId(TEST_IDS.toggleDetails));
    expect(within(raised).getByTestId(TEST_IDS.details)).toHaveTextContent('value97threshold90');
  });

  it('reads a frame with only a time field and a message', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T0] },
        { name: 'message', type: FieldType.string, values: ['hello from TestData'] },
      ],
    });
    render(<ActivityPanel {...panelProps(plugin, [frame])} />);
    expect(messages()).toEqual(['hello from TestData']);
  });

  it('names the missing fields', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'level', type: FieldType.string, values: ['info'] },
        { name: 'msg', type: FieldType.string, values: ['x'] },
      ],
    });
    render(<ActivityPanel {...panelProps(plugin, [frame])} />);
    expect(screen.getByTestId(TEST_IDS.missingFields)).toHaveTextContent(
      'The data lacks the fields "timestamp", "message".'
    );
  });

  it('shows the empty state for an empty frame', () => {
    renderPanel([]);
    expect(screen.getByTestId(TEST_IDS.empty)).toHaveTextContent('No entries yet');
  });
});
