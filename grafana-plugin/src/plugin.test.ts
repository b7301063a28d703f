import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import pluginJson from './plugin.json';

const schemaPath = join(process.env.GLASS_REFERENCE_DIR ?? '', 'grafana-plugin.schema.json');

function validator() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  // The schema escapes '-' in its patterns, which is invalid under the unicode flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('plugin.json', () => {
  it('is valid against Grafana’s plugin schema', () => {
    const validate = validator();
    const valid = validate(pluginJson);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by the schema when the id does not end in -app', () => {
    const validate = validator();
    expect(validate({ ...pluginJson, id: 'glassgallery-hub' })).toBe(false);
  });

  it('is an app with the agreed id and a Grafana 11.6 to 13.1 range', () => {
    expect(pluginJson.type).toBe('app');
    expect(pluginJson.id).toBe('glassgallery-hub-app');
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=11.6.0 <13.2.0');
  });

  it('lists one navigation page per app page, Overview first', () => {
    const pages = pluginJson.includes.filter((include) => include.path.startsWith('/a/'));
    expect(pages.map((page) => page.name)).toEqual([
      'Overview',
      'DNS',
      'Containers',
      'Sensors',
      'Alerts',
    ]);
    expect(pages[0]?.defaultNav).toBe(true);
  });
});
