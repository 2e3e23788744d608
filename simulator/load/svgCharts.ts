/**
 * The two chart shapes the HTML report needs, as inline SVG strings built from numbers: a line
 * chart over time and a horizontal bar chart. No library and nothing fetched, so the report is
 * one file that opens anywhere. Every label goes through `escapeHtml`.
 */

export interface Series {
  name: string;
  color: string;
  /** [x, y] in data units; x is seconds since the start. */
  points: Array<[number, number]>;
}

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 16, right: 16, bottom: 28, left: 64 };
const BAR_HEIGHT = 22;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A short number for an axis or a bar: 1,234 / 12.3k / 4.56M; up to 3 decimals below 10. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) {
    return `${(value / 1e6).toFixed(2)}M`;
  }
  if (abs >= 1e4) {
    return `${(value / 1e3).toFixed(1)}k`;
  }
  if (abs >= 10 || Number.isInteger(value)) {
    return Math.round(value).toLocaleString('en-US');
  }
  return String(Math.round(value * 1000) / 1000);
}

/** A line chart of one or more series sharing the axes; `unit` labels the y axis. */
export function lineChart(title: string, unit: string, series: Series[]): string {
  const all = series.flatMap((s) => s.points);
  const head = `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>`;
  if (all.length === 0) {
    return `${head}<p class="empty">No samples.</p></figure>`;
  }
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxY = niceCeiling(Math.max(...all.map(([, y]) => y)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / maxX) * plotW;
  const py = (y: number) => MARGIN.top + plotH - (maxY === 0 ? 0 : (y / maxY) * plotH);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const y = py(maxY * f);
      return (
        `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}"/>` +
        `<text class="tick" x="${MARGIN.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeHtml(formatNumber(maxY * f))}</text>`
      );
    })
    .join('');
  const xTicks = [0, 0.5, 1]
    .map(
      (f) =>
        `<text class="tick" x="${px(maxX * f).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(formatNumber(Math.round(maxX * f)))} s</text>`
    )
    .join('');
  const lines = series
    .filter((s) => s.points.length > 0)
    .map(
      (s) =>
        `<polyline class="series" data-series="${escapeHtml(s.name)}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5" points="${s.points
          .map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`)
          .join(' ')}"/>`
    )
    .join('');
  const legend = series
    .map((s) => `<span class="key"><i style="background:${escapeHtml(s.color)}"></i>${escapeHtml(s.name)}</span>`)
    .join('');
  return (
    `${head}<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text class="unit" x="4" y="12">${escapeHtml(unit)}</text>${grid}${xTicks}${lines}</svg>` +
    `<div class="legend">${legend}</div></figure>`
  );
}

/** Horizontal bars with their value written next to each. */
export function barChart(title: string, bars: Bar[]): string {
  const head = `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>`;
  if (bars.length === 0) {
    return `${head}<p class="empty">None.</p></figure>`;
  }
  const labelW = 160;
  const plotW = WIDTH - labelW - 80;
  const height = bars.length * (BAR_HEIGHT + 6) + 8;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rows = bars
    .map((bar, index) => {
      const y = 4 + index * (BAR_HEIGHT + 6);
      const w = (bar.value / max) * plotW;
      return (
        `<text class="label" x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
        `<rect class="bar" x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${escapeHtml(bar.color ?? '#3274d9')}"/>` +
        `<text class="value" x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(formatNumber(bar.value))}</text>`
      );
    })
    .join('');
  return `${head}<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${rows}</svg></figure>`;
}

/** 1, 2 or 5 times a power of ten, at or above `value`: round axis tops. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) {
    return 0;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}
