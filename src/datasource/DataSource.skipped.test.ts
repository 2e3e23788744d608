/**
 * Bad input never ends a query and never goes unseen: every message the instance skipped is
 * counted per channel and shown on each running query of that channel, REST bodies are checked
 * element by element, and a fuzzed REST body never ends a stream.
 */
import fc from 'fast-check';
import { type DataFrame } from '@grafana/data';
import type { ClientError, SkippedMessage } from '../client';
import { CHANNELS, type Channel } from '../protocol';
import { eventOf, order, position, snapshot, T0 } from './testing/channelItems';
import { collect, notices, request, setup } from './testing/dataSourceHarness';

const parseError = (why: string): ClientError => ({
  code: 'PARSE_ERROR',
  what: 'Skipped an invalid message from the server',
  why,
  how: 'check the server',
  at: T0,
});
const skipped = (why: string, channel?: Channel): SkippedMessage => ({
  ...(channel ? { channel } : {}),
  error: parseError(why),
  source: 'websocket',
});
const texts = (frames: DataFrame[]) => notices(frames).map((notice) => notice.text);
const column = (frame: DataFrame, name: string) => frame.fields.find((field) => field.name === name)?.values;

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('skipped messages', () => {
  it('shows the count and the last reason on every running query of the channel; one without a channel counts for all', async () => {
    const { ds, clients } = setup();
    const orders = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    const alsoOrders = collect(ds.query(request([{ refId: 'B', channel: 'orders' }])));
    const account = collect(ds.query(request([{ refId: 'C', channel: 'account' }])));
    clients[0].skippedSubject.next(skipped('data.order.qty: expected a number', 'orders'));
    clients[0].skippedSubject.next(skipped('not valid JSON'));
    clients[0].skippedSubject.next(skipped('data.order.side: required field is missing', 'orders'));
    await jest.advanceTimersByTimeAsync(200);
    const expected = [
      expect.stringMatching(
        /^3 messages skipped \(last: Skipped an invalid message from the server: data\.order\.side: required field is missing\)\. Why: .*How: check the server\.$/
      ),
    ];
    expect(texts(orders.framesOf('A'))).toEqual(expected);
    expect(texts(alsoOrders.framesOf('B'))).toEqual(expected);
    expect(texts(account.framesOf('C'))).toEqual([
      expect.stringMatching(/^1 message skipped \(last: Skipped an invalid message from the server: not valid JSON\)/),
    ]);
    [orders, alsoOrders, account].forEach((run) => run.subscription.unsubscribe());
  });

  it('hands the client a logger that writes each skip to the browser console with its reason', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ds, clients } = setup();
    ds.getClient();
    clients[0].options.logger?.warn('skipped a frame that is not valid MCI protocol', parseError('not valid JSON'));
    expect(warn).toHaveBeenCalledWith(
      'MCI data source: skipped a frame that is not valid MCI protocol: Skipped an invalid message from the server. Why: not valid JSON',
      expect.objectContaining({ code: 'PARSE_ERROR' })
    );
  });

  it('skips only the invalid events of a history body, and counts and logs them', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const good = (n: number) => {
      const item = eventOf('activity', T0 - 1000 + n, n);
      return item.kind === 'event' ? item.message : undefined;
    };
    const { ds } = setup({}, () => ({ events: [good(1), null, { event: 'activity:log', data: { id: 7 } }, good(2)] }));
    const run = collect(ds.query(request([{ refId: 'A', channel: 'activity' }])));
    await jest.advanceTimersByTimeAsync(200);
    expect(column(run.framesOf('A')[0], 'id')).toEqual(['a-1', 'a-2']);
    expect(texts(run.framesOf('A'))).toEqual([
      expect.stringMatching(
        /^2 messages skipped \(last: Skipped an invalid item of the activity history: events\[2\]: data\.id: expected a string/
      ),
    ]);
    expect(warn).toHaveBeenCalledTimes(2);
    run.subscription.unsubscribe();
  });

  it('keeps the valid rows of a REST snapshot with a bad element, and the stream goes on', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'positions' }])));
    clients[0].emit(snapshot('positions', [position({ symbol: 'TCS' }), null, position({ symbol: 'INFY' })]));
    clients[0].emit(snapshot('orders', 'not a list'));
    await jest.advanceTimersByTimeAsync(200);
    expect(column(run.framesOf('A')[0], 'symbol')).toEqual(['TCS', 'INFY']);
    expect(texts(run.framesOf('A'))).toEqual([
      expect.stringMatching(/^1 message skipped \(last: .*positions snapshot: \[1\]/),
    ]);
    run.subscription.unsubscribe();
  });

  it('lists the symbols of the valid market entries and counts the invalid ones', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const quote = (symbol: string) => ({
      symbol,
      price: 10,
      change: 0,
      changePercent: 0,
      volume: 1,
      high: 11,
      low: 9,
      open: 10,
      timestamp: T0,
    });
    const { ds } = setup({}, (_method, url) =>
      url.endsWith('/market') ? [quote('TCS'), null, { symbol: 5 }, quote('INFY')] : { events: [] }
    );
    const values = await ds.metricFindQuery({ refId: 'v', query: 'symbols' });
    expect(values.map((value) => value.text)).toEqual(['INFY', 'TCS']);
    const run = collect(ds.query(request([{ refId: 'A', channel: 'market' }])));
    await jest.advanceTimersByTimeAsync(200);
    expect(texts(run.framesOf('A'))).toEqual([expect.stringMatching(/^2 messages skipped \(last: .*\[2\]/)]);
    run.subscription.unsubscribe();
  });
});

describe('fuzzed REST bodies', () => {
  it('never end a stream: history bodies and snapshot items of any shape, then live data still shows', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        events: fc.array(
          fc.oneof(
            fc.jsonValue(),
            fc.record({
              event: fc.constantFrom('orders:update', 'market:update', 'account:update'),
              data: fc.jsonValue(),
            })
          ),
          { maxLength: 5 }
        ),
      })
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNELS),
        body,
        fc.array(fc.jsonValue(), { maxLength: 3 }),
        async (channel, history, snapshots) => {
          const { ds, clients } = setup({}, () => history);
          const run = collect(ds.query(request([{ refId: 'A', channel }])));
          let ended = false;
          run.subscription.add(() => (ended = true));
          for (const data of snapshots) {
            clients[0].emit(snapshot(channel, data, Date.now()));
          }
          clients[0].emit(eventOf(channel, Date.now(), 1));
          await jest.advanceTimersByTimeAsync(200);
          const frames = run.framesOf('A');
          const running = !ended;
          run.subscription.unsubscribe();
          return running && frames.some((frame) => frame.length > 0);
        }
      ),
      { numRuns: 150 }
    );
  });

  it('never end a stream when a snapshot element is any JSON value', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 4 }), async (elements) => {
        const { ds, clients } = setup();
        const run = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
        clients[0].emit(snapshot('orders', [...elements, order({ id: 'kept' })], Date.now()));
        await jest.advanceTimersByTimeAsync(200);
        const ids = column(run.framesOf('A')[0], 'id') ?? [];
        run.subscription.unsubscribe();
        return ids.includes('kept');
      }),
      { numRuns: 100 }
    );
  });
});
