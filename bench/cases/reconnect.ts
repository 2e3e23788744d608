/**
 * Reconnect: time from a restarted server being ready (`/readyz` answers 200) to data flowing
 * again, for the project's client (`createMciClient`, the data source's: spec backoff and the
 * server's `reconnect` delay) and, during the same restarts, a raw `ws` client that retries every
 * 100 ms (the baseline: as fast as a client can notice). The server is SIGTERMed and started
 * again on the same port each time.
 */
import WebSocket from 'ws';
import { performance } from 'perf_hooks';
import { createMciClient, type WebSocketLike } from '../../src/client';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';
import { sleep } from '../lib/procs';
import { round, type BenchRow } from '../lib/results';

const ARGS = ['--orders-per-second', '50'];
const now = () => performance.timeOrigin + performance.now();

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

export async function reconnect(plan: { restarts: number }): Promise<BenchRow[]> {
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
    await sleep(1500);
    for (let i = 0; i < plan.restarts; i += 1) {
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
      ours.push(clientFirst === 0 ? Number.NaN : clientFirst - readyAt);
      base.push(raw.firstDataAt() === 0 ? Number.NaN : raw.firstDataAt() - readyAt);
      await sleep(500);
    }
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    client.close();
    raw.close();
    await sim.stop();
  }
  const worst = (values: number[]) => Math.max(...values.map((v) => (Number.isNaN(v) ? Infinity : Math.max(0, v))));
  const o = worst(ours);
  const b = worst(base);
  return [
    {
      benchmark: 'reconnect',
      metric: `server ready → data flowing, worst of ${plan.restarts} restarts`,
      value: round(o / 1000),
      unit: 's',
      baseline: 'raw ws client retrying every 100 ms',
      baselineValue: round(b / 1000),
      ratio: b > 0 ? round(o / b, 1) : null,
      goal: '≤ 1.5 s',
      met: o <= 1500,
      note: `each restart (ms): client ${ours.map((v) => Math.round(v)).join(', ')}; baseline ${base.map((v) => Math.round(v)).join(', ')} (negative: data before /readyz was polled)`,
    },
  ];
}
