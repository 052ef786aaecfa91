import type { FromSchema } from 'json-schema-to-ts';
import type { experimentSchema } from './experiment-schema.ts';
import type { environmentSchema } from './environment-schema.ts';

/** An experiment file as written (durations still strings), derived from its JSON Schema. */
export type ExperimentFile = FromSchema<typeof experimentSchema>;
/** An environment file as written, derived from its JSON Schema. */
export type EnvironmentFile = FromSchema<typeof environmentSchema>;

export type FaultSpec = NonNullable<ExperimentFile['faults']>[number];
export type AlarmExpectation = NonNullable<NonNullable<ExperimentFile['expect']>['alarms']>[number];
export type SloSpec = NonNullable<NonNullable<ExperimentFile['expect']>['slo']>[number];
export type HealthSpec = NonNullable<NonNullable<ExperimentFile['expect']>['health']>[number];
