// The journal as one fault sees it: each mutation bracketed by an intent (with the prior state) and an outcome.
import type { JournalWriter, Json } from '../lib/journal/index.ts';
import { summarize, type FaultHistory } from '../lib/journal/index.ts';
import { redactSecrets } from '../lib/safety/secret-values.ts';
import type { FaultJournal } from './contract.ts';

function errorText(err: unknown): string {
  return redactSecrets(err instanceof Error ? err.message : String(err)).slice(0, 1000);
}

export function faultJournal(writer: JournalWriter, faultId: string): FaultJournal {
  return {
    async step<T>(step: string, call: string, prior: Json, run: () => Promise<T>, result?: (value: T) => Json): Promise<T> {
      writer.append({ kind: 'intent', faultId, step, call, prior });
      let value: T;
      try {
        value = await run();
      } catch (err) {
        writer.append({ kind: 'outcome', faultId, step, ok: false, error: errorText(err) });
        throw err;
      }
      writer.append({ kind: 'outcome', faultId, step, ok: true, ...(result ? { result: result(value) } : {}) });
      return value;
    },
    history(): FaultHistory {
      const found = summarize(writer.records()).faults.find((f) => f.faultId === faultId);
      if (!found) throw new Error(`journal has no fault-start for ${faultId}`);
      return found;
    },
  };
}
