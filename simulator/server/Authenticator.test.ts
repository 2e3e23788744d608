import { Authenticator } from './Authenticator';

function create(enabled = true) {
  let now = 1_000;
  let id = 0;
  const auth = new Authenticator({
    enabled,
    apiKeys: ['first-key-123', 'second-key-456'],
    ticketTtlMs: 30_000,
    now: () => now,
    randomId: () => `ticket-${++id}`,
  });
  return { auth, advance: (ms: number) => (now += ms) };
}

describe('Authenticator', () => {
  it.each([
    ['Bearer first-key-123', { kind: 'api-key', keyIndex: 0 }],
    ['bearer second-key-456', { kind: 'api-key', keyIndex: 1 }],
    ['Bearer  first-key-123 ', { kind: 'api-key', keyIndex: 0 }],
    ['Bearer first-key-12', undefined],
    ['first-key-123', undefined],
    ['Basic Zmlyc3Q=', undefined],
    [undefined, undefined],
  ])('checks %j', (header, expected) => {
    expect(create().auth.checkBearer(header)).toEqual(expected);
  });

  it('accepts everything when disabled', () => {
    expect(create(false).auth.authenticateUpgrade(undefined, null)).toEqual({ kind: 'none' });
  });

  it('redeems a ticket once', () => {
    const { auth } = create();
    const { ticket, expiresInMs } = auth.issueTicket();
    expect(expiresInMs).toBe(30_000);
    expect(auth.authenticateUpgrade(undefined, ticket)).toEqual({ kind: 'ticket' });
    expect(auth.authenticateUpgrade(undefined, ticket)).toBeUndefined();
  });

  it('refuses an expired ticket', () => {
    const { auth, advance } = create();
    const { ticket } = auth.issueTicket();
    advance(30_000);
    expect(auth.redeemTicket(ticket)).toBeUndefined();
  });

  it('refuses an unknown ticket and a bad key without a ticket', () => {
    const { auth } = create();
    expect(auth.authenticateUpgrade('Bearer nope-nope-nope', 'made-up')).toBeUndefined();
  });
});
