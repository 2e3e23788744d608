/**
 * The Drills page's timeline, pure: which drills ran, which alerts the alert sink received while
 * each ran (or shortly after), and how long each alert took from the start of its drill. The sink
 * holds webhook bodies from Alertmanager or Grafana (both post `{status, alerts: [{status, labels,
 * startsAt}]}`); an entry that is not one is counted, never guessed at.
 */
import type { SinkNotification } from '../../datasource/control/drillControl';

export interface DrillRecord {
  name: string;
  /** Server clock, epoch ms. */
  startedAt: number;
  endsAt: number;
  /** When the page stopped it (server clock estimate), if it did. */
  stoppedAt?: number;
}

export interface SinkAlert {
  /** `labels.alertname` (Alertmanager and Grafana both set it). */
  name: string;
  status: 'firing' | 'resolved';
  receivedAt: number;
  labels: Record<string, string>;
}

export interface TimelineAlert extends SinkAlert {
  /** receivedAt − the drill's start: the alert latency a drill measures. */
  tookMs: number;
}

export interface TimelineEntry {
  drill: DrillRecord;
  /** The first notification of each alert (by name) for this drill, firing ones first in time. */
  alerts: TimelineAlert[];
}

export interface Timeline {
  /** Newest drill first. */
  entries: TimelineEntry[];
  /** Sink entries that were not webhook notifications. */
  unreadable: number;
}

/** How long after a drill ends an alert is still counted as its own (pending periods, group waits). */
export const ALERT_GRACE_MS = 2 * 60_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The alerts of one webhook body, or undefined when it is not a webhook notification. */
export function sinkAlerts(notification: SinkNotification): SinkAlert[] | undefined {
  const { body, receivedAt } = notification;
  if (!isRecord(body) || !Array.isArray(body.alerts)) {
    return undefined;
  }
  return body.alerts.flatMap((alert) => {
    if (!isRecord(alert) || !isRecord(alert.labels) || typeof alert.labels.alertname !== 'string') {
      return [];
    }
    const labels = Object.fromEntries(
      Object.entries(alert.labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    );
    const status = alert.status === 'resolved' ? 'resolved' : 'firing';
    return [{ name: labels.alertname, status, receivedAt, labels }];
  });
}

export function drillTimeline(drills: readonly DrillRecord[], notifications: readonly SinkNotification[]): Timeline {
  let unreadable = 0;
  const alerts: SinkAlert[] = [];
  for (const notification of notifications) {
    const read = sinkAlerts(notification);
    if (read === undefined) {
      unreadable += 1;
    } else {
      alerts.push(...read);
    }
  }
  const ordered = [...drills].sort((a, b) => a.startedAt - b.startedAt);
  const byDrill = new Map<DrillRecord, Map<string, TimelineAlert>>(ordered.map((drill) => [drill, new Map()]));
  for (const alert of [...alerts].sort((a, b) => a.receivedAt - b.receivedAt)) {
    // The latest drill that had started when the alert arrived, if it was still running (or just ended).
    const owner = [...ordered]
      .reverse()
      .find(
        (drill) =>
          drill.startedAt <= alert.receivedAt &&
          alert.receivedAt <= Math.min(drill.stoppedAt ?? drill.endsAt, drill.endsAt) + ALERT_GRACE_MS
      );
    const seen = owner && byDrill.get(owner);
    const key = `${alert.name}:${alert.status}`;
    if (seen && !seen.has(key)) {
      seen.set(key, { ...alert, tookMs: alert.receivedAt - owner.startedAt });
    }
  }
  return {
    entries: ordered.reverse().map((drill) => ({ drill, alerts: [...byDrill.get(drill)!.values()] })),
    unreadable,
  };
}

/** Drills the page started merged with those the server reports running (same name and start = same drill). */
export function mergeDrills(known: readonly DrillRecord[], active: readonly DrillRecord[]): DrillRecord[] {
  const merged = [...known];
  for (const drill of active) {
    if (!merged.some((entry) => entry.name === drill.name && entry.startedAt === drill.startedAt)) {
      merged.push(drill);
    }
  }
  return merged;
}
