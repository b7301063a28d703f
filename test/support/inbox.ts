import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { parseMail, type ReceivedMail } from './mime.js';

export interface InboxOptions {
  port: number;
  user: string;
  password: string;
}

/**
 * The mail server stand-in: STARTTLS with a certificate of its own, AUTH required, like a
 * Mailu submission port. Keeps every accepted message.
 */
export class Inbox {
  readonly messages: ReceivedMail[] = [];
  readonly errors: Error[] = [];
  private server: SMTPServer | undefined;

  private constructor(
    private readonly options: InboxOptions,
    readonly certificatePem: string,
    private readonly keyPem: string,
  ) {}

  static async start(options: InboxOptions): Promise<Inbox> {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    const inbox = new Inbox(options, pems.cert, pems.private);
    await inbox.listen();
    return inbox;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(resolve) : resolve()));
  }

  private async listen(): Promise<void> {
    const server = new SMTPServer({
      secure: false,
      key: this.keyPem,
      cert: this.certificatePem,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        const valid =
          auth.username === this.options.user && auth.password === this.options.password;
        if (valid) return callback(null, { user: auth.username });
        return callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push(parseMail(Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
    server.on('error', (error) => this.errors.push(error));
    this.server = server;

    await new Promise<void>((resolve) => server.listen(this.options.port, '127.0.0.1', resolve));
  }
}
