/**
 * The receipt time of frames: one clock read per socket read instead of one per frame. Every
 * frame `ws` parses out of one read from the socket arrived at the same moment; they are handled
 * in one synchronous run, after which Node runs queued microtasks before the next read's
 * callback. So the first frame reads the clock and queues a microtask that forgets the reading,
 * and the other frames of that read reuse it.
 */
export function createReceiptClock(now: () => number): () => number {
  let reading: number | undefined;
  const forget = () => {
    reading = undefined;
  };
  return () => {
    if (reading === undefined) {
      reading = now();
      queueMicrotask(forget);
    }
    return reading;
  };
}
