// What a scenario can be told, and the checks on it. Pure (no k6 imports): the harness validates and writes these
// parameters into the run directory before it starts k6 (lib/k6/scenario-config.ts), and the scenario validates
// them again when a person runs it by hand with -e flags. Every problem names the field and the fix.
import { CATEGORIES, type Category } from './slo.ts';
import { parseDuration } from './duration.ts';

export interface StageSpec {
  duration: string;
  target: number;
}

/** The stepped arrival-rate search (capacity.ts): rate = startRate + i * stepRate for step i in 0..steps-1. */
export interface CapacitySpec {
  startRate: number;
  stepRate: number;
  steps: number;
  /** How long each step holds its rate. */
  stepDuration: string;
  /** How long the move from one step's rate to the next takes. */
  rampDuration: string;
  preAllocatedVUs: number;
  maxVUs: number;
}

/** The size of the seed data (the contract: ids 1..n, org = ((id-1) % organisations) + 1). */
export interface SeedSpec {
  organisations: number;
  patients: number;
  specialists: number;
}

export interface ScenarioParams {
  /** Where the API is, e.g. http://127.0.0.1:8080 (no trailing slash needed). */
  baseUrl: string;
  /** api-mix: the load profile (VU targets). */
  stages: StageSpec[];
  /** api-mix: relative weight of each class in the mix; 0 leaves a class out. */
  weights: Record<Category, number>;
  /** Mean pause between iterations of one VU (uniform in [0.5x, 1.5x]); 0 for a closed loop at full speed. */
  thinkTimeMs: number;
  /** monthly: multiplies every stage duration (0.05 turns the 16-minute profile into 48 s). */
  scale: number;
  capacity: CapacitySpec;
  seed: SeedSpec;
  /** Tag requests with their route as `name` so k6 groups URLs with ids (on for standalone runs; the firedrill
   * runner turns it off because it drops the url/name system tags altogether, see lib/evidence/capture.ts). */
  groupUrls: boolean;
}

export const DEFAULT_PARAMS: ScenarioParams = {
  baseUrl: 'http://127.0.0.1:8080',
  stages: [
    { duration: '30s', target: 20 },
    { duration: '2m', target: 20 },
    { duration: '15s', target: 0 },
  ],
  weights: { 'read-simple': 45, 'read-complex': 25, 'write-simple': 12, 'write-complex': 15, export: 3 },
  thinkTimeMs: 1000,
  scale: 1,
  capacity: {
    startRate: 10,
    stepRate: 10,
    steps: 6,
    stepDuration: '30s',
    rampDuration: '5s',
    preAllocatedVUs: 20,
    maxVUs: 200,
  },
  seed: { organisations: 10, patients: 200_000, specialists: 500 },
  groupUrls: true,
};

type Problems = string[];
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function positiveNumber(value: unknown, path: string, problems: Problems, allowZero = false): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && (value > 0 || (allowZero && value === 0))) return value;
  problems.push(`${path}: expected a ${allowZero ? 'non-negative' : 'positive'} number, got ${JSON.stringify(value)}`);
  return undefined;
}

function positiveInteger(value: unknown, path: string, problems: Problems): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  problems.push(`${path}: expected a positive whole number, got ${JSON.stringify(value)}`);
  return undefined;
}

function duration(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string' && parseDuration(value) !== undefined) return value;
  problems.push(`${path}: expected a duration like 30s, 2m or 1m30s, got ${JSON.stringify(value)}`);
  return undefined;
}

function checkStages(value: unknown, path: string, problems: Problems): void {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${path}: expected a non-empty list of {duration, target}, got ${JSON.stringify(value)}`);
    return;
  }
  value.forEach((stage: unknown, i) => {
    if (!isObject(stage)) return void problems.push(`${path}[${i}]: expected {duration, target}, got ${JSON.stringify(stage)}`);
    duration(stage.duration, `${path}[${i}].duration`, problems);
    if (!(typeof stage.target === 'number' && Number.isInteger(stage.target) && stage.target >= 0)) {
      problems.push(`${path}[${i}].target: expected a whole number of VUs >= 0, got ${JSON.stringify(stage.target)}`);
    }
  });
}

function checkWeights(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value)) return void problems.push(`${path}: expected an object of class -> weight, got ${JSON.stringify(value)}`);
  for (const key of Object.keys(value)) {
    if (!(CATEGORIES as readonly string[]).includes(key)) {
      problems.push(`${path}.${key}: unknown class; expected one of ${CATEGORIES.join(', ')}`);
    } else positiveNumber(value[key], `${path}.${key}`, problems, true);
  }
}

function checkCapacity(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value)) return void problems.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
  for (const key of ['startRate', 'stepRate'] as const) if (key in value) positiveNumber(value[key], `${path}.${key}`, problems);
  for (const key of ['steps', 'preAllocatedVUs', 'maxVUs'] as const) if (key in value) positiveInteger(value[key], `${path}.${key}`, problems);
  for (const key of ['stepDuration', 'rampDuration'] as const) if (key in value) duration(value[key], `${path}.${key}`, problems);
}

function checkSeed(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value)) return void problems.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
  for (const key of ['organisations', 'patients', 'specialists'] as const) if (key in value) positiveInteger(value[key], `${path}.${key}`, problems);
}

/** Problems in a partial parameter object (fields that are absent keep their defaults). */
export function paramProblems(raw: Json, prefix = ''): string[] {
  const problems: Problems = [];
  const at = (key: string) => `${prefix}${key}`;
  if ('baseUrl' in raw && !(typeof raw.baseUrl === 'string' && /^https?:\/\/[^/\s]+/.test(raw.baseUrl))) {
    problems.push(`${at('baseUrl')}: expected an http(s) URL like http://127.0.0.1:8080, got ${JSON.stringify(raw.baseUrl)}`);
  }
  if ('stages' in raw) checkStages(raw.stages, at('stages'), problems);
  if ('weights' in raw) checkWeights(raw.weights, at('weights'), problems);
  if ('thinkTimeMs' in raw) positiveNumber(raw.thinkTimeMs, at('thinkTimeMs'), problems, true);
  if ('scale' in raw) positiveNumber(raw.scale, at('scale'), problems);
  if ('capacity' in raw) checkCapacity(raw.capacity, at('capacity'), problems);
  if ('seed' in raw) checkSeed(raw.seed, at('seed'), problems);
  if ('groupUrls' in raw && typeof raw.groupUrls !== 'boolean') problems.push(`${at('groupUrls')}: expected true or false, got ${JSON.stringify(raw.groupUrls)}`);
  return problems;
}

/** Defaults overlaid with each layer in turn (later layers win); nested objects merge field by field. */
export function mergeParams(...layers: Json[]): ScenarioParams {
  const merged = JSON.parse(JSON.stringify(DEFAULT_PARAMS)) as ScenarioParams & Json;
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const current = merged[key];
      merged[key] = isObject(current) && isObject(value) ? { ...current, ...value } : value;
    }
  }
  merged.baseUrl = merged.baseUrl.replace(/\/+$/, '');
  return merged;
}

/** Categories with a positive weight, in catalogue order. */
export function weightedCategories(weights: Record<Category, number>): Category[] {
  return CATEGORIES.filter((c) => weights[c] > 0);
}
