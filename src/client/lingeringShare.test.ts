import { Observable } from 'rxjs';
import { lingeringShare } from './lingeringShare';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function counted() {
  const log: string[] = [];
  const source = new Observable<number>((subscriber) => {
    log.push('subscribe');
    subscriber.next(1);
    return () => log.push('teardown');
  });
  return { log, source };
}

describe('lingeringShare', () => {
  it('subscribes the source once for many subscribers', () => {
    const { log, source } = counted();
    const shared = source.pipe(lingeringShare(1000));
    const a = shared.subscribe();
    const b = shared.subscribe();
    expect(log).toEqual(['subscribe']);
    a.unsubscribe();
    b.unsubscribe();
  });

  it('keeps the source for lingerMs after the last unsubscribe, then tears it down', () => {
    const { log, source } = counted();
    const shared = source.pipe(lingeringShare(1000));
    shared.subscribe().unsubscribe();
    jest.advanceTimersByTime(999);
    expect(log).toEqual(['subscribe']);
    jest.advanceTimersByTime(1);
    expect(log).toEqual(['subscribe', 'teardown']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('lets a subscriber that comes back within the linger join the live source', () => {
    const { log, source } = counted();
    const shared = source.pipe(lingeringShare(1000));
    shared.subscribe().unsubscribe();
    jest.advanceTimersByTime(500);
    const again = shared.subscribe();
    jest.advanceTimersByTime(5000);
    expect(log).toEqual(['subscribe']);
    again.unsubscribe();
    jest.advanceTimersByTime(1000);
    expect(log).toEqual(['subscribe', 'teardown']);
  });

  it('tears down at once without a linger', () => {
    const { log, source } = counted();
    source.pipe(lingeringShare(0)).subscribe().unsubscribe();
    expect(log).toEqual(['subscribe', 'teardown']);
  });

  it('stays completed, without a timer, once the source completes', () => {
    let complete = () => undefined as void;
    const source = new Observable<number>((subscriber) => {
      complete = () => subscriber.complete();
    });
    const shared = source.pipe(lingeringShare(1000));
    let first = false;
    shared.subscribe({ complete: () => (first = true) });
    complete();
    expect(first).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    let later = false;
    shared.subscribe({ complete: () => (later = true) });
    expect(later).toBe(true);
  });
});
