/**
 * A scripted WebSocket for client tests (no network): the test opens it, feeds it server frames
 * and closes it from the server side, and reads what the client sent.
 */
import type { WebSocketLike } from '../types';

export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly sent: string[] = [];
  /** Set when the client closed the socket. */
  closedWith?: { code?: number; reason?: string };

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) {
      throw new Error(`FakeWebSocket: send while readyState is ${this.readyState}`);
    }
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // ---- the server's side

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Open and acknowledge, as a server does on connect. */
  accept(ack: { epoch?: string; heartbeatIntervalMs?: number } = {}): void {
    this.open();
    this.receive({
      event: 'connection:ack',
      data: { connectionId: 'ws-test', serverTime: 1, version: '1.0.0', epoch: 'e1', ...ack },
    });
  }

  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** A connection that fails the way `ws` reports it: an error event, then close 1006. */
  fail(message: string): void {
    this.onerror?.({ message });
    this.serverClose(1006);
  }

  /** What the client sent, parsed. */
  messages(): Array<{ event: string; data?: Record<string, unknown> }> {
    return this.sent.map((text) => JSON.parse(text));
  }

  sentEvents(event: string): Array<Record<string, unknown>> {
    return this.messages()
      .filter((message) => message.event === event)
      .map((message) => message.data ?? {});
  }
}

export function fakeSocketFactory() {
  const sockets: FakeWebSocket[] = [];
  return {
    sockets,
    factory: (url: string) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    },
    get last(): FakeWebSocket {
      const socket = sockets[sockets.length - 1];
      if (socket === undefined) {
        throw new Error('no socket was opened');
      }
      return socket;
    },
  };
}
