/**
 * Latency samples counted in HdrHistogram's own buckets for the load tool's histograms
 * (`createHistogram`: integer µs, 3 significant digits, so 2,048 sub-buckets per power of two),
 * with the bucket found in a few integer steps (`Math.clz32`) instead of hdr-histogram-js's
 * `log2`/`pow` per value. The fast path records every event here; `drain` hands each non-empty
 * bucket to HDR histograms once a second, as its lowest value with its count (the smallest and
 * largest samples as themselves, for HDR's exact min and max), which lands in the same bucket: the
 * histograms end up exactly as if every sample had been recorded into them.
 * Values must be whole µs below 2^32 (`recordMs` clamps to one hour).
 */
const SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
const SUB_BUCKET_MASK = 2 * SUB_BUCKET_HALF_COUNT - 1;
/** Buckets 0…21 cover 0 … 2^32 − 1; bucket 0 uses the lower half of its sub-buckets too. */
const LENGTH = (22 + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE;

/** HdrHistogram's counts index of `us` (a whole number below 2^32). */
export function bucketIndexOf(us: number): number {
  // floor(log2(us)) − 10, at least 0: bucket k holds 2^(k+10) … 2^(k+11) − 1 in steps of 2^k.
  const bucket = 21 - Math.clz32(us | SUB_BUCKET_MASK);
  return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + ((us >>> bucket) - SUB_BUCKET_HALF_COUNT);
}

/** The lowest value of the bucket at `index` (HdrHistogram's `valueFromIndex`). */
export function lowestValueAt(index: number): number {
  let bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  let subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  if (bucket < 0) {
    subBucket -= SUB_BUCKET_HALF_COUNT;
    bucket = 0;
  }
  return subBucket * 2 ** bucket;
}

export class LatencyCounts {
  private readonly counts = new Uint32Array(LENGTH);
  private min = Infinity;
  private max = -1;

  record(us: number): void {
    this.counts[bucketIndexOf(us)] += 1;
    if (us < this.min) {
      this.min = us;
    }
    if (us > this.max) {
      this.max = us;
    }
  }

  /** Hand every non-empty bucket (a value in it and a count) to `into`, then start empty. */
  drain(into: (value: number, count: number) => void): void {
    if (this.max < 0) {
      return;
    }
    const lowest = bucketIndexOf(this.min);
    const highest = bucketIndexOf(this.max);
    for (let index = lowest; index <= highest; index += 1) {
      let count = this.counts[index];
      if (count === 0) {
        continue;
      }
      this.counts[index] = 0;
      if (index === lowest) {
        into(this.min, 1);
        count -= 1;
      }
      if (index === highest && count > 0) {
        into(this.max, 1);
        count -= 1;
      }
      if (count > 0) {
        into(lowestValueAt(index), count);
      }
    }
    this.min = Infinity;
    this.max = -1;
  }
}
