import { EventHistory } from './EventHistory';

const event = (seq: number, size = 10) => ({ seq, bytes: Buffer.alloc(size) });
const seqs = (history: EventHistory<{ seq: number; bytes: Buffer }>) => history.toArray().map((e) => e.seq);

describe('EventHistory', () => {
  it('keeps the newest events up to the count bound', () => {
    const history = new EventHistory(3, 1_000_000);
    [1, 2, 3, 4, 5].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([3, 4, 5]);
    expect(history.bytes).toBe(30);
  });

  it('keeps the newest events up to the byte bound, and always the newest one', () => {
    const history = new EventHistory(100, 25);
    [1, 2, 3].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([2, 3]);
    history.push(event(4, 100));
    expect(seqs(history)).toEqual([4]);
  });

  it('keeps nothing with a count of 0', () => {
    const history = new EventHistory(0, 100);
    history.push(event(1));
    expect(history.length).toBe(0);
  });

  it('stays correct across compactions', () => {
    const history = new EventHistory(10, 1_000_000);
    for (let seq = 1; seq <= 5000; seq += 1) {
      history.push(event(seq));
    }
    expect(seqs(history)).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
  });
});
