import { connect, type IClientOptions, type ISubscriptionGrant, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { SourceError } from '../../../core/errors.js';
import { shownUrl } from '../settings.js';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import { connectionProblem, notConnectedYet, subscriptionRefused } from './connection-problems.js';
import type { MessageHandler, MessageSource } from './message-source.js';

export interface BrokerClientOptions {
  readonly url: URL;
  readonly topics: readonly string[];
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  /** PEM certificates to trust besides the system ones. */
  readonly caCertificates?: string;
}

/** MQTT 3.1.1 SUBACK code of a refused subscription. */
const SUBSCRIPTION_FAILED = 128;

/**
 * Subscribes to an external broker. MQTT.js retries on a fixed period and gives up after a
 * refused CONNACK, so each attempt is a fresh client with its retry turned off, and the next
 * attempt waits a capped, jittered backoff whatever ended the previous one.
 */
export class BrokerClient implements MessageSource {
  private client: MqttClient | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private readonly where: string;
  private subscribed = false;
  private stopping = false;
  private lastProblem: SourceError;

  constructor(
    private readonly options: BrokerClientOptions,
    private readonly onMessage: MessageHandler,
    private readonly logger: Logger,
  ) {
    this.backoff = new Backoff(DEFAULT_BACKOFF);
    this.where = shownUrl(options.url);
    this.lastProblem = notConnectedYet(this.where);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.attempt();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.dispose(this.client);
    this.client = undefined;
    this.subscribed = false;
  }

  problem(): SourceError | undefined {
    return this.subscribed ? undefined : this.lastProblem;
  }

  private attempt(): void {
    this.retryTimer = undefined;
    if (this.stopping) return;

    let client: MqttClient;
    try {
      client = connect(this.options.url.href, this.clientOptions());
    } catch (err) {
      this.fail(connectionProblem(this.where, err));
      this.retryTimer = setTimeout(() => this.attempt(), this.backoff.next());
      return;
    }
    this.client = client;
    let ended = false;
    const retry = (): void => {
      if (ended) return;
      ended = true;
      this.connectionEnded(client);
    };

    client.on('connect', () => this.subscribe(client));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('error', (err) => {
      if (client !== this.client) return;
      this.fail(connectionProblem(this.where, err));
      // A refused CONNACK closes the stream without MQTT.js retrying: retry ourselves.
      if (typeof (err as { code?: unknown }).code === 'number') retry();
    });
    client.on('close', retry);
  }

  private clientOptions(): IClientOptions {
    const { username, password, clientId, caCertificates } = this.options;
    return {
      protocolVersion: 4,
      clientId,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: 0,
      resubscribe: false,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(caCertificates !== undefined ? { ca: [caCertificates] } : {}),
    };
  }

  private subscribe(client: MqttClient): void {
    const topics = Object.fromEntries(
      this.options.topics.map((topic) => [topic, { qos: 1 as const }]),
    );

    client.subscribe(topics, (err, granted) => {
      if (client !== this.client) return;
      const refused = err ? refusedInSuback(err, this.options.topics) : refusedGrants(granted);
      if (err && refused.length === 0) {
        this.fail(connectionProblem(this.where, err));
        client.end(true);
        return;
      }
      if (refused.length > 0) {
        // Closing makes the next attempt wait its backoff, as for any other failure.
        this.fail(subscriptionRefused(this.where, refused));
        client.end(true);
        return;
      }

      this.subscribed = true;
      this.backoff.reset();
      this.logger.info(
        { broker: this.where, topics: this.options.topics },
        'subscribed to mqtt broker',
      );
    });
  }

  private connectionEnded(client: MqttClient): void {
    if (client !== this.client || this.stopping) return;

    if (this.subscribed) {
      this.subscribed = false;
      this.lastProblem = connectionProblem(this.where, new Error('the connection closed'));
      this.logger.warn({ broker: this.where }, 'lost the mqtt broker, reconnecting');
    }
    void this.dispose(client);

    const delayMs = this.backoff.next();
    this.logger.debug({ broker: this.where, delayMs }, 'next mqtt connection attempt scheduled');
    this.retryTimer = setTimeout(() => this.attempt(), delayMs);
  }

  /** Records a problem, logging it only when it differs from the last one. */
  private fail(problem: SourceError): void {
    if (this.stopping) return;
    this.subscribed = false;
    if (problem.message !== this.lastProblem.message) {
      this.logger.warn({ problem: problem.message, hint: problem.hint }, 'mqtt broker unavailable');
    }
    this.lastProblem = problem;
  }

  private async dispose(client: MqttClient | undefined): Promise<void> {
    if (!client) return;

    client.removeAllListeners('message');
    client.on('error', () => {});
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      client.end(true, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function refusedGrants(granted: readonly ISubscriptionGrant[] | undefined): string[] {
  return (granted ?? [])
    .filter((grant) => grant.qos >= SUBSCRIPTION_FAILED)
    .map((grant) => grant.topic);
}

/** MQTT.js fails the whole subscribe when a SUBACK refuses a filter; find which ones. */
function refusedInSuback(err: Error, topics: readonly string[]): string[] {
  const codes = (err as { packet?: { granted?: unknown } }).packet?.granted;
  if (!Array.isArray(codes)) return [];
  return topics.filter((_, index) => Number(codes[index]) >= SUBSCRIPTION_FAILED);
}
