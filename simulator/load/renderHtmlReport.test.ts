import { createHistogram, encodeHistogram, recordMs } from './histogram';
import { renderHtmlReport } from './renderHtmlReport';
import { buildReport, emptyTotals, type Measurements, type TimelinePoint } from './report';
import { parseThreshold } from './thresholds';

const START = 1_700_000_000_000;

/** A 3-second run on two channels, with one gap, two errors and two thresholds (one failing). */
function fixture(host = 'bench-1'): Measurements {
  const latency = createHistogram();
  const orders = createHistogram();
  const market = createHistogram();
  [1, 2, 3, 40].forEach((ms) => {
    recordMs(latency, ms);
    recordMs(orders, ms);
  });
  recordMs(market, 7);
  recordMs(latency, 7);
  const timeline: TimelinePoint[] = [1, 2, 3].map((second) => {
    const interval = createHistogram();
    recordMs(interval, second * 10);
    return {
      at: START + second * 1000,
      messages: 1000 * second,
      bytes: 300_000 * second,
      open: 4,
      gaps: second === 2 ? 1 : 0,
      errors: second === 3 ? 2 : 0,
      latency: encodeHistogram(interval),
    };
  });
  return {
    sources: [
      {
        host,
        url: 'ws://127.0.0.1:8080/telemetry',
        clients: 4,
        workers: 1,
        channels: ['orders', 'market'],
        batchMs: 0,
        churnPerSecond: 0,
        rampMs: 0,
        durationMs: 3000,
        startedAt: START,
        endedAt: START + 3000,
      },
    ],
    startedAt: START,
    endedAt: START + 3000,
    totals: {
      ...emptyTotals(),
      connectAttempts: 4,
      connected: 4,
      messages: 6000,
      bytes: 1_800_000,
      gaps: 1,
      missedEvents: 3,
      errors: { RATE_LIMITED: 2 },
    },
    channels: new Map([
      ['orders', { messages: 5000, bytes: 1_500_000, gaps: 1, latency: orders }],
      ['market', { messages: 1000, bytes: 300_000, gaps: 0, latency: market }],
    ]),
    histograms: { latency, connect: createHistogram(), subscribe: createHistogram() },
    timeline,
  };
}

const render = (host?: string) =>
  renderHtmlReport(buildReport(fixture(host), [parseThreshold('gaps==0'), parseThreshold('latency.max<100ms')]));

describe('renderHtmlReport', () => {
  it('draws the charts over time and per channel and code as inline SVG', () => {
    const html = render();
    for (const caption of [
      'Latency percentiles per second',
      'Throughput',
      'Connections open',
      'Gaps and errors per second',
      'Gaps per channel',
      'Errors per code',
    ]) {
      expect(html).toContain(`<figcaption>${caption}</figcaption>`);
    }
    expect(html.match(/<svg /g)).toHaveLength(6);
    for (const series of ['p50', 'p90', 'p99', 'max', 'events/s', 'open', 'gaps', 'errors']) {
      expect(html).toContain(`data-series="${series}"`);
    }
    // Three seconds, three points on each line.
    const p99 = /data-series="p99"[^>]*points="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(p99.split(' ')).toHaveLength(3);
  });

  it('shows the verdict, each threshold and the numbers of the report', () => {
    const html = render();
    expect(html).toContain('<span class="fail">FAIL</span>: 1 of 2 thresholds failed');
    expect(html).toMatch(/<td class="fail">FAIL<\/td><td><code>gaps==0<\/code><\/td><td>1<\/td><td>== 0<\/td>/);
    expect(html).toMatch(/<td class="pass">PASS<\/td><td><code>latency.max&lt;100ms<\/code><\/td>/);
    expect(html).toContain('<td>messages</td><td>6,000 (2,000/s)</td>');
    expect(html).toContain('<td>gaps (events missed)</td><td>1 (3)</td>');
    expect(html).toContain('>RATE_LIMITED</text>');
    expect(html).toMatch(/<td>latency orders<\/td><td>4<\/td><td>2\.00<\/td>/);
  });

  it('is one file: no script, stylesheet, font or image is fetched', () => {
    const html = render();
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=/i);
    // The only URL is the measured server's, shown as text.
    expect(html.match(/[a-z]+:\/\/[^\s<"]+/g)).toEqual(['ws://127.0.0.1:8080/telemetry']);
  });

  it('escapes every text it takes from the report', () => {
    const html = render('<script>alert("x")</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});
