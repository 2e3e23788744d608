/**
 * Appends events to a SQLite store from a worker thread (`sqliteWriterThread.ts`) with its own
 * connection, so a transaction of thousands of rows never stalls the server's event loop (SQLite
 * drivers are synchronous). One request at a time per caller is the back-pressure: the event sink's
 * BatchingWriter awaits each batch before it sends the next, and queues (bounded) meanwhile. A
 * batch that fails rejects with the thread's error message, so the sink reports it exactly as a
 * failed write on the main thread would (health, log, metrics, a gap for what it drops); if the
 * thread itself dies, every waiting batch rejects and the next one starts a new thread.
 *
 * From the sources the thread runs the `.ts` file through tsx (as `bin/mci-sim.js` runs the CLI),
 * under Node 20 with better-sqlite3 or Node 22 with node:sqlite alike; the lean package ships it
 * bundled as `sqliteWriterThread.js` beside the CLI bundle (scripts/package/simPackage.ts).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NewEvent } from './EventStore';
import { ROW_WIDTH, type WriterReply, type WriterRequest, type WriterThreadData } from './sqliteWriterMessages';

export type { WriterThreadData };

/** How long `close` waits for the thread to finish its last batch before stopping it. */
const CLOSE_TIMEOUT_MS = 10_000;

const FROM_SOURCES = __filename.endsWith('.ts');
const ENTRY = join(__dirname, `sqliteWriterThread.${FROM_SOURCES ? 'ts' : 'js'}`);

export function startWriterThread(data: WriterThreadData): Worker {
  if (FROM_SOURCES) {
    // An eval'd thread resolves modules from the working directory: name tsx by its full path.
    const tsx = createRequire(__filename).resolve('tsx/cjs/api');
    const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(ENTRY)});`;
    return new Worker(boot, { eval: true, workerData: data });
  }
  return new Worker(ENTRY, { workerData: data });
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class SqliteWriter {
  private thread: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly data: WriterThreadData,
    /** Starts the thread (tests pass one that dies). */
    private readonly startThread: (data: WriterThreadData) => Worker = startWriterThread
  ) {}

  /** Store events (keys already stored are skipped) in one transaction on the writer thread. */
  append(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) {
      return Promise.resolve();
    }
    const rows: Array<string | number> = new Array(events.length * ROW_WIDTH);
    const pieces: Uint8Array[] = new Array(events.length);
    const ends = new Uint32Array(events.length);
    let at = 0;
    let total = 0;
    events.forEach((event, index) => {
      rows[at++] = event.epoch;
      rows[at++] = event.channel;
      rows[at++] = event.seq;
      rows[at++] = event.time;
      const piece = typeof event.payload === 'string' ? Buffer.from(event.payload, 'utf8') : event.payload;
      pieces[index] = piece;
      total += piece.byteLength;
      ends[index] = total;
    });
    // Its own ArrayBuffer (never a slice of Node's shared pool), so it can be moved to the thread.
    const payloads = Buffer.allocUnsafeSlow(total);
    let offset = 0;
    for (const piece of pieces) {
      payloads.set(piece, offset);
      offset += piece.byteLength;
    }
    return this.request({ id: this.nextId++, kind: 'append', rows, payloads: payloads.buffer as ArrayBuffer, ends }, [
      payloads.buffer as ArrayBuffer,
      ends.buffer,
    ]);
  }

  /** Wait for the batches sent, close the thread's connection and end the thread. */
  async close(): Promise<void> {
    const thread = this.thread;
    if (thread === undefined) {
      return;
    }
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    const closed = this.request({ id: this.nextId++, kind: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => void thread.terminate(), CLOSE_TIMEOUT_MS);
    await closed;
    await exited;
    clearTimeout(timer);
  }

  private request(request: WriterRequest, transfer: ArrayBuffer[] = []): Promise<void> {
    const thread = this.thread ?? this.start();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      // A thread with work in hand keeps the process alive; an idle one does not.
      thread.ref();
      thread.postMessage(request, transfer);
    });
  }

  private start(): Worker {
    const thread = this.startThread(this.data);
    thread.unref();
    thread.on('message', (reply: WriterReply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) {
        thread.unref();
      }
      if (reply.ok) {
        waiting?.resolve();
      } else {
        waiting?.reject(new Error(reply.error));
      }
    });
    const stopped = (why: string) => {
      if (this.thread === thread) {
        this.thread = undefined;
      }
      const error = new Error(`the SQLite writer thread stopped: ${why}`);
      for (const waiting of this.waiting.values()) {
        waiting.reject(error);
      }
      this.waiting.clear();
    };
    thread.on('error', (error) => stopped(error.message));
    thread.on('exit', (code) => stopped(`it exited with code ${code}`));
    this.thread = thread;
    return thread;
  }
}
