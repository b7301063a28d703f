import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function repositoryPath(...segments: string[]): string {
  return resolve(repositoryRoot, ...segments);
}

export function readText(...segments: string[]): string {
  return readFileSync(repositoryPath(...segments), 'utf8');
}

export function readYaml<T = unknown>(...segments: string[]): T {
  return parse(readText(...segments)) as T;
}
