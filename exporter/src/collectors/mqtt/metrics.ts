import { Counter, Gauge, type Registry } from 'prom-client';
import type { Quantity } from './parsers/types.js';
import type { SeriesStore } from './series-store.js';

/** The metrics of the MQTT collector. Names and labels are relied on by alert rules. */

export type MessageResult = 'parsed' | 'ignored' | 'invalid';

const CACHED = 'Last value received over MQTT; dropped after SENSOR_TTL_SECONDS without an update.';

const READING_METRICS: Record<Quantity, { name: string; help: string }> = {
  temperature: { name: 'sensor_temperature_celsius', help: 'Temperature in degrees Celsius.' },
  humidity: { name: 'sensor_humidity_ratio', help: 'Relative humidity as a ratio (0-1).' },
  pressure: { name: 'sensor_pressure_pascals', help: 'Pressure in pascals.' },
  illuminance: { name: 'sensor_illuminance_lux', help: 'Illuminance in lux.' },
  voltage: { name: 'sensor_voltage_volts', help: 'Voltage in volts.' },
  current: { name: 'sensor_current_amperes', help: 'Electric current in amperes.' },
  power: { name: 'sensor_power_watts', help: 'Power in watts.' },
  energy: { name: 'sensor_energy_joules_total', help: 'Energy counted by the device, in joules.' },
  battery: { name: 'sensor_battery_ratio', help: 'Battery level as a ratio (0-1).' },
  signal: { name: 'sensor_signal_strength_dbm', help: 'Radio signal strength in dBm.' },
  co2: { name: 'sensor_co2_ppm', help: 'Carbon dioxide concentration in parts per million.' },
};

type ReadingLabels = 'device' | 'sensor';

export class MqttMetrics {
  private readonly gauges = new Map<Quantity, Gauge<ReadingLabels>>();
  private readonly energy: Counter<ReadingLabels>;
  private readonly value: Gauge<ReadingLabels | 'unit'>;
  private readonly deviceUp: Gauge<'device'>;
  private readonly lastSeen: Gauge<'device'>;
  private readonly connected: Gauge;
  private readonly series: Gauge;
  private readonly refused: Counter;
  private readonly messages: Record<MessageResult, Counter.Internal>;

  constructor(registry: Registry) {
    const registers = [registry];
    const labelNames: ReadingLabels[] = ['device', 'sensor'];

    for (const [quantity, { name, help }] of Object.entries(READING_METRICS)) {
      if (quantity === 'energy') continue;
      this.gauges.set(
        quantity as Quantity,
        new Gauge({ name, help: `${help} ${CACHED}`, labelNames, registers }),
      );
    }
    this.energy = new Counter({
      name: READING_METRICS.energy.name,
      help: `${READING_METRICS.energy.help} ${CACHED}`,
      labelNames,
      registers,
    });
    this.value = new Gauge({
      name: 'sensor_value',
      help: `A number of unknown kind, in the unit the device named (empty if none). ${CACHED}`,
      labelNames: ['device', 'sensor', 'unit'],
      registers,
    });
    this.deviceUp = new Gauge({
      name: 'sensor_device_up',
      help: 'Whether the device last announced itself online (1) or offline (0) over MQTT.',
      labelNames: ['device'],
      registers,
    });
    this.lastSeen = new Gauge({
      name: 'sensor_last_seen_timestamp_seconds',
      help: 'When the device last published a reading or announced itself online.',
      labelNames: ['device'],
      registers,
    });
    this.connected = new Gauge({
      name: 'mqtt_connected',
      help: 'Whether the exporter is subscribed to the MQTT broker (1) or not (0).',
      registers,
    });
    this.series = new Gauge({
      name: 'sensor_series',
      help: 'Sensor series held, readings plus availabilities (at most SENSOR_MAX_SERIES).',
      registers,
    });
    this.refused = new Counter({
      name: 'sensor_series_refused_total',
      help: 'New sensor series refused because SENSOR_MAX_SERIES series were already held.',
      registers,
    });

    const messages = new Counter({
      name: 'mqtt_messages_total',
      help: 'MQTT messages received, by whether they held sensor data (parsed) or not.',
      labelNames: ['result'],
      registers,
    });
    this.messages = {
      parsed: messages.labels({ result: 'parsed' }),
      ignored: messages.labels({ result: 'ignored' }),
      invalid: messages.labels({ result: 'invalid' }),
    };
  }

  countMessage(result: MessageResult): void {
    this.messages[result].inc();
  }

  countRefused(series: number): void {
    this.refused.inc(series);
  }

  /** Rebuilds the sensor metrics from the store, so that dropped series leave at once. */
  refresh(store: SeriesStore, connected: boolean): void {
    for (const gauge of this.gauges.values()) gauge.reset();
    this.energy.reset();
    this.value.reset();
    this.deviceUp.reset();
    this.lastSeen.reset();

    for (const reading of store.readings()) {
      const { quantity, device, sensor, unit, value } = reading;
      if (quantity === undefined) this.value.set({ device, sensor, unit }, value);
      else if (quantity === 'energy') this.energy.inc({ device, sensor }, value);
      else this.gauges.get(quantity)?.set({ device, sensor }, value);
    }

    for (const [device, state] of store.devices()) {
      if (state.online !== undefined) this.deviceUp.set({ device }, state.online ? 1 : 0);
      if (state.lastSeen !== undefined) this.lastSeen.set({ device }, state.lastSeen / 1000);
    }

    this.series.set(store.size);
    this.connected.set(connected ? 1 : 0);
  }
}
