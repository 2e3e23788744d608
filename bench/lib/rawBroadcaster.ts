/**
 * Bench baseline (child process): a raw `ws` server that plays the events of a `mci-sim record`
 * file at the recorded pace times `speed`, each serialised once as the simulator does
 * (`{"event","data","seq"}`). It reads the recording as the simulator's replay does: the file's
 * bytes and where each line lies, each event parsed when it is due. Held parsed, as it once was,
 * the recording was 200 MB of heap the simulator does not carry, and its parse fell outside the
 * measured window while the simulator's falls inside. It honours `subscribe`: a client gets only
 * the channels it asked for, nothing before it asks, so both sides of a comparison carry the same
 * bytes. One frame per event, or (with `batchMs`) one `batch` frame per window holding the
 * client's channels' events, joined once per distinct subscription. No protocol beyond that, no
 * queues, no history (a client with 4 MB unread misses frames instead): the naive broadcast the
 * simulator is compared with. It sends at the simulator's cadence: the events due at one moment
 * (one market tick of a paced recording) go out with every socket corked, one write per client, as
 * the simulator writes an engine step's events to each client in one piece; without it the
 * baseline made one write per event per client, ten times the simulator's system calls, and fell
 * behind its schedule at loads the simulator held. Prints `{"port":N,"replayStart":T}` when
 * listening, `T` being when the recording's first event is due (epoch ms): it starts playing then,
 * after parsing the file, as the simulator does. The bench ends it with SIGKILL.
 *
 *   tsx bench/lib/rawBroadcaster.ts '{"file":…,"speed":10,"batchMs":0,"stampNow":false}'
 */
import { readFileSync } from 'fs';
import type { AddressInfo, Socket } from 'net';
import { WebSocketServer, type WebSocket } from 'ws';

interface Plan {
  file: string;
  speed: number;
  batchMs: number;
  /** Stamp each event's `timestamp` with its due wall-clock time (latency runs at speed 1). */
  stampNow: boolean;
}

interface Recorded {
  time: number;
  channel: string;
  event: string;
  data: Record<string, unknown>;
}

const plan = JSON.parse(process.argv[2]) as Plan;
const bytes = readFileSync(plan.file);
/** Where each event's line lies in `bytes`, and its recorded time (the schedule), read once. */
const lines: Array<{ start: number; end: number; time: number }> = [];
for (let start = 0; start < bytes.length; ) {
  const newline = bytes.indexOf(0x0a, start);
  const end = newline === -1 ? bytes.length : newline;
  if (end > start) {
    const { time } = JSON.parse(bytes.toString('utf8', start, end)) as Recorded;
    lines.push({ start, end, time });
  }
  start = end + 1;
}
const eventAt = (index: number) => JSON.parse(bytes.toString('utf8', lines[index].start, lines[index].end)) as Recorded;
const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
/** Each client's channels (empty until it subscribes) and their key, for sharing batch frames. */
const clients = new Map<WebSocket, { channels: Set<string>; key: string }>();
/** Each client's TCP socket, to cork for a step's sends. */
const sockets = new Map<WebSocket, Socket>();
server.on('connection', (ws, request) => {
  clients.set(ws, { channels: new Set(), key: '' });
  sockets.set(ws, request.socket as Socket);
  ws.on('close', () => {
    clients.delete(ws);
    sockets.delete(ws);
  });
  ws.on('message', (raw: Buffer) => {
    try {
      const message = JSON.parse(raw.toString()) as { event?: string; data?: { channels?: unknown } };
      const asked = message.data?.channels;
      if (message.event === 'subscribe' && Array.isArray(asked)) {
        const channels = new Set([...clients.get(ws)!.channels, ...asked.map(String)]);
        clients.set(ws, { channels, key: [...channels].sort().join(',') });
        ws.send(JSON.stringify({ event: 'subscribed', data: { channels: [...channels] } }));
      }
    } catch {
      // Not JSON: a baseline answers nothing.
    }
  });
  ws.send(JSON.stringify({ event: 'connection:ack', data: { connectionId: 'raw', serverTime: Date.now() } }));
});

let next = 0;
let seq = 0;
let pending: Array<{ channel: string; text: string }> = [];
/** When the recording's first event is due (epoch ms): set once listening. */
let start = 0;
const first = lines[0].time;
/**
 * A client with this much unread is skipped for the frame (dropped): without this bound a saturated
 * sender buffers without limit and collapses, which would measure the garbage collector, not `ws`.
 */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;
const send = (ws: WebSocket, bytes: Buffer) => {
  if (ws.bufferedAmount < MAX_UNREAD_BYTES) {
    // Text frames, as the simulator sends (ws would send a Buffer as a binary frame).
    ws.send(bytes, { binary: false });
  }
};

function publish(channel: string, bytes: Buffer): void {
  clients.forEach((client, ws) => {
    if (client.channels.has(channel)) {
      send(ws, bytes);
    }
  });
}

function flushBatches(): void {
  if (pending.length === 0) {
    return;
  }
  const window = pending;
  pending = [];
  const frames = new Map<string, Buffer | null>();
  clients.forEach((client, ws) => {
    let frame = frames.get(client.key);
    if (frame === undefined) {
      const texts = window.filter((e) => client.channels.has(e.channel)).map((e) => e.text);
      frame = texts.length === 0 ? null : Buffer.from(`{"event":"batch","data":{"events":[${texts.join(',')}]}}`);
      frames.set(client.key, frame);
    }
    if (frame !== null) {
      send(ws, frame);
    }
  });
}

function tick(): void {
  const corked = [...sockets.values()];
  corked.forEach((socket) => socket.cork());
  try {
    publishDue();
  } finally {
    corked.forEach((socket) => socket.uncork());
  }
}

function publishDue(): void {
  const virtualNow = first + (Date.now() - start) * plan.speed;
  while (next < lines.length && lines[next].time <= virtualNow) {
    const event = eventAt(next);
    next = (next + 1) % lines.length;
    seq += 1;
    if (plan.stampNow) {
      event.data.timestamp = start + (event.time - first) / plan.speed;
    }
    const text = JSON.stringify({ event: event.event, data: event.data, seq });
    if (plan.batchMs > 0) {
      pending.push({ channel: event.channel, text });
    } else {
      publish(event.channel, Buffer.from(text));
    }
    if (next === 0) {
      return; // the recording played out: stop (runs are shorter than the recording)
    }
  }
  const wait = next < lines.length ? (lines[next].time - virtualNow) / plan.speed : 1000;
  setTimeout(tick, Math.max(1, Math.min(1000, Math.ceil(wait))));
}

server.on('listening', () => {
  start = Date.now();
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, replayStart: start })}\n`);
  setTimeout(tick, 0);
  if (plan.batchMs > 0) {
    setInterval(flushBatches, plan.batchMs);
  }
});
process.on('SIGTERM', () => process.exit(0));
