import React, { memo } from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { Badge, useStyles2, useTheme2 } from '@grafana/ui';
import type { ActivityEntry } from './activityEntries';
import { detailLines } from './detailLines';
import { SpriteIcon } from './IconSprite';
import { severityStyle } from './severity';
import { TEST_IDS } from './testIds';

/**
 * A collapsed entry: one 24 px line, its padding and its border, fixed by its style, so every
 * collapsed entry has the height the virtualiser assumes without measuring it.
 */
export const ENTRY_HEIGHT_PX = 29;

/** The order an entry is about and its drill-down link on the dashboard. */
export interface OrderLink {
  orderId: string;
  href: string;
}

interface ContentProps {
  entry: ActivityEntry;
  expanded: boolean;
  onToggle: (key: string) => void;
  timeZone?: TimeZone;
  /** Id prefix of the panel's icon sprite. */
  icons: string;
  orderLink?: OrderLink;
}

interface Props extends ContentProps {
  /** Position in the (filtered) feed, from 0, and the feed's length. */
  index: number;
  count: number;
  /** Offset from the top of the feed, in px (the virtualiser's layout). */
  start: number;
  /**
   * Reports the row's element so the virtualiser observes its height: a row's element stays
   * while it shows other entries, so it is observed once and reports only when its height
   * changes (an entry expanded or collapsed, or a row showing an expanded entry).
   */
  measureRef: (element: HTMLLIElement | null) => void;
}

/**
 * What an entry shows: time, severity icon and colour, type, message; details expand below it.
 * Re-renders only when the entry itself, its expansion or the panel's look changes, not when
 * the feed around it grows or shifts.
 */
const EntryContent = memo(function EntryContent({
  entry,
  expanded,
  onToggle,
  timeZone,
  icons,
  orderLink,
}: ContentProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const severity = severityStyle(theme, entry.severity);
  const hasDetails = entry.details !== null;
  return (
    <>
      <div className={styles.line}>
        <button
          type="button"
          className={cx(styles.toggle, !hasDetails && styles.hidden)}
          aria-expanded={hasDetails ? expanded : undefined}
          aria-label={expanded ? 'Hide details' : 'Show details'}
          disabled={!hasDetails}
          onClick={() => onToggle(entry.key)}
          data-testid={TEST_IDS.toggleDetails}
        >
          <SpriteIcon prefix={icons} name={expanded ? 'angle-down' : 'angle-right'} />
        </button>
        <span
          className={styles.time}
          data-testid={TEST_IDS.time}
          title={entry.time === null ? undefined : dateTimeFormat(entry.time, { timeZone })}
        >
          {entry.time === null ? '–' : dateTimeFormat(entry.time, { timeZone, format: 'HH:mm:ss' })}
        </span>
        <span
          className={styles.severity}
          style={{ color: severity.color }}
          data-testid={TEST_IDS.severity}
          title={severity.label}
        >
          <SpriteIcon prefix={icons} name={severity.icon} />
          <span className={styles.severityLabel}>{severity.label}</span>
        </span>
        {entry.type && (
          <span className={styles.type} data-testid={TEST_IDS.type}>
            {entry.type}
          </span>
        )}
        {entry.state && (
          <span data-testid={TEST_IDS.state}>
            <Badge
              text={entry.state}
              color={entry.state === 'resolved' ? 'green' : entry.state === 'active' ? 'orange' : 'darkgrey'}
            />
          </span>
        )}
        <span className={styles.message} data-testid={TEST_IDS.message}>
          {entry.message}
        </span>
        {orderLink && (
          <a
            className={styles.orderLink}
            href={orderLink.href}
            title={`Show order ${orderLink.orderId} in the orders panel`}
            data-testid={TEST_IDS.orderLink}
          >
            {orderLink.orderId}
          </a>
        )}
      </div>
      {expanded && entry.details && (
        <dl className={styles.details} data-testid={TEST_IDS.details}>
          {detailLines(entry.details).map((line, index) => (
            <React.Fragment key={index}>
              <dt style={line.depth > 0 ? { paddingLeft: `${line.depth}em` } : undefined}>{line.key}</dt>
              <dd>{line.text}</dd>
            </React.Fragment>
          ))}
        </dl>
      )}
    </>
  );
});

/**
 * One feed line, positioned by the virtualiser. Its place in the feed (index, count, offset)
 * changes as entries arrive and leave; its content re-renders only when it shows another entry.
 */
export const ActivityEntryRow = memo(function ActivityEntryRow({ index, count, start, measureRef, ...content }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { entry } = content;
  return (
    <li
      ref={measureRef}
      className={cx(styles.entry, !content.expanded && styles.collapsed)}
      style={{ borderLeftColor: severityStyle(theme, entry.severity).color, transform: `translateY(${start}px)` }}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={count}
      data-testid={TEST_IDS.entry}
      data-severity={entry.severity}
      data-key={entry.key}
    >
      <EntryContent {...content} />
    </li>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  entry: css({
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    boxSizing: 'border-box',
    listStyle: 'none',
    borderLeft: '3px solid',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    padding: theme.spacing(0.25, 1, 0.25, 0.5),
    '&:hover': { background: theme.colors.action.hover },
  }),
  // The height the virtualiser assumes for a collapsed entry (ENTRY_HEIGHT_PX), without
  // measuring it; strict containment makes the row its own layout root, so a row that shows a
  // new entry is laid out alone.
  collapsed: css({ height: ENTRY_HEIGHT_PX, overflow: 'hidden', contain: 'strict' }),
  line: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minHeight: 24, minWidth: 0 }),
  toggle: css({
    display: 'inline-flex',
    padding: 0,
    border: 'none',
    background: 'none',
    color: theme.colors.text.secondary,
    cursor: 'pointer',
    '&:hover': { color: theme.colors.text.primary },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  hidden: css({ visibility: 'hidden' }),
  time: css({ flex: '0 0 auto', color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
  severity: css({
    flex: '0 0 88px',
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  severityLabel: css({ fontSize: theme.typography.bodySmall.fontSize }),
  type: css({
    flex: '0 0 auto',
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  message: css({
    flex: 1,
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.primary,
  }),
  orderLink: css({
    flex: '0 0 auto',
    color: theme.colors.text.link,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    textDecoration: 'underline',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  details: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
    margin: theme.spacing(0.5, 0, 0.5, 4),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    '& dt': { color: theme.colors.text.secondary },
    '& dd': { margin: 0, color: theme.colors.text.primary, wordBreak: 'break-word' },
  }),
});
