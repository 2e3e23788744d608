import type { Channel } from '../protocol';
import { SequenceTracker } from './SequenceTracker';

type Step = [Channel, string | undefined, number | undefined, boolean, string];

function verdicts(steps: Step[]): string[] {
  const tracker = new SequenceTracker();
  return steps.map(([channel, epoch, seq, snapshot]) => {
    const verdict = tracker.observe(channel, epoch, seq, snapshot);
    return verdict.kind === 'gap' ? `gap:${verdict.fromSeq}-${verdict.toSeq}` : verdict.kind;
  });
}

describe('SequenceTracker', () => {
  it.each<[string, Step[]]>([
    [
      'consecutive events are in order',
      [
        ['orders', 'e', 1, false, 'in-order'],
        ['orders', 'e', 2, false, 'in-order'],
      ],
    ],
    [
      'a jump on an event channel is a gap',
      [
        ['orders', 'e', 1, false, 'in-order'],
        ['orders', 'e', 4, false, 'gap:2-3'],
      ],
    ],
    [
      'a jump on a state channel is fine',
      [
        ['market', 'e', 1, false, 'in-order'],
        ['market', 'e', 9, false, 'in-order'],
      ],
    ],
    [
      'a repeated event is a duplicate',
      [
        ['activity', 'e', 2, false, 'in-order'],
        ['activity', 'e', 2, false, 'duplicate'],
      ],
    ],
    [
      'a snapshot repeating the seq is not',
      [
        ['positions', 'e', 2, false, 'in-order'],
        ['positions', 'e', 2, true, 'in-order'],
      ],
    ],
    [
      'a new epoch restarts the sequence',
      [
        ['orders', 'e1', 50, false, 'in-order'],
        ['orders', 'e2', 1, false, 'in-order'],
        ['orders', 'e2', 2, false, 'in-order'],
      ],
    ],
    [
      'channels are independent',
      [
        ['orders', 'e', 1, false, 'in-order'],
        ['alerts', 'e', 5, false, 'in-order'],
        ['orders', 'e', 2, false, 'in-order'],
      ],
    ],
    [
      'no seq or epoch: nothing to track',
      [
        ['orders', undefined, 1, false, 'in-order'],
        ['orders', 'e', undefined, false, 'in-order'],
      ],
    ],
  ])('%s', (_name, steps) => {
    expect(verdicts(steps)).toEqual(steps.map((step) => step[4]));
  });

  it('gives resume points of the channels it saw, and forgets a channel left', () => {
    const tracker = new SequenceTracker();
    tracker.observe('orders', 'e', 7, false);
    tracker.observe('market', 'e', 3, false);
    expect(tracker.resumePoints(['orders', 'market', 'alerts'])).toEqual({
      orders: { epoch: 'e', seq: 7 },
      market: { epoch: 'e', seq: 3 },
    });
    tracker.forget('orders');
    expect(tracker.resumePoints(['orders'])).toEqual({});
  });
});
