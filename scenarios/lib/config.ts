// Scenario parameters from the k6 environment. Layers, later wins: defaults, then the JSON file the harness writes
// into the run directory (FIREDRILL_CONFIG=<absolute path>), then single -e variables for people running a
// scenario by hand: BASE_URL, STAGES (JSON list), WEIGHTS (JSON object), THINK_TIME_MS, SCALE, CAPACITY (JSON
// object), SEED (JSON object). Runs in the init context (open() is only allowed there).
import { mergeParams, paramProblems, weightedCategories, type ScenarioParams } from './params.ts';

type Json = Record<string, unknown>;

const JSON_VARS: Record<string, keyof ScenarioParams> = { STAGES: 'stages', WEIGHTS: 'weights', CAPACITY: 'capacity', SEED: 'seed' };
const NUMBER_VARS: Record<string, keyof ScenarioParams> = { THINK_TIME_MS: 'thinkTimeMs', SCALE: 'scale' };

function fail(problems: string[]): never {
  throw new Error(`invalid scenario parameters:\n  ${problems.join('\n  ')}`);
}

function fileLayer(path: string | undefined): Json {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(open(path));
  } catch (err) {
    fail([`FIREDRILL_CONFIG: cannot read ${path} as JSON (${String(err)}); point it at the file the harness wrote`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail([`FIREDRILL_CONFIG: ${path} must hold a JSON object`]);
  return parsed as Json;
}

function envLayer(env: Record<string, string | undefined>): Json {
  const layer: Json = {};
  const problems: string[] = [];
  if (env.BASE_URL) layer.baseUrl = env.BASE_URL;
  for (const [name, field] of Object.entries(JSON_VARS)) {
    const text = env[name];
    if (!text) continue;
    try {
      layer[field] = JSON.parse(text);
    } catch {
      problems.push(`${name}: expected JSON, e.g. ${name === 'STAGES' ? `'[{"duration":"30s","target":10}]'` : `'{...}'`}, got ${text}`);
    }
  }
  for (const [name, field] of Object.entries(NUMBER_VARS)) {
    const text = env[name];
    if (text !== undefined && text !== '') layer[field] = Number(text);
  }
  if (problems.length > 0) fail(problems);
  return layer;
}

/** The resolved parameters, or an init error naming every bad field (k6 then exits with code 107). */
export function loadParams(env: Record<string, string | undefined> = __ENV): ScenarioParams {
  const file = fileLayer(env.FIREDRILL_CONFIG);
  const vars = envLayer(env);
  const problems = [...paramProblems(file, 'FIREDRILL_CONFIG.'), ...paramProblems(vars)];
  if (problems.length > 0) fail(problems);
  const params = mergeParams(file, vars);
  if (weightedCategories(params.weights).length === 0) fail(['weights: every class has weight 0; give at least one a positive weight']);
  return params;
}
