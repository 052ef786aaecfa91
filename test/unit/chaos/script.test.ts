import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { paramsFromFlags } from '../../../chaos/script-main.ts';
import { scriptArgs } from '../../../chaos/script.ts';
import { faultFor } from '../../../chaos/faults.ts';
import { projectRoot } from '../../../lib/paths.ts';

const file = join(projectRoot, 'chaos', 'pg-sleep.ts');
const url = pathToFileURL(file).href;

describe('fault files as scripts', () => {
  it('recognise being run by tsx (argv[1]) or by zx (argv[2]), and nothing else', () => {
    expect(scriptArgs(url, ['node', file, '--mode', 'lock'])).toEqual(['--mode', 'lock']);
    expect(scriptArgs(url, ['node', '/x/node_modules/zx/build/cli.js', file, '--restore'])).toEqual(['--restore']);
    expect(scriptArgs(url, ['node', join(projectRoot, 'scripts', 'firedrill.mjs'), 'validate', 'x.yaml'])).toBeUndefined();
    expect(scriptArgs(url, ['node', join(projectRoot, 'chaos', 'scale-service.ts')])).toBeUndefined();
  });

  it('turn flags into typed parameters from the fault\'s schema', () => {
    expect(paramsFromFlags(faultFor('pg-sleep')!, { mode: 'lock', tables: 'appointments, patients', 'lock-mode': 'SHARE', env: 'local' })).toEqual({
      mode: 'lock', tables: ['appointments', 'patients'], lockMode: 'SHARE',
    });
    expect(paramsFromFlags(faultFor('scale-service')!, { 'desired-count': '0', 'allow-zero': true })).toEqual({ desiredCount: 0, allowZero: true });
  });
});
