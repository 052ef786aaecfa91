// The fault catalogue as the experiment validator sees it: every action an experiment may name, with the JSON
// Schema of its `with:` parameters, taken from the fault files themselves (one source for each schema).
// docs/faults.md documents each row.
import { faults } from './faults.ts';

export interface FaultDescriptor {
  action: string;
  summary: string;
  paramsSchema: Record<string, unknown>;
}

export const faultCatalogue: readonly FaultDescriptor[] = faults.map((f) => ({ action: f.action, summary: f.summary, paramsSchema: f.paramsSchema }));

export function findFault(action: string): FaultDescriptor | undefined {
  return faultCatalogue.find((f) => f.action === action);
}
