/**
 * jsdom lacks MessageChannel, which `@grafana/ui` needs at import time (through
 * react-dom/server.browser). Import this first in panel tests. A timer-based channel rather than
 * Node's worker_threads one, whose open ports would keep Jest from exiting.
 */
type Listener = ((event: { data: unknown }) => void) | null;

class TimerPort {
  onmessage: Listener = null;
  peer?: TimerPort;
  postMessage(data: unknown) {
    const peer = this.peer;
    setTimeout(() => peer?.onmessage?.({ data }), 0);
  }
  start() {}
  close() {
    this.onmessage = null;
  }
  addEventListener(_type: 'message', listener: Listener) {
    this.onmessage = listener;
  }
  removeEventListener() {
    this.onmessage = null;
  }
}

class TimerMessageChannel {
  port1 = new TimerPort();
  port2 = new TimerPort();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

if (typeof globalThis.MessageChannel === 'undefined') {
  Object.assign(globalThis, { MessageChannel: TimerMessageChannel });
}
