// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks what react-dom/server (pulled in by @grafana/ui 13's Text component) and
// @grafana/data expect from a browser; Node provides compatible implementations.
if (typeof globalThis.MessageChannel === 'undefined') {
  // react-dom/server (pulled in by @grafana/ui 13's Text) creates a MessageChannel when loaded.
  // Node's would keep Jest alive once React sets onmessage, so deliver through a timer instead.
  globalThis.MessageChannel = class TimerMessageChannel {
    constructor() {
      const link = (from, to) => {
        from.onmessage = null;
        from.postMessage = (data) => setTimeout(() => to.onmessage?.({ data }), 0);
        from.close = () => {};
        from.start = () => {};
      };
      this.port1 = {};
      this.port2 = {};
      link(this.port1, this.port2);
      link(this.port2, this.port1);
    }
  };
}
if (typeof globalThis.TextEncoder === 'undefined') {
  globalThis.TextEncoder = TextEncoder;
  globalThis.TextDecoder = TextDecoder;
}
if (typeof URL.canParse !== 'function') {
  // @grafana/data's sanitizeUrl (TextLink, DataLinks) calls URL.canParse, missing from jsdom's URL.
  URL.canParse = (url, base) => {
    try {
      new URL(url, base);
      return true;
    } catch {
      return false;
    }
  };
}
