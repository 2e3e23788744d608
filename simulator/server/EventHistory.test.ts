import { EventHistory } from './EventHistory';

/** An event whose message is `size` bytes, all of them the seq's last digit (to see overwrites). */
const event = (seq: number, size = 10) => ({ seq, time: 1000 + seq, bytes: Buffer.alloc(size, 48 + (seq % 10)) });
const seqs = (history: EventHistory) => history.toArray().map((e) => e.seq);
/** Whether each kept event reads back exactly the bytes it was pushed with. */
const intact = (history: EventHistory, sizeOf: (seq: number) => number = () => 10) =>
  history.toArray().every((kept) => kept.bytes.equals(event(kept.seq, sizeOf(kept.seq)).bytes));

describe('EventHistory', () => {
  it('keeps the newest events up to the count bound', () => {
    const history = new EventHistory(3, 1_000_000);
    [1, 2, 3, 4, 5].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([3, 4, 5]);
    expect(history.bytes).toBe(30);
    expect(intact(history)).toBe(true);
  });

  it('keeps the newest events up to the byte bound, and always the newest one', () => {
    const history = new EventHistory(100, 25);
    [1, 2, 3].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([2, 3]);
    history.push(event(4, 100));
    expect(seqs(history)).toEqual([4]);
    expect(intact(history, (seq) => (seq === 4 ? 100 : 10))).toBe(true);
  });

  it('goes back to its bounded arena after a message larger than the byte bound', () => {
    const history = new EventHistory(100, 25);
    history.push(event(1, 100));
    expect(history.arenaBytes).toBe(100);
    [2, 3, 4].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([3, 4]);
    expect(history.arenaBytes).toBe(25);
    expect(intact(history)).toBe(true);
  });

  it('keeps nothing with a count of 0', () => {
    const history = new EventHistory(0, 100);
    history.push(event(1));
    expect(history.length).toBe(0);
    expect(history.after(0)).toBeUndefined();
  });

  it('wraps around its arena, overwriting the oldest messages in order', () => {
    // 35 bytes hold three 10-byte messages; the fourth goes back to the start over the first.
    const history = new EventHistory(100, 35);
    [1, 2, 3].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([1, 2, 3]);
    history.push(event(4));
    expect(seqs(history)).toEqual([2, 3, 4]);
    history.push(event(5));
    expect(seqs(history)).toEqual([3, 4, 5]);
    expect(intact(history)).toBe(true);
    expect(history.arenaBytes).toBe(35);
  });

  it('evicts as many of the oldest as a message larger than the free space needs, oldest first', () => {
    const history = new EventHistory(100, 40);
    [1, 2, 3, 4].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([1, 2, 3, 4]);
    // 25 bytes: the arena is full, so 1, 2 and 3 go (the room at the start must reach 25 bytes).
    history.push(event(5, 25));
    expect(seqs(history)).toEqual([4, 5]);
    expect(intact(history, (seq) => (seq === 5 ? 25 : 10))).toBe(true);
    history.push(event(6));
    expect(seqs(history)).toEqual([5, 6]);
    expect(intact(history, (seq) => (seq === 5 ? 25 : 10))).toBe(true);
  });

  it('stays correct over many wraps with messages of mixed sizes, within its byte bound', () => {
    const history = new EventHistory(50, 1000);
    const sizeOf = (seq: number) => 5 + ((seq * 37) % 90);
    let mostBytes = 0;
    for (let seq = 1; seq <= 5000; seq += 1) {
      history.push(event(seq, sizeOf(seq)));
      mostBytes = Math.max(mostBytes, history.bytes);
    }
    expect(mostBytes).toBeLessThanOrEqual(1000);
    const kept = seqs(history);
    expect(kept[kept.length - 1]).toBe(5000);
    expect(kept).toEqual(kept.map((_, i) => kept[0] + i));
    expect(intact(history, sizeOf)).toBe(true);
    expect(history.arenaBytes).toBeLessThanOrEqual(1000);
  });

  it('grows its arena while the count bound is not reached, then stops growing', () => {
    const history = new EventHistory(1000, 16 * 1024 * 1024);
    for (let seq = 1; seq <= 1000; seq += 1) {
      history.push(event(seq, 400));
    }
    const grown = history.arenaBytes;
    expect(grown).toBeGreaterThanOrEqual(400_000);
    expect(grown).toBeLessThanOrEqual(800_000);
    for (let seq = 1001; seq <= 5000; seq += 1) {
      history.push(event(seq, 400));
    }
    expect(history.arenaBytes).toBe(grown);
    expect(history.length).toBe(1000);
    expect(intact(history, () => 400)).toBe(true);
  });

  it('resumes after a seq across a wrap of its arena', () => {
    const history = new EventHistory(100, 35);
    [1, 2, 3, 4, 5].forEach((seq) => history.push(event(seq)));
    expect(history.after(2)?.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(history.after(3)?.map((e) => e.seq)).toEqual([4, 5]);
    expect(history.after(5)).toEqual([]);
    // Seq 2 was evicted: after 1 cannot be answered in full.
    expect(history.after(1)).toBeUndefined();
  });

  it('hands out copies that later events do not overwrite, framed for the wire', () => {
    const history = new EventHistory(100, 35);
    [1, 2, 3].forEach((seq) => history.push(event(seq)));
    const [first] = history.after(0)!;
    [4, 5, 6].forEach((seq) => history.push(event(seq)));
    expect(first.bytes.equals(event(1).bytes)).toBe(true);
    expect(first.time).toBe(1001);
    // An unmasked final text frame: opcode byte, then the payload length, then the payload.
    expect([...first.frame.subarray(0, 2)]).toEqual([0x81, 10]);
    expect(first.frame.subarray(2).equals(first.bytes)).toBe(true);
  });

  it('starts afresh after clear', () => {
    const history = new EventHistory(100, 35);
    [1, 2, 3].forEach((seq) => history.push(event(seq)));
    history.clear();
    expect(history.length).toBe(0);
    expect(history.bytes).toBe(0);
    expect(history.after(0)).toBeUndefined();
    [10, 11].forEach((seq) => history.push(event(seq)));
    expect(seqs(history)).toEqual([10, 11]);
    expect(intact(history)).toBe(true);
  });

  it('stays correct as its entry slots grow and wrap', () => {
    const history = new EventHistory(100, 1_000_000);
    for (let seq = 1; seq <= 5000; seq += 1) {
      history.push(event(seq));
    }
    expect(seqs(history)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i));
    expect(intact(history)).toBe(true);
  });
});
