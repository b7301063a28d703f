import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { ConfigError } from '../errors.js';
import { AddressError, type Mailbox, parseMailbox, parseMailboxList } from '../mail/addresses.js';
import { type ListenAddress, parseListenAddress } from './listen-address.js';
import { parseSmtpUrl, type SmtpSettings } from './smtp-url.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface MailerConfig {
  listen: ListenAddress;
  /** A listener of its own for /metrics; unset, /metrics is served beside the webhook. */
  metricsListen?: ListenAddress;
  smtp: SmtpSettings;
  /** PEM text of the CA that signed the SMTP server's certificate. */
  smtpCa?: string;
  from: Mailbox;
  to: Mailbox[];
  webhookToken?: string;
  dataDir: string;
}

export const DEFAULT_LISTEN_ADDRESS = '0.0.0.0:9095';
export const DEFAULT_DATA_DIR = './data';

interface Setting {
  variable: string;
  value: string;
  secret: boolean;
}

/** Reads and checks every MAILER_* variable; throws ConfigError on the first bad one. */
export function loadConfig(env: Env, cwd = process.cwd()): MailerConfig {
  const listenSetting =
    read(env, 'MAILER_LISTEN_ADDRESS') ?? plain('MAILER_LISTEN_ADDRESS', DEFAULT_LISTEN_ADDRESS);
  const listen = check(
    listenSetting,
    parseListenAddress,
    'host:port, e.g. 0.0.0.0:9095 or [::1]:9095',
  );

  const metricsSetting = read(env, 'MAILER_METRICS_LISTEN_ADDRESS');
  const metricsListen =
    metricsSetting === undefined
      ? undefined
      : check(metricsSetting, parseListenAddress, 'host:port, e.g. 0.0.0.0:9096 or [::1]:9096');

  const smtpSetting = required(env, 'MAILER_SMTP_URL', true);
  const smtp = check(
    smtpSetting,
    parseSmtpUrl,
    'smtps://user:pass@mail.example.org:465 or smtp://user:pass@mail.example.org:587 (STARTTLS)',
  );

  const caSetting = read(env, 'MAILER_SMTP_CA_FILE');
  const smtpCa = caSetting === undefined ? undefined : readCaFile(caSetting);

  const from = check(
    required(env, 'MAILER_FROM'),
    mailbox,
    'one address, e.g. Alerts <alerts@example.org>',
  );
  const to = check(
    required(env, 'MAILER_TO'),
    mailboxList,
    'comma-separated addresses, e.g. a@example.org,b@example.org',
  );

  const tokenSetting = read(env, 'MAILER_WEBHOOK_TOKEN', true, { emptyIsUnset: false });
  const webhookToken =
    tokenSetting === undefined ? undefined : check(tokenSetting, token, TOKEN_RULE).value;

  const dataSetting = read(env, 'MAILER_DATA_DIR') ?? plain('MAILER_DATA_DIR', DEFAULT_DATA_DIR);
  const dataDir = resolve(cwd, dataSetting.value);

  return { listen, metricsListen, smtp, smtpCa, from, to, webhookToken, dataDir };
}

/** Formats a value for an error line; secrets never appear. */
export function shown(setting: Setting): string {
  return setting.secret ? '<hidden>' : JSON.stringify(setting.value);
}

export function invalid(setting: Setting, problem: string, accepted: string): ConfigError {
  return new ConfigError(
    setting.variable,
    `${setting.variable}=${shown(setting)} is invalid: ${problem}; accepted: ${accepted}`,
  );
}

function plain(variable: string, value: string): Setting {
  return { variable, value, secret: false };
}

function read(
  env: Env,
  variable: string,
  secret = false,
  { emptyIsUnset } = { emptyIsUnset: true },
): Setting | undefined {
  const fileVariable = `${variable}_FILE`;
  const direct = env[variable];
  const path = secret ? env[fileVariable] : undefined;

  if (direct !== undefined && path !== undefined) {
    throw new ConfigError(
      variable,
      `${variable} and ${fileVariable} are both set; accepted: exactly one of them`,
    );
  }

  if (path !== undefined) {
    return { variable: fileVariable, value: readSecretFile(fileVariable, path), secret };
  }
  if (direct === undefined || (direct === '' && emptyIsUnset)) {
    return undefined;
  }
  return { variable, value: direct, secret };
}

function required(env: Env, variable: string, secret = false): Setting {
  const setting = read(env, variable, secret);
  if (setting === undefined) {
    const alternatives = secret ? `${variable} or ${variable}_FILE` : variable;
    throw new ConfigError(variable, `${alternatives} is not set; it is required`);
  }
  return setting;
}

function readSecretFile(fileVariable: string, path: string): string {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError(
      fileVariable,
      `${fileVariable}=${JSON.stringify(path)} cannot be read (${code}); accepted: a readable file`,
      { cause: error },
    );
  }
  // Secret files written with `echo` end in a newline that is not part of the secret.
  return content.replace(/\r?\n$/, '');
}

function readCaFile(setting: Setting): string {
  let pem: string;
  try {
    pem = readFileSync(setting.value, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw invalid(setting, `the file cannot be read (${code})`, 'a readable PEM file');
  }

  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw invalid(
      setting,
      'the file holds no PEM certificate',
      'a PEM file with the CA certificate',
    );
  }
  return pem;
}

function check<T>(setting: Setting, parse: (text: string) => T | string, accepted: string): T {
  const result = parse(setting.value);
  if (typeof result === 'string') {
    throw invalid(setting, result, accepted);
  }
  return result;
}

function mailbox(text: string): Mailbox | string {
  if (text.includes(',')) {
    return 'only one sender address is allowed';
  }
  return withAddressProblem(() => parseMailbox(text));
}

function mailboxList(text: string): Mailbox[] | string {
  const list = withAddressProblem(() => parseMailboxList(text));
  if (Array.isArray(list) && list.length === 0) {
    return 'the list is empty';
  }
  return list;
}

function withAddressProblem<T>(parse: () => T): T | string {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AddressError) {
      return error.message;
    }
    throw error;
  }
}

const TOKEN_RULE = 'a non-empty token of visible ASCII characters without spaces';

function token(text: string): string | { value: string } {
  if (text === '') {
    return 'the token is empty (unset the variable to turn authentication off)';
  }
  if (!/^[\x21-\x7e]+$/.test(text)) {
    return 'the token contains spaces or non-ASCII characters';
  }
  return { value: text };
}
