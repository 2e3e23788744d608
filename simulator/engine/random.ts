/**
 * The engine's only source of randomness: a small, well-known seeded generator (sfc32, seeded
 * through splitmix32) passed explicitly to whatever needs it. Each subsystem gets its own stream
 * (`deriveSeed(seed, 'market')`), so adding orders does not shift the price path.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Standard normal variate (mean 0, standard deviation 1). */
  normal(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs, as sfc32's authors recommend, to mix the seed in.
  for (let i = 0; i < 12; i++) {
    uint32();
  }
  const next = (): number => uint32() / 4294967296;
  let spare: number | undefined;
  return {
    next,
    uint32,
    normal() {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      // Box-Muller: two normals per pair of uniforms; 1 - next() is in (0, 1], so log is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    between(min, max) {
      return min + next() * (max - min);
    },
    chance(probability) {
      return next() < probability;
    },
    pick(items) {
      return items[Math.floor(next() * items.length)];
    },
  };
}

/** A seed for one named subsystem, derived from the engine seed (FNV-1a over the label). */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ Math.floor(seed / 4294967296), 0x01000193);
  return hash >>> 0;
}
