import { readFileSync } from 'node:fs';

/** The node flags in a built CLI's shebang, so that figures are the ones its users get. */
export function shebangFlags(cli: string): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
  return first.split(/\s+/).filter((word) => word.startsWith('--'));
}
