import { Subject, VirtualTimeScheduler } from 'rxjs';
import { createRepaintClock } from './repaintClock';

const WINDOW_MS = 100;

/** A clock on virtual time and a log of `name@ms` for each repaint. */
function setup() {
  const scheduler = new VirtualTimeScheduler();
  const clock = createRepaintClock(WINDOW_MS, scheduler);
  const log: string[] = [];
  const stream = (name: string) => {
    const source = new Subject<number>();
    const subscription = source.pipe(clock.paced()).subscribe({
      next: () => log.push(`${name}@${scheduler.now()}`),
      complete: () => log.push(`${name} done@${scheduler.now()}`),
    });
    return { source, subscription };
  };
  /** Changes given as [stream, at ms]; runs virtual time to the end. */
  const run = (changes: Array<[Subject<number>, number]>) => {
    changes.forEach(([source, at]) => scheduler.schedule(() => source.next(at), at));
    scheduler.flush();
  };
  return { scheduler, log, stream, run };
}

describe('createRepaintClock', () => {
  it.each([
    { case: 'one change repaints at once', changes: [0], expected: ['a@0'] },
    {
      case: 'changes within a window repaint once more when it ends',
      changes: [0, 10, 50],
      expected: ['a@0', 'a@100'],
    },
    {
      case: 'a change after a quiet window repaints at once again',
      changes: [0, 250],
      expected: ['a@0', 'a@250'],
    },
    {
      case: 'a steady flow repaints once per window',
      changes: [0, 30, 60, 90, 120, 150, 180, 210],
      expected: ['a@0', 'a@100', 'a@200', 'a@300'],
    },
  ])('$case', ({ changes, expected }) => {
    const { log, stream, run } = setup();
    const a = stream('a');
    run(changes.map((at) => [a.source, at]));
    expect(log).toEqual(expected);
  });

  it('repaints every stream that changed during a window together when it ends', () => {
    const { log, stream, run } = setup();
    const a = stream('a');
    const b = stream('b');
    const c = stream('c');
    run([
      [a.source, 0],
      [b.source, 0],
      [c.source, 0],
      [a.source, 150],
      [b.source, 170],
      [c.source, 220],
      [a.source, 230],
    ]);
    expect(log).toEqual(['a@0', 'b@0', 'c@0', 'a@150', 'b@250', 'c@250', 'a@250']);
  });

  it("shows a stream's first change at once even inside another stream's window", () => {
    const { log, stream, run } = setup();
    const a = stream('a');
    const b = stream('b');
    run([
      [a.source, 0],
      [b.source, 20],
      [b.source, 30],
    ]);
    expect(log).toEqual(['a@0', 'b@20', 'b@100']);
  });

  it('repaints every stream that changed in one task together at once, after a quiet window', () => {
    const { scheduler, log, stream, run } = setup();
    const a = stream('a');
    const b = stream('b');
    run([
      [a.source, 0],
      [b.source, 0],
    ]);
    // One message with news for both channels.
    scheduler.schedule(() => {
      a.source.next(150);
      b.source.next(150);
    }, 150);
    scheduler.flush();
    expect(log).toEqual(['a@0', 'b@0', 'a@150', 'b@150']);
  });

  it('runs no timer for a window in which no change waits', () => {
    const { scheduler, log, stream, run } = setup();
    const a = stream('a');
    run([
      [a.source, 0],
      [a.source, 250],
    ]);
    expect(log).toEqual(['a@0', 'a@250']);
    // Virtual time stops at the last action that ran: no window end was scheduled after 250.
    expect(scheduler.now()).toBe(250);
  });

  it('keeps a stream that did not change out of the shared repaint', () => {
    const { log, stream, run } = setup();
    const a = stream('a');
    stream('b');
    run([
      [a.source, 0],
      [a.source, 40],
    ]);
    expect(log).toEqual(['a@0', 'a@100']);
  });

  it('shows the last change of a stream that completes inside a window before it completes', () => {
    const { scheduler, log, stream } = setup();
    const a = stream('a');
    scheduler.schedule(() => a.source.next(0), 0);
    scheduler.schedule(() => a.source.next(30), 30);
    scheduler.schedule(() => a.source.complete(), 40);
    scheduler.flush();
    expect(log).toEqual(['a@0', 'a@40', 'a done@40']);
  });

  it('forgets the pending repaint of a stream unsubscribed inside a window', () => {
    const { scheduler, log, stream } = setup();
    const a = stream('a');
    const b = stream('b');
    scheduler.schedule(() => a.source.next(0), 0);
    scheduler.schedule(() => b.source.next(0), 0);
    scheduler.schedule(() => b.source.next(10), 10);
    scheduler.schedule(() => b.subscription.unsubscribe(), 20);
    scheduler.schedule(() => a.source.next(30), 30);
    scheduler.flush();
    expect(log).toEqual(['a@0', 'b@0', 'a@100']);
  });

  it('leaves no timer behind once the last stream is unsubscribed', () => {
    const { scheduler, stream } = setup();
    const a = stream('a');
    a.source.next(0);
    a.source.next(1);
    expect(scheduler.actions.length).toBe(1);
    a.subscription.unsubscribe();
    expect(scheduler.actions.filter((action) => !action.closed)).toEqual([]);
  });
});
