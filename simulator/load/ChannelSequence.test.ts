import { SequenceTracker } from '../../src/client/SequenceTracker';
import type { Channel } from '../../src/protocol';
import { ChannelSequence, DUPLICATE, IN_ORDER } from './ChannelSequence';

type Step = [epoch: string | undefined, seq: number | undefined, snapshot: boolean];

/** The client's tracker's verdict in the same number form. */
function clientVerdicts(channel: Channel, steps: Step[]): number[] {
  const tracker = new SequenceTracker();
  return steps.map(([epoch, seq, snapshot]) => {
    const verdict = tracker.observe(channel, epoch, seq, snapshot);
    return verdict.kind === 'gap' ? verdict.toSeq - verdict.fromSeq + 1 : verdict.kind === 'duplicate' ? DUPLICATE : 0;
  });
}

function ourVerdicts(channel: Channel, steps: Step[]): number[] {
  const sequence = new ChannelSequence(channel);
  return steps.map(([epoch, seq, snapshot]) => sequence.observe(epoch, seq, snapshot));
}

describe('ChannelSequence', () => {
  it.each<[string, Channel, Step[], number[]]>([
    [
      'counts nothing for events in order',
      'orders',
      [
        ['e', 1, false],
        ['e', 2, false],
        ['e', 3, false],
      ],
      [0, 0, 0],
    ],
    [
      'counts a jump as a gap of the missing events',
      'orders',
      [
        ['e', 1, false],
        ['e', 5, false],
      ],
      [0, 3],
    ],
    [
      'calls a repeated event a duplicate',
      'activity',
      [
        ['e', 4, false],
        ['e', 4, false],
        ['e', 3, false],
      ],
      [0, DUPLICATE, DUPLICATE],
    ],
    [
      'never finds gaps or duplicates on a state channel',
      'market',
      [
        ['e', 1, false],
        ['e', 9, false],
        ['e', 2, false],
      ],
      [0, 0, 0],
    ],
    [
      'never finds a gap or a duplicate in a snapshot',
      'orders',
      [
        ['e', 5, false],
        ['e', 5, true],
        ['e', 9, true],
        ['e', 10, false],
      ],
      [0, 0, 0, 0],
    ],
    [
      'starts afresh in a new epoch',
      'orders',
      [
        ['a', 7, false],
        ['b', 1, false],
        ['b', 3, false],
      ],
      [0, 0, 1],
    ],
    [
      'tracks nothing without an epoch or a seq',
      'orders',
      [
        [undefined, 1, false],
        ['e', undefined, false],
        ['e', 2, false],
        ['e', 2, false],
      ],
      [0, 0, 0, DUPLICATE],
    ],
  ])('%s', (_name, channel, steps, expected) => {
    expect(ourVerdicts(channel, steps)).toEqual(expected);
    expect(clientVerdicts(channel, steps)).toEqual(expected);
  });

  it("gives the client's verdicts on 2,000 shuffled steps of every kind", () => {
    let state = 7;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    for (const channel of ['orders', 'market'] as Channel[]) {
      const steps: Step[] = Array.from({ length: 2000 }, () => [
        next(20) === 0 ? undefined : ['a', 'b'][next(50) === 0 ? 1 : 0],
        next(30) === 0 ? undefined : next(40),
        next(10) === 0,
      ]);
      expect(ourVerdicts(channel, steps)).toEqual(clientVerdicts(channel, steps));
    }
  });

  it('starts from a point it was given', () => {
    const sequence = new ChannelSequence('orders');
    sequence.set('e', 10);
    expect([sequence.observe('e', 10, false), sequence.observe('e', 12, false)]).toEqual([DUPLICATE, 1]);
    expect(sequence.observe('e', 13, false)).toBe(IN_ORDER);
  });
});
