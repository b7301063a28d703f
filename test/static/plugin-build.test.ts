import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { repositoryPath } from '../support/repository.js';

/**
 * What `npm run build -w grafana-plugin` leaves for Grafana: `npm test` runs that build before
 * the tests, so these read its real output.
 */
const distDir = repositoryPath('grafana-plugin', 'dist');
const PLUGIN_SCHEMA = repositoryPath('..', 'shared', 'reference', 'grafana-plugin.schema.json');
const { version } = JSON.parse(
  readFileSync(repositoryPath('grafana-plugin', 'package.json'), 'utf8'),
);
const pluginId = 'glassgallery-hub-app';
const zipPath = repositoryPath('grafana-plugin', `${pluginId}-${version}.zip`);

function builtFile(name: string): string {
  const path = `${distDir}/${name}`;
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run npm run build -w grafana-plugin first`);
  }
  return path;
}

/** Names in the archive as Python's zipfile reads them: a reader independent of our writer. */
function zipEntries(path: string): string[] {
  const listing = spawnSync(
    'python3',
    ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', path],
    { encoding: 'utf8' },
  );
  if (listing.status !== 0) throw new Error(`cannot read ${path}: ${listing.stderr}`);
  return listing.stdout.trim().split('\n');
}

describe('the Grafana app build', () => {
  it('writes module.js and a plugin.json with every placeholder filled', () => {
    // Grafana loads an app's module.js as an AMD module that names its shared libraries.
    expect(readFileSync(builtFile('module.js'), 'utf8')).toMatch(
      /^define\(\[[^\]]*"@grafana\/data"/,
    );

    const pluginJson = readFileSync(builtFile('plugin.json'), 'utf8');

    expect(pluginJson).not.toMatch(/%[A-Z_]+%/);
    expect(JSON.parse(pluginJson).info.version).toBe(version);
  });

  it('writes a plugin.json that Grafana’s plugin schema accepts', () => {
    const schema = JSON.parse(readFileSync(PLUGIN_SCHEMA, 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);

    validate(JSON.parse(readFileSync(builtFile('plugin.json'), 'utf8')));

    expect(validate.errors ?? []).toEqual([]);
  });

  it('packs the archive for grafana cli as one folder named after the plugin id', () => {
    builtFile('module.js');

    const entries = zipEntries(zipPath);

    expect(entries).toContain(`${pluginId}/module.js`);
    expect(entries).toContain(`${pluginId}/plugin.json`);
    expect(entries.some((entry) => entry.startsWith(`${pluginId}/img/`))).toBe(true);
    expect(entries.filter((entry) => !entry.startsWith(`${pluginId}/`))).toEqual([]);
  });
});
