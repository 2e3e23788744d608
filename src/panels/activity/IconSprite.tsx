/**
 * Icons for feed rows without an SVG parsed per row. Grafana's `Icon` fetches its SVG once but
 * parses it into new DOM on every mount (react-inlinesvg), and a feed mounts rows as entries
 * arrive; at thousands of entries a second that parsing was a large share of the main thread.
 * The panel renders each icon it uses once, visually hidden, with an id; rows draw it with
 * `<use>`, which clones the already-parsed element.
 */
import React from 'react';
import { css } from '@emotion/css';
import type { IconName } from '@grafana/data';
import { Icon } from '@grafana/ui';

const ICON_SIZE_PX = 16;

const hidden = css({ position: 'absolute', width: 0, height: 0, overflow: 'hidden', pointerEvents: 'none' });
const drawn = css({ display: 'inline-block', flexShrink: 0, fill: 'currentColor', verticalAlign: 'middle' });

/** The element id of icon `name` in the sprite with this prefix (one prefix per panel). */
export function spriteIconId(prefix: string, name: IconName): string {
  return `${prefix}-${name}`;
}

/** An id prefix safe in a URL fragment, from React's `useId` (which may contain other characters). */
export function spritePrefix(reactId: string): string {
  return `mci-icons-${reactId.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

/** Each icon once, hidden, for `SpriteIcon` to draw. */
export function IconSprite({ prefix, names }: { prefix: string; names: readonly IconName[] }) {
  return (
    <div className={hidden} aria-hidden="true">
      {names.map((name) => (
        <Icon key={name} name={name} id={spriteIconId(prefix, name)} />
      ))}
    </div>
  );
}

/** One icon of the sprite, in the current text colour. */
export function SpriteIcon({ prefix, name, className }: { prefix: string; name: IconName; className?: string }) {
  return (
    <svg
      className={className ? `${drawn} ${className}` : drawn}
      width={ICON_SIZE_PX}
      height={ICON_SIZE_PX}
      aria-hidden="true"
      focusable="false"
      data-icon={name}
    >
      <use href={`#${spriteIconId(prefix, name)}`} />
    </svg>
  );
}
