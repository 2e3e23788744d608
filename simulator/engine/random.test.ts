import { createRandom, deriveSeed } from './random';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 8 }, () => random.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws uniforms in [0, 1) and integers within their inclusive bounds', () => {
    const random = createRandom(7);
    const ints = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const x = random.next();
      expect(x >= 0 && x < 1).toBe(true);
      ints.add(random.int(1, 6));
    }
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('draws normals with mean about 0 and standard deviation about 1', () => {
    const random = createRandom(3);
    const n = 50_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      squares += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(squares / n - mean * mean) - 1)).toBeLessThan(0.02);
  });
});

describe('deriveSeed', () => {
  it('gives each subsystem its own stream, stable for a seed', () => {
    expect(deriveSeed(1, 'market')).toBe(deriveSeed(1, 'market'));
    expect(deriveSeed(1, 'market')).not.toBe(deriveSeed(1, 'services'));
    expect(deriveSeed(1, 'market')).not.toBe(deriveSeed(2, 'market'));
  });
});
