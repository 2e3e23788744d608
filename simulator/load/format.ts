/**
 * Text for people: the once-a-second progress line and the end-of-run summary (stderr). The JSON
 * report is the machine-readable result; this is only its rendering.
 */
import type { HistogramSummary } from './histogram';
import type { LoadReport } from './report';

export interface ProgressLine {
  elapsedMs: number;
  durationMs: number;
  open: number;
  target: number;
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** p99 latency of the last second, ms; undefined when nothing was measured. */
  p99Ms?: number;
  gaps: number;
  errors: number;
  reconnects: number;
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) {
    return `${(bytes / 1e9).toFixed(2)} GB`;
  }
  if (bytes >= 1e6) {
    return `${(bytes / 1e6).toFixed(2)} MB`;
  }
  if (bytes >= 1e3) {
    return `${(bytes / 1e3).toFixed(1)} kB`;
  }
  return `${Math.round(bytes)} B`;
}

export function formatProgress(p: ProgressLine): string {
  const seconds = Math.floor(p.elapsedMs / 1000);
  const total = Math.round(p.durationMs / 1000);
  return [
    `[${String(seconds).padStart(String(total).length)}/${total}s]`,
    `clients ${p.open}/${p.target}`,
    `msgs ${int(p.messagesPerSecond)}/s`,
    `${formatBytes(p.bytesPerSecond)}/s`,
    `p99 ${p.p99Ms === undefined ? '-' : `${p.p99Ms.toFixed(2)}ms`}`,
    `gaps ${p.gaps}`,
    `errors ${p.errors}`,
    `reconnects ${p.reconnects}`,
  ].join('  ');
}

function histogramRow(name: string, h: HistogramSummary): string {
  if (h.count === 0) {
    return `  ${name.padEnd(16)} (no samples)`;
  }
  const f = (value: number) => `${value.toFixed(2)}`.padStart(9);
  return `  ${name.padEnd(16)}${int(h.count).padStart(12)}${f(h.p50Ms)}${f(h.p90Ms)}${f(h.p99Ms)}${f(h.p999Ms)}${f(h.maxMs)}`;
}

export function formatSummary(report: LoadReport): string {
  const t = report.totals;
  const errors = Object.entries(t.errors)
    .map(([code, count]) => `${code}=${count}`)
    .join(' ');
  const lines = [
    '',
    `mci-sim load: ${report.sources.length === 1 ? report.sources[0].url : `${report.sources.length} sources`} for ${report.durationSeconds.toFixed(1)} s`,
    `  connections      ${t.connected} opened of ${t.connectAttempts} attempts, ${t.connectFailures} failed, ${t.reconnects} reconnects, ${t.churned} churned`,
    `  messages         ${int(t.messages)} (${int(report.summary.messagesPerSecond)}/s), ${formatBytes(t.bytes)} (${formatBytes(report.summary.bytesPerSecond)}/s)`,
    `  gaps             ${t.gaps}${t.missedEvents > 0 ? ` (${t.missedEvents} events missed)` : ''}`,
    `  errors           ${errors === '' ? '0' : errors}`,
    `  unmeasured       ${int(t.unmeasured)} (snapshots, replays, no timestamp)${t.clockSkew > 0 ? `; ${t.clockSkew} samples below 0 (clock skew)` : ''}`,
    '',
    `  ${'ms'.padEnd(16)}${'count'.padStart(12)}${'p50'.padStart(9)}${'p90'.padStart(9)}${'p99'.padStart(9)}${'p99.9'.padStart(9)}${'max'.padStart(9)}`,
    histogramRow('connect+ack', report.summary.connect),
    histogramRow('subscribe', report.summary.subscribe),
    histogramRow('latency', report.summary.latency),
    ...Object.entries(report.summary.channels).map(
      ([channel, h]) =>
        `${histogramRow(`  ${channel}`, h)}   ${int(h.messagesPerSecond)} msg/s ${formatBytes(h.bytesPerSecond)}/s`
    ),
  ];
  if (report.thresholds.length > 0) {
    lines.push('', '  thresholds');
    for (const r of report.thresholds) {
      const actual = r.actual === null ? 'no data' : String(Math.round(r.actual * 1000) / 1000);
      lines.push(`    ${r.passed ? 'PASS' : 'FAIL'}  ${r.threshold}  (measured ${actual}, wanted ${r.expected})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The one-line verdict for a failed run: names every failed threshold. */
export function failedThresholdsMessage(report: LoadReport): string | undefined {
  const failed = report.thresholds.filter((r) => !r.passed);
  if (failed.length === 0) {
    return undefined;
  }
  return `mci-sim load: threshold failed: ${failed
    .map((r) => `${r.threshold} (measured ${r.actual === null ? 'no data' : Math.round(r.actual * 1000) / 1000})`)
    .join('; ')}`;
}
