import { withTicket } from './withTicket';

describe('withTicket', () => {
  it.each([
    ['ws://h:1/telemetry', undefined, 'ws://h:1/telemetry'],
    ['ws://h:1/telemetry', 'abc', 'ws://h:1/telemetry?ticket=abc'],
    ['wss://h/telemetry?tenant=a', 'a b&c/d', 'wss://h/telemetry?tenant=a&ticket=a+b%26c%2Fd'],
    ['ws://h/telemetry?ticket=old&x=1', 'new', 'ws://h/telemetry?ticket=new&x=1'],
  ])('%s with ticket %p → %s', (url, ticket, expected) => {
    expect(withTicket(url, ticket)).toBe(expected);
  });
});
