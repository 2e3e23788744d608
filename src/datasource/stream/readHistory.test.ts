import { SPEC_000_DATA_EXAMPLES, SPEC_001_EXAMPLES } from '../../protocol/fixtures/spec001Examples';
import { evenlySpaced, readHistory } from './readHistory';

function accountEvent(seq: number) {
  return { event: 'account:update', seq, data: SPEC_000_DATA_EXAMPLES.account };
}

const ORDER = SPEC_001_EXAMPLES.find((example) => example.name === 'orders:update (partial_fill)')!.message;

/** A server whose store holds `count` account events, answering `pageSize` per page with a cursor. */
function pagedServer(count: number, pageSize: number) {
  const paths: string[] = [];
  const httpGet = async (path: string) => {
    paths.push(path);
    const cursor = Number(new URL(path, 'http://x').searchParams.get('cursor') ?? 0);
    const events = Array.from({ length: Math.min(pageSize, count - cursor) }, (_, i) => accountEvent(cursor + i + 1));
    return {
      epoch: 'e',
      channel: 'account',
      seq: count,
      events,
      ...(cursor + pageSize < count ? { next: String(cursor + pageSize) } : {}),
    };
  };
  return { httpGet, paths };
}

describe('readHistory', () => {
  it('follows the cursor until the whole range is read', async () => {
    const server = pagedServer(25, 10);
    const history = await readHistory(server.httpGet, 'account', 1000, undefined, 0);
    expect(history.items.map((item) => (item.kind === 'event' ? item.seq : -1))).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1)
    );
    expect(server.paths).toHaveLength(3);
    expect(server.paths[1]).toContain('cursor=10');
    expect(server.paths[0]).toContain('from=1000');
  });

  it('reads one page from a server without pages', async () => {
    const httpGet = async () => ({ events: [accountEvent(1), accountEvent(2)] });
    expect((await readHistory(httpGet, 'account', 0, undefined, 0)).items).toHaveLength(2);
  });

  it('keeps evenly spaced samples of a state channel over the whole range past the limit', async () => {
    const history = await readHistory(pagedServer(25, 10).httpGet, 'account', 0, 5, 0);
    expect(history.items.map((item) => (item.kind === 'event' ? item.seq : -1))).toEqual([1, 7, 13, 19, 25]);
  });

  it('keeps the newest events of an event channel past the limit', async () => {
    const orders = [1, 2, 3, 4].map((seq) => ({ ...ORDER, seq }));
    const history = await readHistory(async () => ({ events: orders }), 'orders', 0, 2, 0);
    expect(history.skipped).toEqual([]);
    expect(history.items.map((item) => (item.kind === 'event' ? item.seq : -1))).toEqual([3, 4]);
  });

  it.each([
    [[1, 2, 3, 4, 5], 3, [1, 3, 5]],
    [[1, 2, 3, 4, 5], 1, [5]],
    [[1, 2], 2, [1, 2]],
  ])('evenlySpaced(%j, %d) is %j', (list, count, expected) => {
    expect(evenlySpaced(list, count)).toEqual(expected);
  });
});
