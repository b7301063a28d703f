import { ConfigError } from '../core/errors.js';

/**
 * Reads `--name=value` and `--name value` pairs. Only names in `known` are accepted, so that a
 * mistyped flag stops start-up instead of being ignored.
 */
export function parseFlags(
  argv: readonly string[],
  known: ReadonlySet<string>,
): Map<string, string> {
  const flags = new Map<string, string>();

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const match = /^--?([\w.-]+)(?:=(.*))?$/s.exec(arg);
    if (!match?.[1]) {
      throw new ConfigError(`unexpected argument "${arg}"; flags look like --name=value`);
    }

    const name = match[1];
    if (!known.has(name)) {
      throw new ConfigError(`unknown flag --${name}; run glass-exporter --help for the list`);
    }

    let value = match[2];
    if (value === undefined) {
      value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new ConfigError(`flag --${name} needs a value: --${name}=VALUE`);
      }
      index += 1;
    }
    flags.set(name, value);
  }

  return flags;
}
