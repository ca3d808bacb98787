// A small, fast, seeded PRNG (mulberry32) with the distributions the simulation needs.
// Each customer gets its own stream, so its history does not depend on scale or horizon.

export function hashSeed(...parts) {
  let h = 2166136261 >>> 0;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ 0x9e3779b9, 16777619) >>> 0;
  }
  return h;
}

export class Rng {
  constructor(seed) { this.state = seed >>> 0; }
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min, max) { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p) { return this.next() < p; }
  pick(list) { return list[Math.floor(this.next() * list.length)]; }
  weighted(pairs) {
    let r = this.next() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [value, weight] of pairs) { r -= weight; if (r <= 0) return value; }
    return pairs[pairs.length - 1][0];
  }
  normal() {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  exponential(rate) { return -Math.log(Math.max(this.next(), 1e-12)) / rate; }
}
