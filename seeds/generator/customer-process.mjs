// One customer's life. While active, orders arrive as a Poisson process (rate λ a day) and the
// customer lapses into dormancy with hazard h a day; a dormant customer comes back with a win-back
// order at rate ρ. The hazard moves only when an order happens, with what the customer experienced:
// late deliveries and returns raise it, discounts and loyalty lower it. So the probability of the
// churn label at any cutoff is exact — the oracle — given the latent state:
//   dormant: P(no order in (c, c+D]) = e^{−ρD}
//   active:  h·e^{−ρD}·(1 − e^{−(h+λ−ρ)D})/(h+λ−ρ) + e^{−(h+λ)D}
import { Rng, hashSeed } from './rng.mjs';

export const LABEL_WINDOW_DAYS = 90;
export const SEGMENTS = [['consumer', 60], ['corporate', 25], ['home_office', 15]];
export const CHANNELS = [['organic', 40], ['paid_search', 25], ['social', 20], ['referral', 15]];
const SEGMENT_RATE = { consumer: 1, corporate: 1.35, home_office: 0.85 };
const SEGMENT_HAZARD = { consumer: 1, corporate: 0.6, home_office: 1.25 };
const CHANNEL_HAZARD = { organic: 0.8, paid_search: 1.2, social: 1.45, referral: 0.7 };

export function noOrderProbability(hazard, lambda, winBack, days = LABEL_WINDOW_DAYS) {
  const total = hazard + lambda;
  const k = total - winBack;
  const lapseThenQuiet = Math.abs(k) < 1e-12 ? hazard * Math.exp(-winBack * days) * days
    : hazard * Math.exp(-winBack * days) * (1 - Math.exp(-k * days)) / k;
  return lapseThenQuiet + Math.exp(-total * days);
}

export function dormantNoOrderProbability(winBack, days = LABEL_WINDOW_DAYS) {
  return Math.exp(-winBack * days);
}

export function createCustomer(seed, id, startDay, endDay, countries) {
  const rng = new Rng(hashSeed(seed, 'customer', id));
  const segment = rng.weighted(SEGMENTS);
  const channel = rng.weighted(CHANNELS);
  const country = rng.weighted(countries.map((c) => [c, c.weight]));
  const signup = startDay - 240 + rng.next() * (endDay - startDay + 240 - 20);
  const lambda = Math.exp(Math.log(1 / 30) + 0.55 * rng.normal()) * SEGMENT_RATE[segment];
  const baseHazard = 0.0032 * Math.exp(0.85 * rng.normal()) * SEGMENT_HAZARD[segment] * CHANNEL_HAZARD[channel];
  const winBack = 0.008 * Math.exp(0.6 * rng.normal());
  return { id, rng, segment, channel, country, signup, lambda, baseHazard, winBack, orders: 0, late: 0, returned: 0, discount: 0, favourite: rng.int(0, 4), dormantDays: 0 };
}

/** The customer's hazard now, from what they have experienced so far. */
export function hazardOf(c) {
  const n = Math.max(c.orders, 1);
  return c.baseHazard * Math.exp(2.2 * (c.late / n) + 1.6 * (c.returned / n) - 5 * (c.discount / n) - 0.3 * Math.log1p(c.orders));
}

/**
 * Walks the customer's life up to `endDay`, calling `onOrder(t)` for each order (which must record
 * the experience on `c`), `onLapse(from, to)` for each dormant spell, and `onCutoff(cutoff, p)` at
 * each cutoff after signup with the true probability of "no order in the 90 days after the cutoff".
 */
export function liveCustomer(c, endDay, cutoffs, onOrder, onCutoff, onLapse = () => undefined) {
  let t = c.signup;
  let next = 0;
  const emitUntil = (until, p) => {
    while (next < cutoffs.length && cutoffs[next] <= Math.min(until, endDay)) onCutoff(cutoffs[next++], p);
  };
  while (next < cutoffs.length && cutoffs[next] <= t) next++;
  while (t <= endDay) {
    const hazard = hazardOf(c);
    const toOrder = c.rng.exponential(c.lambda);
    const toLapse = c.rng.exponential(hazard);
    emitUntil(t + Math.min(toOrder, toLapse), noOrderProbability(hazard, c.lambda, c.winBack));
    if (toLapse < toOrder) {
      const lapsedAt = t + toLapse;
      const back = lapsedAt + c.rng.exponential(c.winBack);
      emitUntil(back, dormantNoOrderProbability(c.winBack));
      onLapse(lapsedAt, Math.min(back, endDay));
      t = back;
    } else {
      t += toOrder;
    }
    if (t > endDay) return;
    onOrder(t);
  }
}
