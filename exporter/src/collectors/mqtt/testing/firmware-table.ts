/**
 * The messages each supported firmware publishes and the series they must become, shared by the
 * parser unit tests and the tests against real brokers.
 */

export interface TableMessage {
  readonly topic: string;
  readonly payload: string;
  readonly retain?: boolean;
}

export interface ReadingRow {
  readonly name: string;
  readonly messages: readonly TableMessage[];
  /** Exposition lines that must appear. */
  readonly expected: readonly string[];
}

export const READING_ROWS: readonly ReadingRow[] = [
  {
    name: 'a plain sketch publishing a bare number',
    messages: [{ topic: 'home/livingroom/temp', payload: '31.5' }],
    expected: ['sensor_temperature_celsius{device="home/livingroom",sensor="temp"} 31.5'],
  },
  {
    name: 'an ESPHome sensor state',
    messages: [{ topic: 'esp-kitchen/sensor/kitchen_temperature/state', payload: '22.4' }],
    expected: [
      'sensor_temperature_celsius{device="esp-kitchen",sensor="kitchen_temperature"} 22.4',
    ],
  },
  {
    name: 'a Home Assistant discovery config and the state topic it names',
    messages: [
      {
        topic: 'homeassistant/sensor/esp-kitchen/kitchen_humidity/config',
        payload: JSON.stringify({
          name: 'Kitchen Humidity',
          unit_of_measurement: '%',
          device_class: 'humidity',
          state_class: 'measurement',
          state_topic: 'esp-kitchen/sensor/kitchen_humidity/state',
          availability_topic: 'esp-kitchen/status',
          unique_id: 'esp-kitchen-humidity',
        }),
        retain: true,
      },
      { topic: 'esp-kitchen/sensor/kitchen_humidity/state', payload: '45', retain: true },
    ],
    expected: ['sensor_humidity_ratio{device="esp-kitchen",sensor="kitchen_humidity"} 0.45'],
  },
  {
    name: 'a Tasmota DS18B20 reporting in Fahrenheit',
    messages: [
      {
        topic: 'tele/garage/SENSOR',
        payload: '{"Time":"2026-12-03T10:00:00","DS18B20":{"Temperature":86.0},"TempUnit":"F"}',
      },
    ],
    expected: ['sensor_temperature_celsius{device="garage",sensor="DS18B20"} 30'],
  },
  {
    name: 'a Tasmota AM2301 with temperature and humidity',
    messages: [
      {
        topic: 'tele/garage/SENSOR',
        payload: '{"AM2301":{"Temperature":20.1,"Humidity":45.0},"TempUnit":"C"}',
      },
    ],
    expected: [
      'sensor_temperature_celsius{device="garage",sensor="AM2301"} 20.1',
      'sensor_humidity_ratio{device="garage",sensor="AM2301"} 0.45',
    ],
  },
  {
    name: 'a Shelly H&T (Gen1) temperature',
    messages: [{ topic: 'shellies/shellyht-1/sensor/temperature', payload: '29.12' }],
    expected: ['sensor_temperature_celsius{device="shellyht-1",sensor="temperature"} 29.12'],
  },
];

export interface AvailabilityRow {
  readonly firmware: string;
  readonly topic: string;
  readonly device: string;
  readonly offline: string;
  readonly online: string;
}

export const AVAILABILITY_ROWS: readonly AvailabilityRow[] = [
  {
    firmware: 'Tasmota LWT',
    topic: 'tele/garage/LWT',
    device: 'garage',
    offline: 'Offline',
    online: 'Online',
  },
  {
    firmware: 'ESPHome status',
    topic: 'esp-kitchen/status',
    device: 'esp-kitchen',
    offline: 'offline',
    online: 'online',
  },
  {
    firmware: 'Shelly online',
    topic: 'shellies/shellyht-1/online',
    device: 'shellyht-1',
    offline: 'false',
    online: 'true',
  },
];

/** Payloads no firmware sends as a reading: each counts as invalid and changes nothing else. */
export const INVALID_PAYLOADS: readonly { readonly name: string; readonly payload: string }[] = [
  { name: 'a word that is not a number', payload: 'not-a-number' },
  { name: 'broken JSON', payload: '{"broken":' },
  { name: 'a 1 MB payload', payload: 'x'.repeat(1024 * 1024) },
];

/** Messages without sensor data: counted as ignored. */
export const NON_SENSOR_JSON: TableMessage = {
  topic: 'home/livingroom/info',
  payload: '{"firmware":"1.4.2","status":"ok","wifi":"home-net"}',
};
