import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';
import { createResponseGate } from './responseGate';

const frames = (): DataFrame[] => [{ name: 'orders', fields: [], length: 0 }];
const warning = (text: string): QueryResultMetaNotice => ({ severity: 'warning', text });

describe('createResponseGate', () => {
  it('lets the first response through, even with no frames and no notices', () => {
    expect(createResponseGate()([], [])).toBe(true);
  });

  it('holds back a response with the same frames and the same notice texts', () => {
    const gate = createResponseGate();
    const shown = frames();
    gate(shown, [warning('stale')]);
    expect(gate(shown, [warning('stale')])).toBe(false);
  });

  it.each([
    ['the frames are a new array', frames(), [warning('stale')]],
    ['a notice text changed', undefined, [warning('stale for 12 s')]],
    ['a notice went away', undefined, []],
    ['a notice was added', undefined, [warning('stale'), warning('2 messages skipped')]],
    ['a notice changed severity', undefined, [{ severity: 'error', text: 'stale' } as QueryResultMetaNotice]],
  ])('lets a response through when %s', (_case, nextFrames, nextNotices) => {
    const gate = createResponseGate();
    const shown = frames();
    gate(shown, [warning('stale')]);
    expect(gate(nextFrames ?? shown, nextNotices)).toBe(true);
  });

  it('compares with the last response it let through, not with the first', () => {
    const gate = createResponseGate();
    const first = frames();
    const second = frames();
    gate(first, []);
    gate(second, []);
    expect(gate(second, [])).toBe(false);
    expect(gate(first, [])).toBe(true);
  });
});
