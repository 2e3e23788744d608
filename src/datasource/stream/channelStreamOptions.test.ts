import { dateTime, type DataQueryRequest, type ScopedVars } from '@grafana/data';
import { FRAME_DEFAULTS } from '../frames';
import { DATASOURCE_DEFAULTS, type MciOptions, type MciQuery } from '../types';
import {
  channelStreamOptions,
  clampMaxDataPoints,
  interpolateSymbols,
  type TemplateReplace,
} from './channelStreamOptions';

const T0 = 1_767_225_600_000;

/** `$symbol` is a multi-value variable holding INFY and WIPRO; `$all` is its "All". */
const replace: TemplateReplace = (value) => value.replace('$symbol', 'INFY,WIPRO').replace('$all', '$__all');

function request(overrides: Partial<DataQueryRequest<MciQuery>> = {}) {
  const from = dateTime(T0 - 3_600_000);
  const to = dateTime(T0);
  return {
    maxDataPoints: 500,
    intervalMs: 1000,
    range: { from, to, raw: { from, to } },
    scopedVars: {} as ScopedVars,
    ...overrides,
  };
}

const httpGet = async () => ({ events: [] });

describe('interpolateSymbols', () => {
  it.each([
    ['no filter', undefined, []],
    ['plain symbols', ['TCS', 'INFY'], ['TCS', 'INFY']],
    ['a multi-value variable, expanded', ['$symbol'], ['INFY', 'WIPRO']],
    ['a variable and a symbol, without repeats', ['$symbol', 'TCS', 'INFY'], ['INFY', 'WIPRO', 'TCS']],
    ['All, meaning every symbol', ['TCS', '$all'], []],
    ['a star, meaning every symbol', ['*'], []],
    ['blank entries, ignored', [' ', 'TCS '], ['TCS']],
  ] as Array<[string, string[] | undefined, string[]]>)(
    'turns %s into the symbol filter',
    (_case, symbols, expected) => {
      expect(interpolateSymbols(symbols, replace)).toEqual(expected);
    }
  );
});

describe('clampMaxDataPoints', () => {
  it.each([
    [undefined, undefined],
    [0, undefined],
    [-5, undefined],
    [499.6, 500],
    [1000, 1000],
    [10_000_000, FRAME_DEFAULTS.maxBufferSize],
  ])('turns maxDataPoints %p into a buffer size of %p', (maxDataPoints, expected) => {
    expect(clampMaxDataPoints(maxDataPoints)).toBe(expected);
  });
});

describe('channelStreamOptions', () => {
  it.each([
    [
      'the defaults of a bare target',
      { refId: 'A', channel: 'orders' },
      request(),
      { wsUrl: 'ws://h/telemetry' },
      {
        refId: 'A',
        channel: 'orders',
        wsUrl: 'ws://h/telemetry',
        throttleMs: DATASOURCE_DEFAULTS.throttleMs,
        bufferSize: DATASOURCE_DEFAULTS.bufferSize,
        maxDataPoints: 500,
        intervalMs: 1000,
        symbolEvictMs: DATASOURCE_DEFAULTS.symbolEvictMs,
        windowMs: 3_600_000,
        symbols: [],
        orders: [],
        fields: undefined,
        historyFromMs: T0 - 3_600_000,
      },
    ],
    [
      'the target and settings overrides',
      {
        refId: 'B',
        channel: 'market',
        symbols: ['$symbol'],
        orders: ['o-1'],
        fields: ['price'],
        bufferSize: 50,
        symbolEvictMs: 60_000,
      },
      request({ maxDataPoints: 0, intervalMs: 0 }),
      { wsUrl: 'ws://h/telemetry', throttleMs: 250 },
      {
        refId: 'B',
        channel: 'market',
        wsUrl: 'ws://h/telemetry',
        throttleMs: 250,
        bufferSize: 50,
        maxDataPoints: undefined,
        intervalMs: undefined,
        symbolEvictMs: 60_000,
        windowMs: 3_600_000,
        symbols: ['INFY', 'WIPRO'],
        orders: ['o-1'],
        fields: ['price'],
        historyFromMs: T0 - 3_600_000,
      },
    ],
    [
      'no window and no history without a time range',
      { refId: 'C', channel: 'account' },
      request({ range: undefined }),
      {},
      {
        refId: 'C',
        channel: 'account',
        wsUrl: '',
        throttleMs: DATASOURCE_DEFAULTS.throttleMs,
        bufferSize: DATASOURCE_DEFAULTS.bufferSize,
        maxDataPoints: 500,
        intervalMs: 1000,
        symbolEvictMs: DATASOURCE_DEFAULTS.symbolEvictMs,
        windowMs: undefined,
        symbols: [],
        orders: [],
        fields: undefined,
        historyFromMs: undefined,
      },
    ],
  ] as Array<[string, MciQuery, ReturnType<typeof request>, MciOptions, object]>)(
    'gives %s',
    (_case, target, req, jsonData, expected) => {
      expect(channelStreamOptions({ target, request: req, jsonData, replace, httpGet })).toEqual({
        ...expected,
        httpGet,
      });
    }
  );
});
