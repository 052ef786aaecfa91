// Secret values the process has seen, so that nothing it writes (journal, logs, progress) can carry one.
// Defence in depth: code never puts values into records on purpose; this catches a mistake before it is on disk.
import { HarnessError } from '../errors.ts';

/** Short values ("10" for DB_POOL_MAX) are not secrets and would match everywhere. */
const MIN_LENGTH = 6;
const known = new Set<string>();

function add(value: string): void {
  if (value.length >= MIN_LENGTH) known.add(value);
}

function passwordOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.password || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remember a secret value: the whole string, every string in it when it is a JSON object, and the password of
 * anything that parses as a URL (raw and percent-decoded).
 */
export function rememberSecret(value: string): void {
  add(value);
  const parts: string[] = [value];
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object') {
      for (const v of Object.values(parsed as Record<string, unknown>)) {
        if (typeof v === 'string') {
          add(v);
          parts.push(v);
        }
      }
    }
  } catch {
    // not JSON: the whole value is remembered
  }
  for (const part of parts) {
    const password = passwordOf(part);
    if (password) {
      add(password);
      add(decodeURIComponent(password));
    }
  }
}

export function containsSecret(text: string): boolean {
  for (const value of known) if (text.includes(value)) return true;
  return false;
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const value of known) out = out.split(value).join('***');
  return out;
}

/** Refuse to write `text` to `where` if it carries a secret value. The message never includes the value. */
export function assertNoSecret(text: string, where: string): void {
  if (containsSecret(text)) {
    throw new HarnessError(`refused to write a secret value to ${where}: this is a bug in firedrill, please report it`);
  }
}

/** Tests only: forget what was remembered. */
export function forgetSecretsForTests(): void {
  known.clear();
}
