/**
 * A plain `ws` test client that records every server message, validates it against the protocol
 * and lets a test wait (bounded) for the next message matching a predicate.
 */
import WebSocket from 'ws';
import { parseServerMessage, type ServerMessage } from '../../src/protocol';

export interface Received {
  message: ServerMessage;
  /** Raw text, for tests that compare bytes. */
  text: string;
  at: number;
}

export interface TestClient {
  ws: WebSocket;
  received: Received[];
  /** Messages that did not validate (should stay empty). */
  invalid: Array<{ text: string; error: string }>;
  send(message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** Resolves with the first message (from `from` on) matching `predicate`. */
  next<M extends ServerMessage>(
    predicate: (message: ServerMessage) => message is M,
    timeoutMs?: number,
    from?: number
  ): Promise<M>;
  next(predicate: (message: ServerMessage) => boolean, timeoutMs?: number, from?: number): Promise<ServerMessage>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface ConnectOptions extends WebSocket.ClientOptions {
  /** Answer each `heartbeat` with `heartbeat:ack`, as a live client does (default true). */
  ackHeartbeats?: boolean;
}

export function connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
  const { ackHeartbeats = true, ...wsOptions } = options;
  const ws = new WebSocket(url, wsOptions);
  const received: Received[] = [];
  const invalid: TestClient['invalid'] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const text = data.toString();
    const parsed = parseServerMessage(text, { maxLength: Number.MAX_SAFE_INTEGER });
    if (parsed.ok) {
      received.push({ message: parsed.value, text, at: Date.now() });
      if (ackHeartbeats && parsed.value.event === 'heartbeat' && ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ event: 'heartbeat:ack', data: { clientTime: Date.now() } }));
      }
    } else {
      invalid.push({ text, error: parsed.error.message });
    }
    waiters.forEach((wake) => wake());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      waiters.forEach((wake) => wake());
    })
  );
  ws.on('error', () => undefined);
  const client: TestClient = {
    ws,
    received,
    invalid,
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (text) => ws.send(text),
    next(predicate: (message: ServerMessage) => boolean, timeoutMs = 5000, from = 0): Promise<ServerMessage> {
      return new Promise<ServerMessage>((resolve, reject) => {
        const check = () => {
          const found = received.slice(from).find((item) => predicate(item.message));
          if (found) {
            done();
            resolve(found.message);
          } else if (ws.readyState === WebSocket.CLOSED) {
            done();
            reject(
              new Error(
                `socket closed before the expected message; got ${received.map((r) => r.message.event).join(', ')}`
              )
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `no matching message within ${timeoutMs} ms; got ${received
                .map((r) => r.message.event)
                .slice(-20)
                .join(', ')}`
            )
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
        ws.close();
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      ws.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`))
    );
    ws.once('error', reject);
  });
}

export const isEvent =
  <E extends ServerMessage['event']>(event: E) =>
  (message: ServerMessage): message is Extract<ServerMessage, { event: E }> =>
    message.event === event;
