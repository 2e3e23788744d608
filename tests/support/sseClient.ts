/**
 * Readers of the strategy bus for tests: a real EventSource (the `eventsource` package, what a
 * browser does) that records what it receives and waits (bounded) for a condition, `curl -N`
 * spawned with a hard `--max-time`, and a small parser of raw SSE text.
 */
import { spawn } from 'child_process';
import { EventSource, type EventSourceInit } from 'eventsource';

export interface SseMessage {
  /** `message` for plain `data:` events, else the `event:` name. */
  event: string;
  id: string;
  data: string;
}

export interface RecordingEventSource {
  source: EventSource;
  messages: SseMessage[];
  errors: string[];
  /** Resolves once `predicate` holds for the messages so far; rejects after `timeoutMs`. */
  until(predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number): Promise<SseMessage[]>;
  close(): void;
}

const POLL_MS = 20;

export function recordEventSource(
  url: string,
  init: EventSourceInit = {},
  namedEvents: string[] = []
): RecordingEventSource {
  const source = new EventSource(url, init);
  const messages: SseMessage[] = [];
  const errors: string[] = [];
  const record = (event: MessageEvent) =>
    messages.push({ event: event.type, id: event.lastEventId, data: String(event.data) });
  source.onmessage = record;
  namedEvents.forEach((name) => source.addEventListener(name, record));
  source.onerror = (error) => errors.push(String(error.message ?? error.type));
  return {
    source,
    messages,
    errors,
    until: (predicate, timeoutMs = 10_000) =>
      waitFor(
        () => predicate(messages),
        timeoutMs,
        () => messages
      ),
    close: () => source.close(),
  };
}

/** Poll `condition` until it holds, bounded by `timeoutMs`. */
export async function waitFor<T>(condition: () => boolean, timeoutMs: number, value: () => T): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; got ${JSON.stringify(value()).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return value();
}

/** `curl -N -s --max-time S [args] url`: what it printed until the time ran out (exit 28 is expected). */
export function curlStream(url: string, maxTimeS: number, extraArgs: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-N', '-s', '--max-time', String(maxTimeS), ...extraArgs, url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 || code === 28 ? resolve(out) : reject(new Error(`curl exited with ${code}; output:\n${out}`))
    );
  });
}

export interface ParsedSse {
  events: SseMessage[];
  comments: string[];
  retry: number[];
}

/** Raw SSE text as a reader sees it (one `data:` line per event, as the bus writes them). */
export function parseSse(text: string): ParsedSse {
  const parsed: ParsedSse = { events: [], comments: [], retry: [] };
  for (const block of text.split('\n\n')) {
    let event: SseMessage | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        parsed.comments.push(line.slice(1).trim());
      } else if (line.startsWith('retry: ')) {
        parsed.retry.push(Number(line.slice(7)));
      } else if (line.startsWith('id: ')) {
        event ??= { event: 'message', id: '', data: '' };
        event.id = line.slice(4);
      } else if (line.startsWith('event: ')) {
        event ??= { event: 'message', id: '', data: '' };
        event.event = line.slice(7);
      } else if (line.startsWith('data: ')) {
        event ??= { event: 'message', id: '', data: '' };
        event.data = line.slice(6);
      }
    }
    // The last block may be cut off by --max-time: keep only complete events.
    if (event !== undefined && event.data !== '' && text.includes(`${block}\n\n`)) {
      parsed.events.push(event);
    }
  }
  return parsed;
}
