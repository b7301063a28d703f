import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export type SmtpOptions = SMTPTransport.Options;

export interface SmtpSettings {
  options: SmtpOptions;
  /** The URL with its password replaced, safe for logs. */
  redactedUrl: string;
}

/** Reads an smtp:// or smtps:// URL the way nodemailer does; returns a problem or settings. */
export function parseSmtpUrl(text: string): SmtpSettings | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }

  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return `scheme "${url.protocol.replace(/:$/, '')}" is neither smtp nor smtps`;
  }
  if (url.hostname === '') {
    return 'the URL has no host';
  }
  if (url.password !== '' && url.username === '') {
    return 'the URL has a password but no user name';
  }

  const parsed = parseConnectionUrl(text) as SmtpOptions;
  const secure = url.protocol === 'smtps:';
  // Mailu refuses plain-text logins, so STARTTLS is mandatory on smtp:// unless the URL says otherwise.
  const options: SmtpOptions = { requireTLS: !secure, ...parsed, secure };
  options.host = url.hostname.replace(/^\[(.*)\]$/, '$1');

  return { options, redactedUrl: redact(url) };
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') {
    copy.password = '***';
  }
  return copy.href;
}
