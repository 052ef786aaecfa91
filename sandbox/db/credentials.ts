// Passwords for the sandbox roles: random per state directory, made once at initdb time and kept in a
// 0600 file so a warm start reconnects with the same ones. Never printed; only connection URLs carry them.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export interface Credentials {
  adminPassword: string;
  appPassword: string;
}

export function newCredentials(): Credentials {
  return { adminPassword: randomBytes(18).toString('base64url'), appPassword: randomBytes(18).toString('base64url') };
}

export async function saveCredentials(file: string, creds: Credentials): Promise<void> {
  await writeFile(file, JSON.stringify(creds) + '\n', { mode: 0o600 });
}

export async function loadCredentials(file: string): Promise<Credentials | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<Credentials>;
  if (typeof parsed.adminPassword !== 'string' || typeof parsed.appPassword !== 'string') {
    throw new Error(`${file}: expected {adminPassword, appPassword} strings; remove the sandbox state directory to start afresh`);
  }
  return { adminPassword: parsed.adminPassword, appPassword: parsed.appPassword };
}
