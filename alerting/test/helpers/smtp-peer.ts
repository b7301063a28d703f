import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { testCertificate } from './tls.js';
import { waitFor } from './ports.js';

export const SMTP_USER = 'alerts@example.org';
export const SMTP_PASSWORD = 'correct horse battery staple';

export interface ReceivedMail {
  parsed: ParsedMail;
  raw: string;
  envelopeTo: string[];
}

export interface AuthAttempt {
  username: string;
  accepted: boolean;
  secure: boolean;
  at: number;
}

/**
 * smtp-server configured like Mailu's submission port: STARTTLS offered, AUTH PLAIN/LOGIN only
 * after TLS, and no mail without a login.
 */
export interface PeerOptions {
  /** Recipient address refused with 550 at RCPT TO. */
  refuseRecipient?: string;
  /** Implicit TLS from the first byte, like Mailu's port 465, instead of STARTTLS. */
  implicitTls?: boolean;
  /** Reply to the n-th DATA (1-based) with this code and text instead of accepting it. */
  dataReply?: (attempt: number) => { code: number; text: string } | undefined;
}

function smtpReply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export class SmtpPeer {
  readonly received: ReceivedMail[] = [];
  readonly authAttempts: AuthAttempt[] = [];
  readonly errors: Error[] = [];

  private constructor(
    readonly port: number,
    private readonly server: SMTPServer,
  ) {}

  static async start(
    port: number,
    password = SMTP_PASSWORD,
    options: PeerOptions = {},
  ): Promise<SmtpPeer> {
    const certificate = await testCertificate();
    const received: ReceivedMail[] = [];
    const authAttempts: AuthAttempt[] = [];
    let dataAttempts = 0;

    const server = new SMTPServer({
      secure: options.implicitTls ?? false,
      key: certificate.key,
      cert: certificate.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, session, callback) {
        const accepted = auth.username === SMTP_USER && auth.password === password;
        authAttempts.push({
          username: auth.username ?? '',
          accepted,
          secure: session.secure,
          at: Date.now(),
        });
        if (!accepted) {
          callback(smtpReply(535, '5.7.8 Authentication credentials invalid'));
          return;
        }
        callback(null, { user: auth.username });
      },
      onRcptTo(address, _session, callback) {
        if (address.address === options.refuseRecipient) {
          callback(smtpReply(550, '5.1.1 Recipient address rejected: User unknown'));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        dataAttempts += 1;
        const reply = options.dataReply?.(dataAttempts);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (reply) {
            callback(smtpReply(reply.code, reply.text));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelopeTo = session.envelope.rcptTo.map((entry) => entry.address);
          simpleParser(raw).then(
            (parsed) => {
              received.push({ parsed, raw, envelopeTo });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });

    const peer = new SmtpPeer(port, server);
    Object.assign(peer, { received, authAttempts });
    server.on('error', (error) => peer.errors.push(error));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return peer;
  }

  async waitForMails(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    return waitFor(
      `${count} mail(s) at the SMTP peer`,
      () => (this.received.length >= count ? this.received : undefined),
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
