import { FrameHistory } from './FrameHistory';

const frame = (seq: number, size = 10) => ({ seq, bytes: Buffer.alloc(size) });
const seqs = (history: FrameHistory<{ seq: number; bytes: Buffer }>) => history.toArray().map((f) => f.seq);

describe('FrameHistory', () => {
  it('keeps the newest frames up to the count bound', () => {
    const history = new FrameHistory(3, 1_000_000);
    [1, 2, 3, 4, 5].forEach((seq) => history.push(frame(seq)));
    expect(seqs(history)).toEqual([3, 4, 5]);
    expect(history.bytes).toBe(30);
  });

  it('keeps the newest frames up to the byte bound, and always the newest one', () => {
    const history = new FrameHistory(100, 25);
    [1, 2, 3].forEach((seq) => history.push(frame(seq)));
    expect(seqs(history)).toEqual([2, 3]);
    history.push(frame(4, 100));
    expect(seqs(history)).toEqual([4]);
  });

  it('keeps nothing with a count of 0', () => {
    const history = new FrameHistory(0, 100);
    history.push(frame(1));
    expect(history.length).toBe(0);
  });

  it('stays correct across compactions', () => {
    const history = new FrameHistory(10, 1_000_000);
    for (let seq = 1; seq <= 5000; seq += 1) {
      history.push(frame(seq));
    }
    expect(seqs(history)).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
  });
});
