import { faultCatalogue, findFault } from '../../chaos/catalogue.ts';
import type { FaultParamsCatalogue } from '../experiment/index.ts';

/** The chaos catalogue as the experiment validator sees it (names and parameter schemas only). */
export const faultParams: FaultParamsCatalogue = {
  actions: () => faultCatalogue.map((f) => f.action),
  paramsSchema: (action) => findFault(action)?.paramsSchema,
};
