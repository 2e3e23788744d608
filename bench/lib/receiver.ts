/**
 * Bench receiver (child process): N plain `ws` clients that subscribe, then count delivered
 * events and bytes in a measurement window, cheaply (no JSON parse: a batch frame's events are
 * counted by their `{"event":"` openings), and optionally the latency of each unbatched event from
 * its top-level `timestamp` to receipt. The same receiver measures the simulator and the raw
 * `ws` baseline, so both pay the same client-side cost. Prints one JSON line and exits. With an
 * IPC channel it also tells its parent `connected`, then `window-start` and `window-end` as its
 * window opens and closes, so the parent can measure a server over exactly the counted span.
 * With `gated` it waits after connecting for the parent's `start`, so several receivers (one
 * ceiling each: a receiver is one thread) open their windows together; its latency histogram is
 * printed encoded as well, for the parent to add up (`bench/lib/receivers.ts`).
 *
 *   tsx bench/lib/receiver.ts '{"url":…,"clients":100,"channels":[…],"batchMs":0,"warmupMs":1000,"windowMs":4000,"latency":false}'
 */
import { performance } from 'perf_hooks';
import WebSocket from 'ws';
import { createHistogram, encodeHistogram, recordMs, summarize } from '../../simulator/load/histogram';
import { createWallClock } from './wallClock';

export interface ReceiverPlan {
  url: string;
  clients: number;
  channels: string[];
  batchMs: number;
  warmupMs: number;
  windowMs: number;
  latency: boolean;
  /**
   * Keep measuring past `windowMs` until this many events arrived, for at most `maxWindowMs`
   * (smoke runs on a busy machine, where a tiny window may see nothing); default 0.
   */
  minEvents?: number;
  maxWindowMs?: number;
  /** Wait for the parent's `{"type":"start"}` after connecting before the warm-up; default false. */
  gated?: boolean;
}

export interface ReceiverResult {
  connected: number;
  events: number;
  frames: number;
  bytes: number;
  seconds: number;
  /** The counting window's bounds (epoch ms), to compare with a server's schedule. */
  windowFrom: number;
  windowTo: number;
  closes: Record<string, number>;
  latency?: ReturnType<typeof summarize>;
  /** The latency histogram itself (compressed base64), so several receivers' merge exactly. */
  latencyHistogram?: string;
  /**
   * Events timed as received before their own `timestamp` (recorded as 0 ms): more than a few
   * mean the clocks disagree, and the latency is no measurement.
   */
  early?: number;
  /** Times the wall clock was stepped under the receiver (see `wallClock.ts`). */
  clockSteps?: number;
}

const EVENT_OPEN = Buffer.from('{"event":"');
const TIMESTAMP = Buffer.from('"timestamp":');
const CONTROL = ['{"event":"connection', '{"event":"subscribed', '{"event":"heartbeat', '{"event":"error'];

function countEvents(data: Buffer): number {
  const head = data.toString('latin1', 0, 22);
  if (CONTROL.some((prefix) => head.startsWith(prefix.slice(0, 22)))) {
    return 0;
  }
  if (!head.startsWith('{"event":"batch"')) {
    return 1;
  }
  let count = -1;
  for (let at = data.indexOf(EVENT_OPEN); at !== -1; at = data.indexOf(EVENT_OPEN, at + 1)) {
    count += 1;
  }
  return count;
}

/** The last `"timestamp":N` of a frame: the event's own (it is the payload's last key). */
function timestampOf(data: Buffer): number | undefined {
  const at = data.lastIndexOf(TIMESTAMP);
  if (at === -1) {
    return undefined;
  }
  let value = 0;
  for (let i = at + TIMESTAMP.length; i < data.length; i += 1) {
    const digit = data[i] - 48;
    if (digit < 0 || digit > 9) {
      break;
    }
    value = value * 10 + digit;
  }
  return value > 0 ? value : undefined;
}

async function main(plan: ReceiverPlan): Promise<ReceiverResult> {
  const histogram = createHistogram();
  const clock = createWallClock();
  let measuring = false;
  let early = 0;
  const result: ReceiverResult = {
    connected: 0,
    events: 0,
    frames: 0,
    bytes: 0,
    seconds: 0,
    windowFrom: 0,
    windowTo: 0,
    closes: {},
  };
  const sockets = await Promise.all(
    Array.from(
      { length: plan.clients },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(plan.url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
          ws.once('open', () => {
            result.connected += 1;
            ws.send(
              JSON.stringify({
                event: 'subscribe',
                data: { channels: plan.channels, ...(plan.batchMs > 0 ? { batchMs: plan.batchMs } : {}) },
              })
            );
            resolve(ws);
          });
          ws.once('error', reject);
          ws.on('close', (code) => (result.closes[code] = (result.closes[code] ?? 0) + 1));
          ws.on('message', (data: Buffer) => {
            if (!measuring) {
              return;
            }
            const events = countEvents(data);
            result.events += events;
            result.frames += 1;
            result.bytes += data.length;
            if (plan.latency && events === 1) {
              const timestamp = timestampOf(data);
              if (timestamp !== undefined) {
                const ms = clock.now() - timestamp;
                early += ms < 0 ? 1 : 0;
                recordMs(histogram, ms);
              }
            }
          });
        })
    )
  );
  const go = plan.gated === true ? startMessage() : Promise.resolve();
  process.send?.({ type: 'connected' });
  await go;
  await new Promise((resolve) => setTimeout(resolve, plan.warmupMs));
  measuring = true;
  process.send?.({ type: 'window-start' });
  const windowStarted = performance.now();
  // The wall clock, as the servers' schedules use.
  result.windowFrom = Date.now();
  await new Promise((resolve) => setTimeout(resolve, plan.windowMs));
  const deadline = windowStarted + Math.max(plan.windowMs, plan.maxWindowMs ?? 0);
  while (result.events < (plan.minEvents ?? 0) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  measuring = false;
  process.send?.({ type: 'window-end' });
  const ended = performance.now();
  result.windowTo = Date.now();
  result.seconds = (ended - windowStarted) / 1000;
  sockets.forEach((ws) => ws.terminate());
  if (plan.latency) {
    result.latency = summarize(histogram);
    result.latencyHistogram = encodeHistogram(histogram);
    result.early = early;
    result.clockSteps = clock.steps;
  }
  return result;
}

/** Resolves when the parent says `start` (IPC). */
function startMessage(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type === 'start') {
        process.off('message', onMessage);
        resolve();
      }
    };
    process.on('message', onMessage);
  });
}

main(JSON.parse(process.argv[2]) as ReceiverPlan).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`receiver failed: ${String(error)}\n`);
    process.exit(1);
  }
);
