import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { flagOf, loadSettings, type SettingsSpec } from './settings.js';
import { listenAddress, positiveInteger, text } from './values.js';

interface Example {
  port: number;
  password: string | undefined;
  path: string;
}

const spec: SettingsSpec<Example> = {
  port: { env: 'EXAMPLE_PORT', description: 'port', default: '10', parse: positiveInteger },
  password: {
    env: 'EXAMPLE_PASSWORD',
    description: 'secret',
    secret: true,
    parse: positiveInteger as never,
  },
  path: {
    env: 'EXAMPLE_DB_PATH',
    flag: 'example.db',
    description: 'path',
    default: '/x',
    parse: text,
  },
};

const noFlags = new Map<string, string>();

describe('loadSettings', () => {
  it('uses defaults, then the environment, then flags', () => {
    expect(loadSettings(spec, { env: {}, flags: noFlags }).port).toBe(10);
    expect(loadSettings(spec, { env: { EXAMPLE_PORT: '20' }, flags: noFlags }).port).toBe(20);
    const flags = new Map([['example.port', '30']]);
    expect(loadSettings(spec, { env: { EXAMPLE_PORT: '20' }, flags }).port).toBe(30);
  });

  it('reads a value from <VARIABLE>_FILE without its trailing newline', () => {
    const folder = mkdtempSync(join(tmpdir(), 'glass-settings-'));
    writeFileSync(join(folder, 'port'), '42\n');

    const settings = loadSettings(spec, {
      env: { EXAMPLE_PORT_FILE: join(folder, 'port') },
      flags: noFlags,
    });

    expect(settings.port).toBe(42);
  });

  it('names the variable, flag, value and what is accepted', () => {
    expect(() => loadSettings(spec, { env: { EXAMPLE_PORT: 'ten' }, flags: noFlags })).toThrow(
      new ConfigError(
        'invalid EXAMPLE_PORT (--example.port) "ten": expected a whole number of 1 or more',
      ),
    );
  });

  it('never shows the value of a secret', () => {
    const load = () => loadSettings(spec, { env: { EXAMPLE_PASSWORD: 'hunter2' }, flags: noFlags });

    expect(load).toThrow(/"<hidden>"/);
    expect(load).not.toThrow(/hunter2/);
  });

  it('explains an unreadable _FILE', () => {
    expect(() =>
      loadSettings(spec, { env: { EXAMPLE_PORT_FILE: '/nonexistent/port' }, flags: noFlags }),
    ).toThrow(/invalid EXAMPLE_PORT_FILE "\/nonexistent\/port": cannot read the file \(ENOENT\)/);
  });

  it('derives exporter-style flags from variable names', () => {
    expect(flagOf(spec.port)).toBe('example.port');
    expect(flagOf(spec.path)).toBe('example.db');
    expect(flagOf({ env: 'PIHOLE_FTL_DB', description: '', parse: text })).toBe('pihole.ftl-db');
  });
});

describe('listenAddress', () => {
  it('accepts host:port, :port and [ipv6]:port', () => {
    expect(listenAddress('0.0.0.0:9617')).toEqual({ host: '0.0.0.0', port: 9617 });
    expect(listenAddress(':9617')).toEqual({ host: '0.0.0.0', port: 9617 });
    expect(listenAddress('[::1]:9617')).toEqual({ host: '::1', port: 9617 });
  });

  it('rejects a missing or out-of-range port', () => {
    expect(() => listenAddress('localhost')).toThrow(/host:port/);
    expect(() => listenAddress('localhost:70000')).toThrow(/host:port/);
  });
});
