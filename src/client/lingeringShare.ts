/**
 * One shared, reference-counted stream over `source`: the first subscriber subscribes the source,
 * later ones join it, and when the last one leaves the source stays subscribed for `lingerMs`
 * more, so a subscriber that comes back within that time (a re-query) finds it still live. A
 * completed source stays completed: later subscribers complete at once.
 */
import { Subject, share, timer, type MonoTypeOperatorFunction } from 'rxjs';

export function lingeringShare<T>(lingerMs: number): MonoTypeOperatorFunction<T> {
  return share<T>({
    connector: () => new Subject<T>(),
    // A reset on completion would run the refCount-zero reset too, starting a linger timer.
    resetOnComplete: false,
    resetOnRefCountZero: lingerMs > 0 ? () => timer(lingerMs) : true,
  });
}
