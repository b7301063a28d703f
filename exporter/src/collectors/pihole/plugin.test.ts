import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { ConfigError } from '../../core/errors.js';
import { piholeCollector } from './plugin.js';

function load(env: Record<string, string>) {
  return loadSettings(piholeCollector.settings, { env, flags: new Map() });
}

describe('Pi-hole collector settings', () => {
  it("defaults to Pi-hole's own paths and bounded lists", () => {
    expect(load({})).toMatchObject({
      ftlDb: '/etc/pihole/pihole-FTL.db',
      gravityDb: '/etc/pihole/gravity.db',
      topN: 10,
      maxClients: 50,
      compatMetrics: true,
    });
  });

  it('takes flags over variables', () => {
    const settings = loadSettings(piholeCollector.settings, {
      env: { PIHOLE_TOP_N: '5' },
      flags: new Map([['pihole.top-n', '20']]),
    });
    expect(settings.topN).toBe(20);
  });

  it.each([
    ['PIHOLE_TOP_N', '0', 'a whole number from 1 to 100'],
    ['PIHOLE_TOP_N', '500', 'a whole number from 1 to 100'],
    ['PIHOLE_MAX_CLIENTS', 'many', 'a whole number from 1 to 1000'],
    ['PIHOLE_COMPAT_METRICS', 'maybe', 'true or false'],
  ])('rejects %s=%s with what it accepts', (variable, value, accepted) => {
    expect(() => load({ [variable]: value })).toThrow(ConfigError);
    expect(() => load({ [variable]: value })).toThrow(`invalid ${variable}`);
    expect(() => load({ [variable]: value })).toThrow(accepted);
  });
});
