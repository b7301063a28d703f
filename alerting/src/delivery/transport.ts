import nodemailer from 'nodemailer';

import type { MailerConfig } from '../config/env.js';
import type { OutgoingMail } from '../mail/compose.js';

export interface SendResult {
  response: string;
  /** Recipients the server refused while accepting the mail for the others. */
  rejected: string[];
}

/** What the delivery worker needs from SMTP. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

export interface TransportOptions {
  /** Reuse connections (default true); one connection per mail when false. */
  pool?: boolean;
  maxConnections?: number;
}

export function createSmtpSender(
  config: Pick<MailerConfig, 'smtp' | 'smtpCa'>,
  options: TransportOptions = {},
): MailSender {
  const smtp = config.smtp.options;
  const tls = { ...smtp.tls, ...(config.smtpCa ? { ca: config.smtpCa } : {}) };
  const base = {
    ...smtp,
    tls,
    // nodemailer waits minutes by default; a stuck server should fail fast and be retried.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };

  const transport =
    options.pool === false
      ? nodemailer.createTransport(base)
      : nodemailer.createTransport({
          ...base,
          pool: true,
          maxConnections: options.maxConnections ?? 3,
          maxMessages: 100,
          // Retries belong to the outbox, which counts them and backs off.
          maxRequeues: 0,
        });

  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { response: info.response, rejected: info.rejected.map(String) };
    },
    close() {
      transport.close();
    },
  };
}
