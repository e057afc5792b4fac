/**
 * Seeded randomness. Everything the simulator generates must repeat exactly for
 * a given seed, so nothing here may touch Math.random or the clock.
 */

/** Mixes any number of 32-bit inputs into one well-distributed 32-bit value. */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A float in [0, 1) that depends only on its inputs (for per-event details). */
export function unitHash(...values: number[]): number {
  return hash32(...values) / 4294967296;
}

/** mulberry32: tiny, fast and good enough for test data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = hash32(seed) >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    }
    return out.slice(0, length);
  }

  /** `count` distinct integers from [min, max] in random order. */
  distinct(count: number, min: number, max: number): number[] {
    const span = max - min + 1;
    const wanted = Math.max(0, Math.min(count, span));
    if (wanted * 3 > span) {
      const all = Array.from({ length: span }, (_, i) => min + i);
      this.shuffle(all);
      return all.slice(0, wanted);
    }
    const seen = new Set<number>();
    const out: number[] = [];
    while (out.length < wanted) {
      const n = this.int(min, max);
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
    }
    return out;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * Independent stream per purpose, so adding a draw in one generator never
 * shifts the values of another one.
 */
export function streamFor(seed: number, purpose: string): Random {
  let h = seed >>> 0;
  for (let i = 0; i < purpose.length; i++) h = hash32(h, purpose.charCodeAt(i));
  return new Random(h);
}

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * Mongo-style 24-hex ids: 8 hex of creation seconds, then a 16-hex counter
 * (a per-tenant salt and a sequence number), so sorting by `_id` sorts by
 * creation time and ids never collide between tenants.
 */
export class ObjectIdFactory {
  private counter = 0;

  constructor(private readonly salt: number) {}

  next(createdMs: number): string {
    this.counter += 1;
    return objectId(createdMs, this.salt, this.counter);
  }
}

export function objectId(
  createdMs: number,
  salt: number,
  counter: number,
): string {
  return hex8(Math.floor(createdMs / 1000)) + hex8(salt) + hex8(counter);
}

/** `count` random instants in [fromMs, toMs), in order. */
export function sortedTimes(
  rng: Random,
  count: number,
  fromMs: number,
  toMs: number,
): number[] {
  const span = Math.max(1, toMs - fromMs);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++)
    out[i] = fromMs + Math.floor(rng.next() * span);
  out.sort();
  return Array.from(out);
}
