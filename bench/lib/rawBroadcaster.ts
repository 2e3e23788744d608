/**
 * Bench baseline (child process): a raw `ws` server that broadcasts the events of a
 * `mci-sim record` file to every client at the recorded pace times `speed`, each serialised once
 * as the simulator does (`{"event","data","seq"}`), one frame per event or joined into one
 * `batch` frame per `batchMs` window. No protocol, no queues, no history (a client with 4 MB
 * unread misses frames instead), no corking (one write per frame per client, where the simulator
 * corks every socket for an engine step): the naive broadcast the simulator is compared with.
 * Prints `{"port":N}` when listening; the bench ends it with SIGKILL.
 *
 *   tsx bench/lib/rawBroadcaster.ts '{"file":…,"speed":10,"batchMs":0,"stampNow":false}'
 */
import { readFileSync } from 'fs';
import type { AddressInfo } from 'net';
import { WebSocketServer, type WebSocket } from 'ws';

interface Plan {
  file: string;
  speed: number;
  batchMs: number;
  /** Stamp each event's `timestamp` with its due wall-clock time (latency runs at speed 1). */
  stampNow: boolean;
}

const plan = JSON.parse(process.argv[2]) as Plan;
const events = readFileSync(plan.file, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { time: number; event: string; data: Record<string, unknown> });
const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
const clients = new Set<WebSocket>();
server.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.on('message', () => undefined);
  ws.send(JSON.stringify({ event: 'connection:ack', data: { connectionId: 'raw', serverTime: Date.now() } }));
});

let next = 0;
let seq = 0;
let pending: string[] = [];
const start = Date.now();
const first = events[0].time;
/**
 * A client with this much unread is skipped for the frame (dropped): without this bound a saturated
 * sender buffers without limit and collapses, which would measure the garbage collector, not `ws`.
 */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;
const broadcast = (bytes: Buffer) =>
  clients.forEach((ws) => {
    if (ws.bufferedAmount < MAX_UNREAD_BYTES) {
      // Text frames, as the simulator sends (ws would send a Buffer as a binary frame).
      ws.send(bytes, { binary: false });
    }
  });

function tick(): void {
  const virtualNow = first + (Date.now() - start) * plan.speed;
  while (next < events.length && events[next].time <= virtualNow) {
    const event = events[next];
    next = (next + 1) % events.length;
    seq += 1;
    const data = plan.stampNow ? { ...event.data, timestamp: start + (event.time - first) / plan.speed } : event.data;
    const text = JSON.stringify({ event: event.event, data, seq });
    if (plan.batchMs > 0) {
      pending.push(text);
    } else {
      broadcast(Buffer.from(text));
    }
    if (next === 0) {
      return; // the recording played out: stop (runs are shorter than the recording)
    }
  }
  const wait = next < events.length ? (events[next].time - virtualNow) / plan.speed : 1000;
  setTimeout(tick, Math.max(1, Math.min(1000, Math.ceil(wait))));
}

server.on('listening', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  setTimeout(tick, 0);
  if (plan.batchMs > 0) {
    setInterval(() => {
      if (pending.length > 0) {
        const frame = Buffer.from(`{"event":"batch","data":{"events":[${pending.join(',')}]}}`);
        pending = [];
        broadcast(frame);
      }
    }, plan.batchMs);
  }
});
process.on('SIGTERM', () => process.exit(0));
