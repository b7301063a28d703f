import { readFileSync } from 'node:fs';
import { RejectedValue, type SettingsSpec } from '../../config/settings.js';
import {
  commaList,
  listenAddress,
  positiveInteger,
  positiveSeconds,
  text,
  type ListenAddress,
} from '../../config/values.js';

export interface MqttSettings {
  url: URL | undefined;
  embeddedListen: ListenAddress;
  topics: string[];
  username: string | undefined;
  password: string | undefined;
  clientId: string | undefined;
  caCertificates: string | undefined;
  ttlSeconds: number;
  maxSeries: number;
  maxPayloadBytes: number;
}

const PROTOCOLS = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'];

export const mqttSettingsSpec: SettingsSpec<MqttSettings> = {
  url: {
    env: 'MQTT_URL',
    description:
      'Broker to subscribe to, such as mqtt://mosquitto:1883 or mqtts://broker:8883; ' +
      'unset starts an embedded broker.',
    parse: brokerUrl,
  },
  embeddedListen: {
    env: 'MQTT_EMBEDDED_LISTEN',
    description: 'Address and port of the embedded broker, used when MQTT_URL is unset.',
    default: '0.0.0.0:1883',
    parse: listenAddress,
  },
  topics: {
    env: 'MQTT_TOPICS',
    description: 'Comma-separated topic filters to subscribe to.',
    default: '#',
    parse: topicFilters,
  },
  username: {
    env: 'MQTT_USERNAME',
    description:
      'User name at the broker; with the embedded broker, the user name boards must give.',
    parse: text,
  },
  password: {
    env: 'MQTT_PASSWORD',
    description:
      'Password at the broker (or of the embedded broker); MQTT_PASSWORD_FILE works too.',
    secret: true,
    parse: text,
  },
  clientId: {
    env: 'MQTT_CLIENT_ID',
    description: 'Client identifier at the broker; unset picks glass-exporter-<random>.',
    parse: clientIdentifier,
  },
  caCertificates: {
    env: 'MQTT_CA_FILE',
    description:
      'PEM file with the CA certificate that signed the broker certificate, for mqtts:// or ' +
      'wss:// brokers with a private CA.',
    parse: pemFile,
  },
  ttlSeconds: {
    env: 'SENSOR_TTL_SECONDS',
    description: 'Seconds without an update after which a sensor series leaves /metrics.',
    default: '900',
    parse: positiveSeconds,
  },
  maxSeries: {
    env: 'SENSOR_MAX_SERIES',
    description: 'Most sensor series held; new series past it are refused.',
    default: '5000',
    parse: positiveInteger,
  },
  maxPayloadBytes: {
    env: 'MQTT_MAX_PAYLOAD_BYTES',
    description: 'Larger messages are counted as invalid and not read.',
    default: '65536',
    parse: positiveInteger,
  },
};

export function brokerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new RejectedValue('a broker URL such as mqtt://mosquitto:1883 or mqtts://host:8883');
  }

  if (!PROTOCOLS.includes(url.protocol) || url.hostname === '') {
    throw new RejectedValue(
      'a broker URL with a host and a scheme of mqtt, mqtts, ws or wss, ' +
        'such as mqtt://mosquitto:1883',
    );
  }
  return url;
}

/** MQTT topic filters: `+` fills a whole level, `#` only the last one. */
export function topicFilters(raw: string): string[] {
  const filters = commaList(raw);
  const wrong = filters.filter((filter) => !isTopicFilter(filter));
  if (filters.length === 0 || wrong.length > 0) {
    throw new RejectedValue(
      'comma-separated MQTT topic filters such as # or tele/+/SENSOR,home/# ' +
        '(+ and # only as whole levels, # only last)',
    );
  }
  return [...new Set(filters)];
}

function isTopicFilter(filter: string): boolean {
  const levels = filter.split('/');
  return levels.every((level, index) => {
    if (level === '#') return index === levels.length - 1;
    return level === '+' || !(/[#+]/.test(level) || level.includes('\u0000'));
  });
}

function pemFile(raw: string): string {
  let pem: string;
  try {
    pem = readFileSync(raw.trim(), 'utf8');
  } catch {
    throw new RejectedValue('the path of a readable PEM file, such as /etc/ssl/private-ca.pem');
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new RejectedValue('a PEM file holding at least one CERTIFICATE block');
  }
  return pem;
}

function clientIdentifier(raw: string): string {
  const id = raw.trim();
  if (id === '' || Buffer.byteLength(id) > 65535) {
    throw new RejectedValue('a client identifier of 1 to 65535 bytes, such as glass-exporter');
  }
  return id;
}

/** The broker URL without its password, for logs and the status page. */
export function shownUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.password = '';
  return copy.href.replace(/\/$/, '');
}
