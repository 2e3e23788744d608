/**
 * jsdom has no layout: for the tests of a describe block, every element reports the size a panel
 * has, as @tanstack/react-virtual's docs suggest for tests, so a virtualised panel sees a viewport
 * and renders the rows that fit in it.
 */
export function givePanelViewport(heightPx: number, widthPx = 1000): void {
  let heightSpy: jest.SpyInstance;
  let widthSpy: jest.SpyInstance;
  beforeEach(() => {
    heightSpy = jest.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(heightPx);
    widthSpy = jest.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(widthPx);
  });
  afterEach(() => {
    heightSpy.mockRestore();
    widthSpy.mockRestore();
  });
}
