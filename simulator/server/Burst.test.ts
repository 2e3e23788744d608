import { Burst, type BurstMember } from './Burst';

/** A member that records its ends and joins a burst once, as a sender does. */
function member(burst: Burst, ends: string[], name: string, onEnd?: () => void) {
  let joined = 0;
  return {
    receive() {
      if (joined !== burst.id) {
        joined = burst.id;
        burst.join(this);
      }
    },
    burstEnded() {
      joined = 0;
      ends.push(name);
      onEnd?.();
    },
  } satisfies BurstMember & { receive(): void };
}

describe('Burst', () => {
  it.each([
    { case: 'nothing received: nobody ends', receives: [], ends: [] },
    {
      case: 'each member ends once, in the order it first received',
      receives: ['a', 'b', 'a', 'c', 'b'],
      ends: ['a', 'b', 'c'],
    },
  ])('$case', ({ receives, ends }) => {
    const burst = new Burst();
    const ended: string[] = [];
    const members = new Map(['a', 'b', 'c'].map((name) => [name, member(burst, ended, name)]));
    burst.run(() => {
      receives.forEach((name) => members.get(name)!.receive());
      expect(ended).toEqual([]);
    });
    expect(ended).toEqual(ends);
  });

  it('collects only while a burst runs, and a burst inside a burst ends with the outer one', () => {
    const burst = new Burst();
    const ended: string[] = [];
    const a = member(burst, ended, 'a');
    expect(burst.collecting).toBe(false);
    burst.run(() => {
      burst.run(() => a.receive());
      expect(burst.collecting).toBe(true);
      expect(ended).toEqual([]);
    });
    expect(burst.collecting).toBe(false);
    expect(ended).toEqual(['a']);
  });

  it('starts every burst afresh: a member that ended joins the next one', () => {
    const burst = new Burst();
    const ended: string[] = [];
    const a = member(burst, ended, 'a');
    burst.run(() => a.receive());
    burst.run(() => a.receive());
    expect(ended).toEqual(['a', 'a']);
  });

  it('ends every member when one throws, then throws the error', () => {
    const burst = new Burst();
    const ended: string[] = [];
    const failing = member(burst, ended, 'a', () => {
      throw new Error('write failed');
    });
    const b = member(burst, ended, 'b');
    expect(() =>
      burst.run(() => {
        failing.receive();
        b.receive();
      })
    ).toThrow('write failed');
    expect(ended).toEqual(['a', 'b']);
    burst.run(() => b.receive());
    expect(ended).toEqual(['a', 'b', 'b']);
  });

  it('ends what was received when the publish throws', () => {
    const burst = new Burst();
    const ended: string[] = [];
    const a = member(burst, ended, 'a');
    expect(() =>
      burst.run(() => {
        a.receive();
        throw new Error('engine failed');
      })
    ).toThrow('engine failed');
    expect(ended).toEqual(['a']);
    expect(burst.collecting).toBe(false);
  });
});
