import React, { useCallback, useId, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type IconName, type PanelProps } from '@grafana/data';
import { Button, FilterInput, useStyles2, useTheme2 } from '@grafana/ui';
import type { Virtualizer } from '@tanstack/react-virtual';
import { byName, chooseFrame, type FieldRequirement, findTimeField } from '../common/frameFields';
import { missingFieldsText, PanelMessage } from '../common/PanelMessage';
import { type ChipOption, ToggleChips } from '../common/ToggleChips';
import { type ActivityEntry, activityEntries, countValues, filterEntries, reuseUnchanged } from './activityEntries';
import { entryOrder, orderUrl, type PanelLocation } from '../common/drillDownLinks';
import { usePanelLocation } from '../common/usePanelLocation';
import { ActivityEntryRow, ENTRY_HEIGHT_PX, type OrderLink } from './ActivityEntryRow';
import { IconSprite, spritePrefix } from './IconSprite';
import { KNOWN_SEVERITIES, SEVERITY_ICONS, severityStyle } from './severity';
import { TEST_IDS } from './testIds';
import { type ActivityFieldKey, type ActivityOptions, DEFAULT_OPTIONS, REQUIRED_ACTIVITY_FIELDS } from './types';
import { useFollowTail, useScrollToTail } from './useFollowTail';
import { useQuietVirtualizer } from './useQuietVirtualizer';

const REQUIREMENT: FieldRequirement<ActivityFieldKey> = {
  resolvers: {
    time: (frame) => findTimeField(frame, 'timestamp'),
    message: byName('message'),
    id: byName('id'),
    type: byName('type'),
    severity: byName('severity'),
    details: byName('details'),
    state: byName('state'),
    service: byName('service'),
    metric: byName('metric'),
  },
  required: REQUIRED_ACTIVITY_FIELDS,
};

/**
 * Entries rendered beyond the visible ones. Few: at a busy feed every rendered entry is replaced
 * with every repaint, so each extra one costs a render, a style and a layout per repaint.
 */
const OVERSCAN_ENTRIES = 2;
const ICONS: readonly IconName[] = ['angle-right', 'angle-down', ...SEVERITY_ICONS];

/**
 * An entry's height from the resize observer only. Without an observation (the row just mounted)
 * it keeps the size already known, so mounting a row never reads layout; the observer reports the
 * real height before the next paint.
 */
function observedHeight(
  element: Element,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, Element>
): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) {
    return Math.round(box.blockSize);
  }
  return instance.measurementsCache[Number(element.getAttribute('data-index'))]?.size ?? ENTRY_HEIGHT_PX;
}

/**
 * The entries of the frame, keeping the objects of entries that did not change since the last
 * frame (see reuseUnchanged). Derived during render from the previous render's state.
 */
function useStableEntries(entries: ActivityEntry[]): ActivityEntry[] {
  const [state, setState] = useState({ source: entries, stable: entries });
  if (state.source === entries) {
    return state.stable;
  }
  const next = { source: entries, stable: reuseUnchanged(state.stable, entries) };
  setState(next);
  return next.stable;
}

/** Each entry's order link, built once per entry and location (entries are stable objects). */
function orderLinks(location: PanelLocation): (entry: ActivityEntry) => OrderLink | undefined {
  const cache = new WeakMap<ActivityEntry, OrderLink | null>();
  return (entry) => {
    let link = cache.get(entry);
    if (link === undefined) {
      const order = entryOrder(entry.details);
      link =
        order && entry.time !== null ? { orderId: order.orderId, href: orderUrl(location, entry.time, order) } : null;
      cache.set(entry, link);
    }
    return link ?? undefined;
  };
}

const FIELD_NAMES: Partial<Record<ActivityFieldKey, string>> = { time: 'timestamp' };
const MISSING_HINT =
  'The activity panel needs a time field and a message per entry; type, severity and details are optional. Query the activity or alerts channel of the MCI data source, or give your frame fields with these names.';

