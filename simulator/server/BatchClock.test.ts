import { BatchClock, type BatchMember } from './BatchClock';

/** A member that records when its windows end and joins again on each `receive`. */
function member(clock: BatchClock, windowMs: number, ended: Array<[string, number]>, name: string) {
  let waiting = false;
  const self: BatchMember & { receive(): void } = {
    windowEnded: () => {
      waiting = false;
      ended.push([name, Date.now()]);
    },
    receive: () => {
      if (!waiting) {
        waiting = true;
        clock.join(self, windowMs);
      }
    },
  };
  return self;
}

describe('BatchClock', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it.each([
    {
      case: 'one member: its window ends windowMs after its first event',
      joins: [['a', 10, 3]],
      ends: [['a', 13]],
    },
    {
      case: 'members of one length share the window the first opened',
      joins: [
        ['a', 10, 0],
        ['b', 10, 4],
        ['c', 10, 9],
      ],
      ends: [
        ['a', 10],
        ['b', 10],
        ['c', 10],
      ],
    },
    {
      case: 'a member joining after a window ended waits for the next one',
      joins: [
        ['a', 10, 0],
        ['b', 10, 10],
        ['a', 10, 12],
      ],
      ends: [
        ['a', 10],
        ['b', 20],
        ['a', 20],
      ],
    },
    {
      case: 'each window length has its own clock',
      joins: [
        ['a', 10, 0],
        ['b', 25, 1],
        ['c', 10, 2],
      ],
      ends: [
        ['a', 10],
        ['c', 10],
        ['b', 26],
      ],
    },
  ] as Array<{ case: string; joins: Array<[string, number, number]>; ends: Array<[string, number]> }>)(
    '$case',
    ({ joins, ends }) => {
      const clock = new BatchClock();
      const ended: Array<[string, number]> = [];
      const members = new Map<string, ReturnType<typeof member>>();
      let now = 0;
      for (const [name, windowMs, at] of joins) {
        jest.advanceTimersByTime(at - now);
        now = at;
        if (!members.has(name)) {
          members.set(name, member(clock, windowMs, ended, name));
        }
        members.get(name)!.receive();
      }
      jest.advanceTimersByTime(1000);
      expect(ended).toEqual(ends);
    }
  );

  it('runs one timer per window length, however many members wait in it', () => {
    const clock = new BatchClock();
    const ended: Array<[string, number]> = [];
    for (let i = 0; i < 100; i += 1) {
      member(clock, 10, ended, `m${i}`).receive();
    }
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(10);
    expect(ended).toHaveLength(100);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('forgets a member that left, and stops a window nobody waits for', () => {
    const clock = new BatchClock();
    const ended: Array<[string, number]> = [];
    const a = member(clock, 10, ended, 'a');
    const b = member(clock, 10, ended, 'b');
    a.receive();
    b.receive();
    clock.leave(a);
    expect(clock.openWindows).toBe(1);
    clock.leave(b);
    expect(clock.openWindows).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(100);
    expect(ended).toEqual([]);
  });

  it('does not flush a member that left during the flush of an earlier one', () => {
    const clock = new BatchClock();
    const ended: string[] = [];
    const b: BatchMember = { windowEnded: () => ended.push('b') };
    const a: BatchMember = {
      windowEnded: () => {
        ended.push('a');
        clock.leave(b);
      },
    };
    clock.join(a, 10);
    clock.join(b, 10);
    jest.advanceTimersByTime(10);
    expect(ended).toEqual(['a']);
  });
});
