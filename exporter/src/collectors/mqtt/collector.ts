import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Collector } from '../../core/collector.js';
import { DiscoveryRegistry } from './discovery-registry.js';
import { MessageIngest } from './ingest.js';
import { MqttMetrics } from './metrics.js';
import { SeriesStore } from './series-store.js';
import type { MqttSettings } from './settings.js';
import { BrokerClient } from './sources/broker-client.js';
import { EmbeddedBroker } from './sources/embedded-broker.js';
import type { MessageSource } from './sources/message-source.js';

/**
 * ESP32 readings over MQTT. MQTT pushes, so readings are cached as they arrive and a scrape
 * only drops expired series and serialises the cache; it never waits on the broker.
 */
export class MqttCollector implements Collector {
  readonly name = 'mqtt';
  readonly store: SeriesStore;
  readonly source: MessageSource;
  private readonly metrics: MqttMetrics;
  private readonly ingest: MessageIngest;

  constructor(settings: MqttSettings, registry: Registry, logger: Logger) {
    this.store = new SeriesStore({
      ttlSeconds: settings.ttlSeconds,
      maxSeries: settings.maxSeries,
    });
    this.metrics = new MqttMetrics(registry);
    const discovery = new DiscoveryRegistry(settings.maxSeries);
    this.ingest = new MessageIngest(
      this.store,
      discovery,
      this.metrics,
      logger,
      settings.maxPayloadBytes,
    );

    const onMessage = (topic: string, payload: Buffer): void => {
      this.ingest.handle(topic, payload);
    };
    this.source = settings.url
      ? new BrokerClient(
          {
            url: settings.url,
            topics: settings.topics,
            clientId: settings.clientId ?? `glass-exporter-${randomBytes(4).toString('hex')}`,
            username: settings.username,
            password: settings.password,
            caCertificates: settings.caCertificates,
          },
          onMessage,
          logger,
        )
      : new EmbeddedBroker(
          {
            listen: settings.embeddedListen,
            topics: settings.topics,
            username: settings.username,
            password: settings.password,
          },
          onMessage,
          logger,
        );
  }

  async start(): Promise<void> {
    await this.source.start();
  }

  async stop(): Promise<void> {
    await this.source.stop();
  }

  async collect(_signal: AbortSignal): Promise<void> {
    this.store.sweep();

    const problem = this.source.problem();
    this.metrics.refresh(this.store, problem === undefined);

    // Readings stay until their time to live even while the broker is away, so that a short
    // broker restart does not resolve and re-fire every sensor alert.
    if (problem) throw problem;
  }
}
