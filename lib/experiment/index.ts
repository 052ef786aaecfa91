import { InvalidInputError } from '../errors.ts';
import { crossCheck, type FaultParamsCatalogue } from './cross-checks.ts';
import { loadEnvironment, withLine, type Environment } from './environment.ts';
import { experimentSchema } from './experiment-schema.ts';
import { interpolate } from './interpolate.ts';
import type { Experiment } from './model.ts';
import { resolveExperiment } from './resolve.ts';
import { checkSchema } from './schema-check.ts';
import type { ExperimentFile } from './types.ts';
import { readYamlFile } from './yaml-file.ts';

export type { Experiment } from './model.ts';
export type { Environment } from './environment.ts';
export type { FaultParamsCatalogue } from './cross-checks.ts';

export interface LoadedDrill {
  experiment: Experiment;
  environment: Environment;
}

/**
 * Load + validate an experiment against an environment: YAML, ${var} interpolation, JSON Schema, then the
 * cross-field rules. Throws InvalidInputError carrying every problem in the file (exit 2); applies nothing.
 */
export async function loadDrill(experimentFile: string, envNameOrPath: string, catalogue: FaultParamsCatalogue): Promise<LoadedDrill> {
  const environment = await loadEnvironment(envNameOrPath);
  const yaml = await readYamlFile(experimentFile, 'experiment');
  const shown = yaml.file;
  const { value, problems } = interpolate(yaml.data, environment.vars);
  const schemaProblems = checkSchema(experimentSchema, value);
  problems.push(...schemaProblems);
  if (schemaProblems.length === 0) {
    // Cross-field rules need a schema-valid document; they still run when only variables were unknown.
    const experiment = resolveExperiment(shown, value as ExperimentFile);
    problems.push(...crossCheck(experiment, catalogue));
    if (problems.length === 0) return { experiment, environment };
  }
  throw new InvalidInputError(shown, problems.map((p) => withLine(p, yaml.lineOf(p.path))));
}
