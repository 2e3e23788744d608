/**
 * A jsdom window as the global browser environment of the panels render benchmark; imported
 * before React and @grafana/ui, which read `window` and `document` when they load.
 */
import Module from 'node:module';

// Grafana ships React's production build; the development build is several times slower and
// records performance tracks that grow without bound over a long run.
process.env.NODE_ENV = 'production';
import { JSDOM } from 'jsdom';

// @grafana/ui requires stylesheets (uPlot's), which a bundler handles; Node gets an empty module.
const extensions = (Module as unknown as { _extensions: Record<string, (module: { exports: unknown }) => void> })
  ._extensions;
extensions['.css'] = (module) => {
  module.exports = {};
};

export const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
  pretendToBeVisual: true,
  url: 'http://localhost/',
});
const globals = globalThis as unknown as Record<string, unknown>;
const windowProps = dom.window as unknown as Record<string, unknown>;
/** Globals Node has too, whose DOM versions must win (jsdom only dispatches its own events). */
const DOM_OWNED = new Set([
  'navigator',
  'Event',
  'EventTarget',
  'CustomEvent',
  'MessageEvent',
  'DOMException',
  'Blob',
  'File',
  'FormData',
]);
// Every browser global Node lacks (window, document, HTMLElement, devicePixelRatio, …), as
// Jest's jsdom environment provides them; Node's own (timers, MessageChannel, …) stay.
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (!(key in globals) || DOM_OWNED.has(key)) {
    Object.defineProperty(globals, key, { configurable: true, writable: true, value: windowProps[key] });
  }
}
globals.window = dom.window;
globals.matchMedia ??= () => ({
  matches: false,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
});
windowProps.matchMedia = globals.matchMedia;
// jsdom has no layout: the orders panel's scroller gets the size of a dashboard panel body.
Object.defineProperty(dom.window.HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 300 });
Object.defineProperty(dom.window.HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1200 });
