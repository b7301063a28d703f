import { timingSafeEqual } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AedesPublishPacket, type AuthenticateError } from 'aedes';
import type { Logger } from 'pino';
import type { SourceError } from '../../../core/errors.js';
import type { ListenAddress } from '../../../config/values.js';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import { listenProblem, notListeningYet } from './connection-problems.js';
import type { MessageHandler, MessageSource } from './message-source.js';

export interface EmbeddedBrokerOptions {
  readonly listen: ListenAddress;
  readonly topics: readonly string[];
  /** When set, boards must connect with these credentials. */
  readonly username?: string;
  readonly password?: string;
}

/** CONNACK return code for rejected credentials in MQTT 3.1.1. */
const BAD_USERNAME_OR_PASSWORD = 4;

/**
 * An in-process broker (aedes) that boards publish to directly. The exporter subscribes inside
 * the process, so readings skip a network round trip. A port that cannot be bound is retried
 * with backoff and reported by `problem()`, never thrown.
 */
export class EmbeddedBroker implements MessageSource {
  private broker: Aedes | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly backoff: Backoff;
  private readonly where: string;
  private retryTimer: NodeJS.Timeout | undefined;
  private listening = false;
  private stopping = false;
  private lastProblem: SourceError | undefined;
  private lastDelivered: AedesPublishPacket | undefined;

  constructor(
    private readonly options: EmbeddedBrokerOptions,
    private readonly onMessage: MessageHandler,
    private readonly logger: Logger,
  ) {
    this.backoff = new Backoff(DEFAULT_BACKOFF);
    const { host, port } = options.listen;
    this.where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  }

  /** The port bound, useful when MQTT_EMBEDDED_LISTEN asks for port 0. */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const authenticate = this.authenticator();
    const broker = await Aedes.createBroker(authenticate ? { authenticate } : {});
    this.broker = broker;
    (broker as EventEmitter).on('error', (err: unknown) => {
      this.logger.warn({ err }, 'embedded mqtt broker error');
    });

    await Promise.all(this.options.topics.map((filter) => this.subscribe(broker, filter)));
    // Binding succeeds or fails at once, so the first scrape already tells which.
    await new Promise<void>((resolve) => this.listen(resolve));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;

    const server = this.server;
    const broker = this.broker;
    this.server = undefined;
    this.broker = undefined;
    this.listening = false;

    for (const socket of this.sockets) socket.destroy();
    await Promise.all([
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
      broker ? new Promise<void>((resolve) => broker.close(() => resolve())) : undefined,
    ]);
  }

  problem(): SourceError | undefined {
    if (this.listening) return undefined;
    return this.lastProblem ?? notListeningYet(this.where);
  }

  private listen(settled: () => void = () => {}): void {
    this.retryTimer = undefined;
    const broker = this.broker;
    if (this.stopping || !broker) {
      settled();
      return;
    }

    const server = createServer(broker.handle);
    this.server = server;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('error', (err) => {
      this.listenFailed(server, err);
      settled();
    });
    server.listen(this.options.listen.port, this.options.listen.host, () => {
      this.listening = true;
      this.lastProblem = undefined;
      this.backoff.reset();
      this.logger.info({ listen: this.where, port: this.port }, 'embedded mqtt broker listening');
      settled();
    });
  }

  private listenFailed(server: Server, err: Error): void {
    if (this.stopping || server !== this.server) return;

    const problem = listenProblem(this.where, this.options.listen.port, err);
    if (problem.message !== this.lastProblem?.message) {
      this.logger.warn(
        { problem: problem.message, hint: problem.hint },
        'embedded mqtt broker down',
      );
    }
    this.lastProblem = problem;
    this.listening = false;
    server.close();

    this.retryTimer = setTimeout(() => this.listen(), this.backoff.next());
  }

  private subscribe(broker: Aedes, filter: string): Promise<void> {
    // MQTT-4.7.2-1: a filter starting with a wildcard does not match `$SYS/...` topics.
    const skipsSystemTopics = filter.startsWith('#') || filter.startsWith('+');

    const deliver = (packet: AedesPublishPacket, done: () => void): void => {
      // A message matching several filters is delivered once, as a broker would. The broker
      // hands one packet to all its matching filters in a row, so the last one is enough.
      const skip = skipsSystemTopics && packet.topic.startsWith('$');
      if (!skip && packet !== this.lastDelivered) {
        this.lastDelivered = packet;
        const payload = packet.payload;
        this.onMessage(packet.topic, Buffer.isBuffer(payload) ? payload : Buffer.from(payload));
      }
      done();
    };

    return new Promise((resolve) => broker.subscribe(filter, deliver, () => resolve()));
  }

  private authenticator() {
    const { username, password } = this.options;
    if (username === undefined && password === undefined) return undefined;

    return (
      _client: unknown,
      givenUser: Readonly<string | undefined>,
      givenPassword: Readonly<Buffer | undefined>,
      done: (error: AuthenticateError | null, success: boolean | null) => void,
    ): void => {
      const ok =
        sameSecret(givenUser ?? '', username ?? '') &&
        sameSecret(givenPassword?.toString('utf8') ?? '', password ?? '');
      if (ok) {
        done(null, true);
        return;
      }
      const error = Object.assign(new Error('bad user name or password'), {
        returnCode: BAD_USERNAME_OR_PASSWORD,
      }) as AuthenticateError;
      done(error, null);
    };
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
