// Building a report asks for the same windows and statistics many times (every SLO figure of a phase, the load
// summary); each window decodes its part of the evidence log and each statistic merges histograms. A per-build
// cache does each distinct one once.
import type { DrillEvidence, LoadEvidence } from '../../assertions/evidence.ts';
import type { StatsFilter, WindowStats } from '../../lib/evidence/window.ts';

type Window = ReturnType<LoadEvidence['window']>;

function cachedWindow(window: Window): Window {
  const stats = new Map<string, WindowStats>();
  return {
    stats(filter?: StatsFilter) {
      const key = JSON.stringify(filter ?? {});
      let s = stats.get(key);
      if (!s) stats.set(key, (s = window.stats(filter)));
      return s;
    },
    categoryCounts: () => window.categoryCounts(),
  };
}

export function cachedLoad(load: LoadEvidence): LoadEvidence {
  const windows = new Map<string, Window>();
  return {
    window(fromMs: number, toMs: number) {
      const key = `${fromMs}:${toMs}`;
      let w = windows.get(key);
      if (!w) windows.set(key, (w = cachedWindow(load.window(fromMs, toMs))));
      return w;
    },
  };
}

export const withCachedLoad = (evidence: DrillEvidence): DrillEvidence => ({ ...evidence, load: cachedLoad(evidence.load) });
