// The weighted request mix as a fixed, interleaved schedule instead of a random draw: every class with a positive
// weight shows up within one cycle, so even a short run (the 20 s integration test, a 1-VU smoke) sends every class
// and the per-class evidence is never empty by bad luck. Pure: unit-tested from Node.
import { CATEGORIES, type Category } from './slo.ts';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Integer weights with the same ratios (fractional weights are scaled to 1/1000 first). */
function integerWeights(weights: Record<Category, number>): Array<[Category, number]> {
  const scaled = CATEGORIES.map((c) => [c, Math.round((weights[c] ?? 0) * 1000)] as [Category, number]).filter(([, w]) => w > 0);
  const divisor = scaled.reduce((g, [, w]) => gcd(g, w), 0) || 1;
  return scaled.map(([c, w]) => [c, w / divisor]);
}

/**
 * One cycle of the mix by smooth weighted round-robin (the nginx upstream algorithm): each class appears in
 * proportion to its weight and as evenly spread as possible. Empty when every weight is 0. Cycles longer than
 * `maxLength` keep their ratios approximately by scaling the weights down.
 */
export function mixSchedule(weights: Record<Category, number>, maxLength = 1000): Category[] {
  let entries = integerWeights(weights);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (total > maxLength) entries = entries.map(([c, w]) => [c, Math.max(1, Math.round((w * maxLength) / total))]);
  const length = entries.reduce((sum, [, w]) => sum + w, 0);
  const current = entries.map(() => 0);
  const schedule: Category[] = [];
  for (let step = 0; step < length; step++) {
    let best = 0;
    entries.forEach(([, w], i) => {
      current[i] = (current[i] ?? 0) + w;
      if ((current[i] ?? 0) > (current[best] ?? 0)) best = i;
    });
    current[best] = (current[best] ?? 0) - length;
    schedule.push((entries[best] as [Category, number])[0]);
  }
  return schedule;
}

/**
 * The class for iteration `iter` of VU `vu`. VUs start at different points of the cycle so that a handful of VUs
 * running a few iterations each already cover the whole mix.
 */
export function pickCategory(schedule: readonly Category[], vu: number, iter: number): Category {
  if (schedule.length === 0) throw new Error('pickCategory: the mix is empty; give at least one class a positive weight');
  const stride = Math.max(1, Math.floor(schedule.length / 7)) + 1;
  const index = (((vu - 1) * stride + iter) % schedule.length + schedule.length) % schedule.length;
  return schedule[index] as Category;
}
