import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { ConfigError } from '../../core/errors.js';
import { mqttCollector } from './plugin.js';

const NOT_PEM = join(mkdtempSync(join(tmpdir(), 'glass-mqtt-settings-')), 'ca.pem');
writeFileSync(NOT_PEM, 'not a certificate\n');

const load = (env: NodeJS.ProcessEnv) =>
  loadSettings(mqttCollector.settings, { env, flags: new Map() });

describe('mqtt settings', () => {
  it('defaults to an embedded broker on 0.0.0.0:1883 subscribed to everything', () => {
    const settings = load({});

    expect(settings.url).toBeUndefined();
    expect(settings.embeddedListen).toEqual({ host: '0.0.0.0', port: 1883 });
    expect(settings.topics).toEqual(['#']);
    expect(settings.ttlSeconds).toBe(900);
    expect(settings.maxSeries).toBe(5000);
    expect(settings.maxPayloadBytes).toBe(65536);
  });

  it('reads every variable', () => {
    const settings = load({
      MQTT_URL: 'mqtts://user@broker.lan:8883',
      MQTT_TOPICS: 'tele/+/SENSOR, home/#',
      MQTT_USERNAME: 'exporter',
      MQTT_PASSWORD: 'secret',
      MQTT_CLIENT_ID: 'glass-1',
      SENSOR_TTL_SECONDS: '1800',
      SENSOR_MAX_SERIES: '200',
      MQTT_MAX_PAYLOAD_BYTES: '1024',
    });

    expect(settings.url?.href).toBe('mqtts://user@broker.lan:8883');
    expect(settings.topics).toEqual(['tele/+/SENSOR', 'home/#']);
    expect(settings).toMatchObject({
      username: 'exporter',
      password: 'secret',
      clientId: 'glass-1',
      ttlSeconds: 1800,
      maxSeries: 200,
      maxPayloadBytes: 1024,
    });
  });

  it.each([
    ['MQTT_URL', 'http://broker:1883', /expected a broker URL/],
    ['MQTT_URL', 'mosquitto:1883', /expected a broker URL/],
    ['MQTT_TOPICS', 'home/#/temp', /topic filters/],
    ['MQTT_TOPICS', 'home/te+mp', /topic filters/],
    ['MQTT_EMBEDDED_LISTEN', '1883', /host:port/],
    ['SENSOR_TTL_SECONDS', '0', /seconds above 0/],
    ['SENSOR_MAX_SERIES', 'many', /whole number/],
    ['MQTT_CA_FILE', '/nonexistent/ca.pem', /readable PEM file/],
    ['MQTT_CA_FILE', NOT_PEM, /CERTIFICATE block/],
  ])('rejects %s=%s with a clear line', (variable, value, accepted) => {
    expect(() => load({ [variable]: value })).toThrow(ConfigError);
    expect(() => load({ [variable]: value })).toThrow(accepted);
  });

  it('never shows the password in an error', () => {
    expect(() => load({ MQTT_URL: 'nope', MQTT_PASSWORD: 'secret' })).not.toThrow(/secret/);
  });
});
