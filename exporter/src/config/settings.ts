import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';

/** Thrown by a parser: `accepted` tells the user what the variable takes. */
export class RejectedValue extends Error {
  override readonly name = 'RejectedValue';

  constructor(readonly accepted: string) {
    super(accepted);
  }
}

/**
 * One configuration variable. It is read from the environment, from `<ENV>_FILE` (a file holding
 * the value, the usual way to pass secrets), or from a command-line flag, which wins.
 */
export interface Setting<T> {
  readonly env: string;
  /** Defaults to the variable in exporter style: `PIHOLE_FTL_DB` becomes `--pihole.ftl-db`. */
  readonly flag?: string;
  readonly description: string;
  /** Raw default, parsed like a user value; absent means the setting is unset by default. */
  readonly default?: string;
  /** Secrets are never logged nor shown. */
  readonly secret?: boolean;
  parse(raw: string): T;
}

export type SettingsSpec<S extends object> = { readonly [K in keyof S]: Setting<S[K]> };

export interface SettingSources {
  readonly env: NodeJS.ProcessEnv;
  /** Flag name (without dashes) to raw value. */
  readonly flags: ReadonlyMap<string, string>;
}

export function flagOf(setting: Setting<unknown>): string {
  if (setting.flag) return setting.flag;

  const [prefix, ...rest] = setting.env.toLowerCase().split('_');
  return rest.length > 0 ? `${prefix}.${rest.join('-')}` : (prefix ?? '');
}

/** Reads every setting of a spec; the first invalid value throws a `ConfigError`. */
export function loadSettings<S extends object>(spec: SettingsSpec<S>, sources: SettingSources): S {
  const values: Partial<S> = {};

  for (const key of Object.keys(spec) as (keyof S)[]) {
    const setting = spec[key];
    const raw = rawValue(setting, sources);
    if (raw === undefined) {
      values[key] = undefined as S[keyof S];
      continue;
    }

    values[key] = parseOrExplain(setting, raw);
  }

  return values as S;
}

function rawValue(setting: Setting<unknown>, sources: SettingSources): string | undefined {
  const flag = flagOf(setting);
  const fromFlag = sources.flags.get(flag);
  if (fromFlag !== undefined) return fromFlag;

  const fromFileFlag = sources.flags.get(`${flag}-file`);
  if (fromFileFlag !== undefined) return readValueFile(`--${flag}-file`, fromFileFlag);

  const fromEnv = sources.env[setting.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;

  const fileVariable = `${setting.env}_FILE`;
  const file = sources.env[fileVariable];
  if (file !== undefined && file !== '') return readValueFile(fileVariable, file);

  return setting.default;
}

function readValueFile(source: string, path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(
      `invalid ${source} "${path}": cannot read the file (${reason}); ` +
        'expected the path of a readable file holding the value',
    );
  }
}

function parseOrExplain<T>(setting: Setting<T>, raw: string): T {
  try {
    return setting.parse(raw);
  } catch (err) {
    if (!(err instanceof RejectedValue)) throw err;

    const shown = setting.secret ? '<hidden>' : raw;
    throw new ConfigError(
      `invalid ${setting.env} (--${flagOf(setting)}) "${shown}": expected ${err.accepted}`,
    );
  }
}
