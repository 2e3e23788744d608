import { detailLines, MAX_DETAIL_DEPTH, MAX_DETAIL_LINES } from './detailLines';

describe('detailLines', () => {
  it.each([
    {
      name: 'plain fields, one line each',
      details: { orderId: 'ord-1', qty: 10, ok: true, reason: null },
      lines: [
        [0, 'orderId', 'ord-1'],
        [0, 'qty', '10'],
        [0, 'ok', 'true'],
        [0, 'reason', '–'],
      ],
    },
    {
      name: 'a decision trace as an indented block under its key',
      details: { kind: 'decision_trace', trace: { reason: 'RSI oversold', confidence: 0.85 } },
      lines: [
        [0, 'kind', 'decision_trace'],
        [0, 'trace', ''],
        [1, 'reason', 'RSI oversold'],
        [1, 'confidence', '0.85'],
      ],
    },
    {
      name: 'an array of plain values as one line',
      details: { instrument_types: ['EQ', 'FUT'] },
      lines: [[0, 'instrument_types', 'EQ, FUT']],
    },
    {
      name: 'an array of objects as numbered blocks',
      details: { top: [{ symbol: 'TCS' }, { symbol: 'INFY' }] },
      lines: [
        [0, 'top', ''],
        [1, '[0]', ''],
        [2, 'symbol', 'TCS'],
        [1, '[1]', ''],
        [2, 'symbol', 'INFY'],
      ],
    },
  ])('shows $name', ({ details, lines }) => {
    expect(detailLines(details).map((line) => [line.depth, line.key, line.text])).toEqual(lines);
  });

  it('never prints [object Object]', () => {
    const text = detailLines({ a: { b: { c: [{ d: { e: { f: 1 } } }] } } })
      .map((line) => line.text)
      .join(' ');
    expect(text).not.toContain('[object Object]');
  });

  it('summarises values nested deeper than the limit as JSON text', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < MAX_DETAIL_DEPTH + 2; i++) {
      deep = { next: deep };
    }
    const lines = detailLines(deep);
    expect(Math.max(...lines.map((line) => line.depth))).toBe(MAX_DETAIL_DEPTH);
    expect(lines[lines.length - 1].text).toBe('{"next":{"leaf":1}}');
  });

  it('keeps a bounded number of lines and counts the rest', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_DETAIL_LINES + 5 }, (_, i) => [`k${i}`, i]));
    const lines = detailLines(many);
    expect(lines).toHaveLength(MAX_DETAIL_LINES + 1);
    expect(lines[lines.length - 1]).toEqual({ depth: 0, key: '…', text: '5 more lines' });
  });
});
