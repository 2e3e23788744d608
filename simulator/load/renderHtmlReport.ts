/**
 * `mci-sim load report run.json --html report.html`: one self-contained HTML page from a load
 * report: the verdict and thresholds, the totals, percentiles per histogram and channel, and
 * inline SVG charts of latency percentiles, throughput and connections over time, and of gaps and
 * errors per channel and code. No script, stylesheet, font or image is fetched; every text from
 * the report is escaped. Pure: report in, HTML out.
 */
import { decodeHistogram, statMs, type HistogramSummary } from './histogram';
import { formatBytes } from './format';
import type { LoadReport } from './report';
import { barChart, escapeHtml, formatNumber, lineChart, type Series } from './svgCharts';

const COLORS = { p50: '#73bf69', p90: '#fade2a', p99: '#f2495c', max: '#8f3bb8', rate: '#3274d9', open: '#ff9830' };

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:780px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eaeef2;text-align:right}
th:first-child,td:first-child{text-align:left}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
.verdict{font-size:16px}.chart{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font:11px system-ui,sans-serif;fill:#57606a}.grid{stroke:#eaeef2}.legend{font-size:12px}
.key{margin-right:14px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.empty{color:#57606a;font-style:italic}code{font-size:13px}
`;

export function renderHtmlReport(report: LoadReport, title = 'mci-sim load report'): string {
  const t = report.totals;
  const errors = Object.values(t.errors).reduce((a, b) => a + b, 0);
  const sections = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="verdict">${verdict(report)} · ${escapeHtml(new Date(report.startedAt).toISOString())} · ${escapeHtml(
      report.durationSeconds.toFixed(1)
    )} s</p>`,
    sourcesTable(report),
    '<h2>Thresholds</h2>',
    thresholdsTable(report),
    '<h2>Totals</h2>',
    table(
      ['measure', 'value'],
      [
        ['connections opened / attempts', `${t.connected} / ${t.connectAttempts}`],
        ['connect failures', String(t.connectFailures)],
        ['reconnects', String(t.reconnects)],
        ['churned', String(t.churned)],
        ['messages', `${formatNumber(t.messages)} (${formatNumber(report.summary.messagesPerSecond)}/s)`],
        ['bytes', `${formatBytes(t.bytes)} (${formatBytes(report.summary.bytesPerSecond)}/s)`],
        ['gaps (events missed)', `${t.gaps} (${t.missedEvents})`],
        ['errors', String(errors)],
        ['unmeasured', String(t.unmeasured)],
        ['clock skew samples', String(t.clockSkew)],
      ]
    ),
    '<h2>Latency and connection times (ms)</h2>',
    percentileTable(report),
    '<h2>Over time</h2>',
    ...timelineCharts(report),
    '<h2>Gaps and errors</h2>',
    barChart(
      'Gaps per channel',
      Object.entries(report.channels).map(([channel, c]) => ({ label: channel, value: c.gaps, color: '#f2495c' }))
    ),
    barChart(
      'Errors per code',
      Object.entries(t.errors).map(([code, count]) => ({ label: code, value: count, color: '#cf222e' }))
    ),
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}

function verdict(report: LoadReport): string {
  if (report.thresholds.length === 0) {
    return 'No thresholds';
  }
  const failed = report.thresholds.filter((r) => !r.passed).length;
  return report.passed
    ? `<span class="pass">PASS</span>: all ${report.thresholds.length} thresholds met`
    : `<span class="fail">FAIL</span>: ${failed} of ${report.thresholds.length} thresholds failed`;
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function sourcesTable(report: LoadReport): string {
  return table(
    ['source', 'clients', 'workers', 'channels', 'batch ms', 'reading', 'duration'],
    report.sources.map((s) => [
      `${s.host} → ${s.url}`,
      String(s.clients),
      String(s.workers),
      s.channels.join(', '),
      String(s.batchMs),
      s.validate === true ? 'validated' : 'envelope',
      `${(s.durationMs / 1000).toFixed(0)} s`,
    ])
  );
}

function thresholdsTable(report: LoadReport): string {
  if (report.thresholds.length === 0) {
    return '<p class="empty">None given (mci-sim load --threshold).</p>';
  }
  const rows = report.thresholds
    .map(
      (r) =>
        `<tr><td class="${r.passed ? 'pass' : 'fail'}">${r.passed ? 'PASS' : 'FAIL'}</td><td><code>${escapeHtml(
          r.threshold
        )}</code></td><td>${escapeHtml(r.actual === null ? 'no data' : formatNumber(r.actual))}</td><td>${escapeHtml(
          r.expected
        )}</td></tr>`
    )
    .join('');
  return `<table><thead><tr><th>verdict</th><th>threshold</th><th>measured</th><th>wanted</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function percentileTable(report: LoadReport): string {
  const row = (name: string, h: HistogramSummary) => [
    name,
    formatNumber(h.count),
    ...[h.p50Ms, h.p90Ms, h.p99Ms, h.p999Ms, h.maxMs].map((value) => value.toFixed(2)),
  ];
  return table(
    ['', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'],
    [
      row('connect+ack', report.summary.connect),
      row('subscribe', report.summary.subscribe),
      row('latency', report.summary.latency),
      ...Object.entries(report.summary.channels).map(([channel, h]) => row(`latency ${channel}`, h)),
    ]
  );
}

function timelineCharts(report: LoadReport): string[] {
  const points = report.timeline ?? [];
  if (points.length === 0) {
    return ['<p class="empty">This report has no timeline (written by an older mci-sim).</p>'];
  }
  const x = (at: number) => Math.max(0, (at - report.startedAt) / 1000);
  const latency: Series[] = (['p50', 'p90', 'p99', 'max'] as const).map((stat) => ({
    name: stat,
    color: COLORS[stat],
    points: [],
  }));
  for (const point of points) {
    const histogram = decodeHistogram(point.latency, 'timeline');
    latency.forEach((series) => {
      const value =
        series.name === 'max' ? statMs(histogram, 'max') : statMs(histogram, series.name, Number(series.name.slice(1)));
      if (value !== undefined) {
        series.points.push([x(point.at), value]);
      }
    });
  }
  const line = (name: string, color: string, value: (p: (typeof points)[number]) => number): Series => ({
    name,
    color,
    points: points.map((p) => [x(p.at), value(p)]),
  });
  return [
    lineChart('Latency percentiles per second', 'ms', latency),
    lineChart('Throughput', 'events/s', [line('events/s', COLORS.rate, (p) => p.messages)]),
    lineChart('Connections open', 'connections', [line('open', COLORS.open, (p) => p.open)]),
    lineChart('Gaps and errors per second', 'count', [
      line('gaps', '#f2495c', (p) => p.gaps),
      line('errors', '#8f3bb8', (p) => p.errors),
    ]),
  ];
}
