import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Paths that may hold a credential; pino replaces them before a line is written. */
const SECRET_PATHS = [
  'smtpUrl',
  '*.smtpUrl',
  'pass',
  '*.pass',
  'auth.pass',
  '*.auth.pass',
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const settings = {
    name: 'glass-mailer',
    level: options.level ?? 'info',
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
