import { readFileSync } from 'fs';
import { join } from 'path';
import { CLOSE_CODES, ERROR_CATALOGUE, ERROR_CODES, SPEC_ERROR_CODES, errorTriple, wireClose } from './errors';

const reference = readFileSync(join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
/** The cells of every Markdown table row, trimmed (prettier pads the columns). */
const tableRows = reference
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
  );

describe('the error catalogue', () => {
  it.each(ERROR_CODES)('documents %s in docs/protocol.md with its HTTP status', (code) => {
    const row = tableRows.find((cells) => cells[0] === `\`${code}\``);
    expect(row).toBeDefined();
    expect(row).toContain(String(ERROR_CATALOGUE[code].httpStatus));
  });

  it.each(Object.entries(CLOSE_CODES))('documents close code %s (%i)', (name, code) => {
    expect(tableRows).toContainEqual(expect.arrayContaining([String(code), `\`${name}\``]));
  });

  it('holds exactly the five codes of spec 001 as spec codes', () => {
    expect(SPEC_ERROR_CODES.sort()).toEqual([
      'AUTH_REQUIRED',
      'RATE_LIMITED',
      'SERVER_ERROR',
      'SESSION_EXPIRED',
      'SUBSCRIPTION_ERROR',
    ]);
  });

  it('gives every code a complete what/why/how', () => {
    for (const code of ERROR_CODES) {
      const triple = errorTriple(code);
      expect(triple.what.length * triple.why.length * triple.how.length).toBeGreaterThan(0);
    }
  });

  it('lets a caller make one part of the triple more precise', () => {
    expect(errorTriple('SUBSCRIPTION_ERROR', { why: 'Unknown channel "trades"' })).toEqual({
      what: 'Subscription failed',
      why: 'Unknown channel "trades"',
      how: ERROR_CATALOGUE.SUBSCRIPTION_ERROR.how,
    });
  });

  it.each([
    ['AUTH_REQUIRED', { reason: 'error', closeCode: 4001, code: 'AUTH_REQUIRED' }],
    ['SESSION_EXPIRED', { reason: 'session_expired', closeCode: 4002, code: 'SESSION_EXPIRED' }],
    ['RATE_LIMITED', { reason: 'error', closeCode: 4008, code: 'RATE_LIMITED' }],
    ['SERVER_ERROR', { reason: 'error', closeCode: 1011, code: 'SERVER_ERROR' }],
    ['MESSAGE_TOO_LARGE', { reason: 'error', closeCode: 1009, code: 'MESSAGE_TOO_LARGE' }],
    ['HEARTBEAT_TIMEOUT', { reason: 'error', closeCode: 4003 }],
    ['SLOW_CONSUMER', { reason: 'error', closeCode: 4004 }],
    ['CLIENT_DISCONNECT', { reason: 'client_disconnect', closeCode: 1000 }],
    ['SERVER_SHUTDOWN', { reason: 'server_shutdown', closeCode: 1001 }],
  ] as const)('closes for %s with its reason and close code', (cause, expected) => {
    expect(wireClose(cause)).toEqual(expected);
  });
});
