/**
 * Test helper (tests only): @grafana/ui's Combobox sizes its menu with canvas text metrics,
 * watches it with an IntersectionObserver and virtualises the options by the menu's size; jsdom
 * has none of these, so a test file that opens a Combobox calls this once at the top.
 */
export function supportComboboxInJsdom(): void {
  const getContext = HTMLCanvasElement.prototype.getContext;
  const getBoundingClientRect = Element.prototype.getBoundingClientRect;
  const offsetSize = ['offsetHeight', 'offsetWidth'].map(
    (name) => [name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)] as const
  );
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 300 });
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 200 });
    Element.prototype.getBoundingClientRect = () => ({
      width: 200,
      height: 300,
      top: 0,
      left: 0,
      bottom: 300,
      right: 200,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    HTMLCanvasElement.prototype.getContext = (() => ({
      measureText: (text: string) => ({ width: text.length * 8 }),
    })) as never;
    Object.assign(globalThis, {
      IntersectionObserver: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
  });
  afterAll(() => {
    for (const [name, descriptor] of offsetSize) {
      Object.defineProperty(HTMLElement.prototype, name, descriptor!);
    }
    HTMLCanvasElement.prototype.getContext = getContext;
    Element.prototype.getBoundingClientRect = getBoundingClientRect;
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
  });
}
