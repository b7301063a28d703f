import type { Logger } from 'pino';
import type { DiscoveryRegistry } from './discovery-registry.js';
import type { MessageResult, MqttMetrics } from './metrics.js';
import { parseMessage } from './parsers/route.js';
import type { DiscoveredSensor, ParsedMessage, ReadingsMessage } from './parsers/types.js';
import type { SeriesStore } from './series-store.js';
import { toReading } from './units.js';

/** Turns each MQTT message into store updates and counts what became of it. */
export class MessageIngest {
  private refusing = false;
  private discoveryFull = false;

  constructor(
    private readonly store: SeriesStore,
    private readonly discovery: DiscoveryRegistry,
    private readonly metrics: MqttMetrics,
    private readonly logger: Logger,
    private readonly maxPayloadBytes: number,
  ) {}

  /** Never throws: one bad message must not stop the subscription. */
  handle(topic: string, payload: Buffer): MessageResult {
    let result: MessageResult;
    try {
      result = this.apply(topic, payload);
    } catch (err) {
      this.logger.error({ err, topic }, 'mqtt message could not be handled');
      result = 'invalid';
    }

    this.metrics.countMessage(result);
    return result;
  }

  private apply(topic: string, payload: Buffer): MessageResult {
    if (payload.length > this.maxPayloadBytes) {
      this.logger.debug({ topic, bytes: payload.length }, 'mqtt payload over the size limit');
      return 'invalid';
    }

    const message = parseMessage(topic, payload, this.discovery);
    return this.applyParsed(topic, message);
  }

  private applyParsed(topic: string, message: ParsedMessage): MessageResult {
    switch (message.kind) {
      case 'readings':
        return this.storeReadings(topic, message);
      case 'availability':
        this.noteRefused(this.store.setAvailability(message.device, message.online, topic) ? 0 : 1);
        return 'parsed';
      case 'withdrawn':
        this.store.withdraw(topic);
        return 'parsed';
      case 'discovery':
        return this.applyDiscovery(message.configTopic, message.sensor);
      case 'ignored':
        return 'ignored';
      case 'invalid':
        this.logger.debug({ topic, reason: message.reason }, 'mqtt message not understood');
        return 'invalid';
    }
  }

  private storeReadings(topic: string, message: ReadingsMessage): MessageResult {
    let refused = 0;
    let stored = 0;

    for (const measurement of message.measurements) {
      const reading = toReading(measurement);
      // An energy counter cannot go below zero; such a value is a device fault.
      if (reading.quantity === 'energy' && reading.value < 0) continue;

      if (this.store.put(message.device, reading, topic, message.ttlSeconds)) stored += 1;
      else refused += 1;
    }

    this.noteRefused(refused);
    return stored > 0 || refused > 0 ? 'parsed' : 'invalid';
  }

  private applyDiscovery(configTopic: string, sensor: DiscoveredSensor | undefined): MessageResult {
    if (!sensor) {
      this.discovery.remove(configTopic);
      return 'parsed';
    }

    if (this.discovery.register(configTopic, sensor)) return 'parsed';
    if (!this.discoveryFull) {
      this.logger.warn({ configTopic }, 'too many discovery configs, new ones are ignored');
      this.discoveryFull = true;
    }
    return 'ignored';
  }

  /** Counts refused series and logs once each time the store fills up. */
  private noteRefused(refused: number): void {
    if (refused === 0) {
      if (this.refusing && !this.store.isFull) this.refusing = false;
      return;
    }

    this.metrics.countRefused(refused);
    if (this.refusing) return;
    this.refusing = true;
    this.logger.warn(
      { series: this.store.size },
      'sensor series limit reached, new series are refused; raise SENSOR_MAX_SERIES',
    );
  }
}