export function ActivityPanel({
  data,
  options,
  onOptionsChange,
  width,
  height,
  timeZone,
}: PanelProps<ActivityOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const choice = useMemo(() => chooseFrame(data.series, REQUIREMENT), [data.series]);
  const frame = choice.kind === 'ok' ? choice.frame : undefined;
  const fields = choice.kind === 'ok' ? choice.fields : undefined;
  const severities = useMemo(() => options.severities ?? [], [options.severities]);
  const types = useMemo(() => options.types ?? [], [options.types]);
  const maxEntries = options.maxEntries ?? DEFAULT_OPTIONS.maxEntries;

  const entries = useStableEntries(
    useMemo(() => (frame && fields ? activityEntries(frame, fields) : []), [frame, fields])
  );
  const visible = useMemo(
    () => filterEntries(entries, { severities, types, search }, maxEntries),
    [entries, severities, types, search, maxEntries]
  );
  const location = usePanelLocation();
  const linkFor = useMemo(() => orderLinks(location), [location]);
  const tailKey = visible.length > 0 ? visible[visible.length - 1].key : undefined;
  const icons = spritePrefix(useId());
  const scroller = useRef<HTMLDivElement>(null);
  const follow = useFollowTail(scroller);
  const { following, onScroll, pause, resume } = follow;

  const virtualizer = useQuietVirtualizer<HTMLDivElement, Element>({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ENTRY_HEIGHT_PX,
    overscan: OVERSCAN_ENTRIES,
    // Heights are kept per entry (an expanded entry keeps its height as the feed moves).
    getItemKey: (index) => visible[index]?.key ?? index,
    measureElement: observedHeight,
    // While following, the rows are laid out for the end, where useScrollToTail scrolls.
    pinToEnd: following,
  });
  const contentPx = virtualizer.getTotalSize();
  const items = virtualizer.getVirtualItems();
  useScrollToTail(follow, tailKey, contentPx, virtualizer.scrollRect?.height ?? 0, visible.length > 0);

  // The tail when following stopped, to count what arrived since (state from the previous render).
  const [pausedTail, setPausedTail] = useState<string | undefined>(undefined);
  if (!following && pausedTail === undefined && tailKey !== undefined) {
    setPausedTail(tailKey);
  } else if (following && pausedTail !== undefined) {
    setPausedTail(undefined);
  }
  const pausedIndex = pausedTail === undefined ? -1 : visible.findIndex((entry) => entry.key === pausedTail);
  const newSincePause = pausedIndex >= 0 ? visible.length - 1 - pausedIndex : 0;

  const severityOptions = useMemo(() => {
    const counts = countValues(entries, (entry) => entry.severity);
    return [...new Set<string>([...KNOWN_SEVERITIES.filter((value) => counts.has(value)), ...counts.keys()])].map(
      (value): ChipOption => ({
        value,
        label: severityStyle(theme, value).label,
        count: counts.get(value),
        color: severityStyle(theme, value).color,
      })
    );
  }, [entries, theme]);
  const typeOptions = useMemo(
    () =>
      [...countValues(entries, (entry) => entry.type).entries()]
        .filter(([value]) => value !== '')
        .map(([value, count]): ChipOption => ({ value, label: value, count })),
    [entries]
  );
  // The toolbar's parts change with the filters, the chips also with the entries' counts, none
  // with scrolling (React skips an element it has seen before): a new entry re-renders the chips,
  // not the search box.
  const searchBox = useMemo(
    () => (
      <div className={styles.search}>
        <FilterInput
          placeholder="Search messages and details"
          value={search}
          onChange={setSearch}
          escapeRegex={false}
          data-testid={TEST_IDS.search}
        />
      </div>
    ),
    [search, styles]
  );
  const chips = useMemo(
    () => (
      <>
        <ToggleChips
          label="Filter by severity"
          options={severityOptions}
          selected={severities}
          onChange={(next) => onOptionsChange({ ...options, severities: next })}
          testId={TEST_IDS.severityFilter}
        />
        {typeOptions.length > 0 && (
          <ToggleChips
            label="Filter by type"
            options={typeOptions}
            selected={types}
            onChange={(next) => onOptionsChange({ ...options, types: next })}
            testId={TEST_IDS.typeFilter}
          />
        )}
      </>
    ),
    [options, onOptionsChange, severities, types, severityOptions, typeOptions]
  );
  const toolbar =
    options.showFilters === false ? null : (
      <div className={styles.toolbar}>
        {searchBox}
        {chips}
      </div>
    );

  const followButton = useMemo(
    () =>
      following ? (
        <Button
          size="sm"
          variant="secondary"
          fill="text"
          icon="pause"
          onClick={pause}
          data-testid={TEST_IDS.follow}
          tooltip="Stop scrolling to new entries"
        >
          Following
        </Button>
      ) : (
        <Button size="sm" variant="primary" icon="arrow-down" onClick={resume} data-testid={TEST_IDS.resume}>
          {newSincePause > 0 ? `Resume (${newSincePause} new)` : 'Resume'}
        </Button>
      ),
    [following, newSincePause, pause, resume]
  );

  const toggle = useCallback((key: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) {
        next.add(key);
      }
      return next;
    });
  }, []);

  if (choice.kind === 'missing') {
    const text = missingFieldsText(
      choice.missing.map((key) => FIELD_NAMES[key] ?? key),
      MISSING_HINT
    );
    return <PanelMessage testId={TEST_IDS.missingFields} kind="missing" {...text} />;
  }
  if (entries.length === 0) {
    return (
      <PanelMessage
        testId={TEST_IDS.empty}
        kind="empty"
        title="No entries yet."
        detail="The query returned no activity or alerts yet. New entries appear at the bottom of the feed as they happen."
      />
    );
  }

  const filtered = severities.length > 0 || types.length > 0 || search.trim() !== '';

  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid={TEST_IDS.panel}>
      {toolbar}
      <div className={styles.status}>
        <span data-testid={TEST_IDS.summary}>
          {filtered || visible.length < entries.length
            ? `${visible.length} of ${entries.length} entries`
            : `${entries.length} entries`}
        </span>
        {followButton}
      </div>
      {visible.length === 0 ? (
        <div className={styles.noMatch} data-testid={TEST_IDS.noMatch}>
          No entry matches the filters.
          <Button
            size="sm"
            variant="secondary"
            fill="outline"
            onClick={() => {
              setSearch('');
              onOptionsChange({ ...options, severities: [], types: [] });
            }}
          >
            Clear filters
          </Button>
        </div>
      ) : (
        <div ref={scroller} className={styles.feed} onScroll={onScroll} data-testid={TEST_IDS.feed}>
          <ul
            className={styles.list}
            style={{ height: contentPx }}
            aria-label="Activity feed, newest last"
            aria-live={following ? 'polite' : 'off'}
          >
            {items.map((item) => {
              const entry = visible[item.index];
              return (
                <ActivityEntryRow
                  // Following, by place among the rendered rows: when entries arrive faster than
                  // the feed repaints, every entry in view is new at each repaint, and rows keyed
                  // by entry were all unmounted and mounted again (new DOM, style and layout
                  // objects, a resize observation each); by place they change their text.
                  // Paused, by entry: the reader's rows, and the focus in them, stay with their
                  // entries while new ones arrive or old ones are trimmed.
                  key={following ? `place-${item.index - items[0].index}` : entry.key}
                  entry={entry}
                  expanded={expanded.has(entry.key)}
                  onToggle={toggle}
                  timeZone={timeZone}
                  index={item.index}
                  count={visible.length}
                  start={item.start}
                  measureRef={virtualizer.measureElement}
                  icons={icons}
                  orderLink={linkFor(entry)}
                />
              );
            })}
          </ul>
        </div>
      )}
      <IconSprite prefix={icons} names={ICONS} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    // Sized by the panel, never by its content: what changes inside is laid out and painted
    // without touching the rest of the dashboard.
    contain: 'strict',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  toolbar: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1) }),
  search: css({ flex: '0 1 260px', minWidth: 160 }),
  status: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    color: theme.colors.text.secondary,
  }),
  // A flex item, so not a relayout boundary by itself: containment makes it one.
  feed: css({ flex: 1, minHeight: 0, overflowY: 'auto', contain: 'strict' }),
  list: css({ position: 'relative', margin: 0, padding: 0 }),
  noMatch: css({
    display: 'flex',
    flex: 1,
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
  }),
});
