/** How the Status page words and colours what it shows. Pure. */
import type { ConnectionState } from '../../client';

/** Badge colours of @grafana/ui by connection state: green only while events flow. */
export const STATE_COLORS: Record<ConnectionState, 'green' | 'blue' | 'orange' | 'red'> = {
  streaming: 'green',
  subscribed: 'green',
  connected: 'blue',
  connecting: 'blue',
  reconnecting: 'orange',
  disconnected: 'red',
};

/** "0.8 s ago", "12 s ago", "4 min ago", "3 h ago"; "never" without an event. */
export function formatAge(ageMs: number | undefined): string {
  if (ageMs === undefined) {
    return 'never';
  }
  const ms = Math.max(0, ageMs);
  if (ms < 10_000) {
    return `${(ms / 1000).toFixed(1)} s ago`;
  }
  if (ms < 120_000) {
    return `${Math.round(ms / 1000)} s ago`;
  }
  if (ms < 2 * 3_600_000) {
    return `${Math.round(ms / 60_000)} min ago`;
  }
  return `${Math.round(ms / 3_600_000)} h ago`;
}

/** Events per second with a precision that suits the size. */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) {
    return '0';
  }
  return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}

/** A duration in ms as "850 ms" or "4.2 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
