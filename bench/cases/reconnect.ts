/**
 * Reconnect: time from a restarted server being ready (`/readyz` answers 200) to data flowing
 * again, for the project's client (`createMciClient`, the data source's: spec backoff and the
 * server's `reconnect` delay) and, during the same restarts, a raw `ws` client that retries every
 * 100 ms (the baseline: as fast as a client can notice). The server is SIGTERMed and started
 * again on the same port each time; both clients watch the same restarts, so each restart is one
 * pair of runs.
 *
 * After an announced restart the client retries every `restartRetryMs` (± jitter), so a restart
 * lands anywhere within one retry period of the client's next try: single restarts of the same
 * client differ by up to that period (0.18 s and 0.41 s in one run), by chance, not by how fast it
 * reconnects. The row declares that period as its resolution, so such runs are not called unstable.
 */
import WebSocket from 'ws';
import { performance } from 'perf_hooks';
import { createMciClient, type WebSocketLike } from '../../src/client';
import { CLIENT_DEFAULTS } from '../../src/client/clientDefaults';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';
import { sleep } from '../lib/procs';
import { defineCase } from '../lib/benchCase';
import { compare, round } from '../lib/results';

const ARGS = ['--orders-per-second', '50'];
const now = () => performance.timeOrigin + performance.now();
/** The longest wait between two of the client's tries after an announced restart, in seconds. */
const RETRY_PERIOD_S = (CLIENT_DEFAULTS.restartRetryMs * (1 + CLIENT_DEFAULTS.jitter)) / 1000;

/** A raw client: reconnect 100 ms after any close, subscribe, remember when data last arrived. */
function rawClient(url: string) {
  let firstAfter = { since: 0, at: 0 };
  let stopped = false;
  let ws: WebSocket | undefined;
  const open = () => {
    if (stopped) {
      return;
    }
    ws = new WebSocket(url);
    ws.on('open', () => ws!.send(JSON.stringify({ event: 'subscribe', data: { channels: ['orders', 'market'] } })));
    ws.on('message', (data: Buffer) => {
      if (
        firstAfter.at === 0 &&
        firstAfter.since > 0 &&
        !data.toString('latin1', 0, 30).startsWith('{"event":"connection')
      ) {
        firstAfter.at = now();
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', () => setTimeout(open, 100));
  };
  open();
  return {
    arm: () => (firstAfter = { since: now(), at: 0 }),
    firstDataAt: () => firstAfter.at,
    close: () => {
      stopped = true;
      ws?.terminate();
    },
  };
}

async function restarts(count: number) {
  let sim: RunningSimulator = await startSimulator({ args: ARGS });
  const port = sim.port;
  const client = createMciClient({
    wsUrl: sim.wsUrl,
    webSocketFactory: (url) => new WebSocket(url) as unknown as WebSocketLike,
    now,
  });
  let clientFirst = 0;
  let armed = false;
  const subscriptions = ['orders', 'market'].map((channel) =>
    client.channel(channel as 'orders' | 'market').subscribe(() => {
      if (armed && clientFirst === 0) {
        clientFirst = now();
      }
    })
  );
  const raw = rawClient(sim.wsUrl);
  const ours: number[] = [];
  const base: number[] = [];
  try {
    // Both clients connected and saw data before the first restart (no fixed wait: it is seconds
    // on an idle machine and not enough on a busy one); within 20 s, else the run measures anyway.
    armed = true;
    raw.arm();
    for (let waited = 0; waited < 20_000 && (clientFirst === 0 || raw.firstDataAt() === 0); waited += 20) {
      await sleep(20);
    }
    armed = false;
    for (let i = 0; i < count; i += 1) {
      await sim.stop();
      armed = true;
      clientFirst = 0;
      raw.arm();
      sim = await startSimulator({ args: ARGS, port });
      const readyAt = now();
      for (let waited = 0; waited < 20_000 && (clientFirst === 0 || raw.firstDataAt() === 0); waited += 20) {
        await sleep(20);
      }
      armed = false;
      // Data before /readyz was polled counts as 0; none within 20 s as no measurement.
      ours.push(clientFirst === 0 ? Number.NaN : Math.max(0, clientFirst - readyAt) / 1000);
      base.push(raw.firstDataAt() === 0 ? Number.NaN : Math.max(0, raw.firstDataAt() - readyAt) / 1000);
      if (i + 1 < count) {
        await sleep(500);
      }
    }
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    client.close();
    raw.close();
    await sim.stop();
  }
  return { ours, base };
}

export const reconnectCase = defineCase<{ restarts: number }>({
  name: 'reconnect',
  command: 'SIGTERM mci-sim serve, start it again on the same port; createMciClient vs raw ws retrying every 100 ms',
  sizes: { smoke: { restarts: 1 }, quick: { restarts: 3 }, full: { restarts: 5 } },
  run: async (size, { runs }) => {
    // Both clients watch the same restarts: each restart is one interleaved pair.
    const { ours, base } = await restarts(Math.max(size.restarts, runs));
    return [
      compare({
        benchmark: 'reconnect',
        metric: `server ready → data flowing, each of ${ours.length} restarts`,
        unit: 's',
        ours: ours.map((v) => round(v)),
        baselineLabel: 'raw ws client retrying every 100 ms, same restarts',
        base: base.map((v) => round(v)),
        goal: { on: 'value', goal: { op: '<=', target: 1.5, resolution: RETRY_PERIOD_S }, text: '≤ 1.5 s' },
        noRatio: true,
        note: `values under ${RETRY_PERIOD_S} s are not told apart when runs are compared: the client retries every ${CLIENT_DEFAULTS.restartRetryMs / 1000} s (± ${CLIENT_DEFAULTS.jitter * 100} %) after an announced restart, so where a restart falls in that period is chance; the raw client polls every 0.1 s`,
      }),
    ];
  },
});
