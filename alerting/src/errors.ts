/** A setting that stops the mailer from starting; the message names the variable and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A webhook body that is not an Alertmanager notification; `path` points at the bad field. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(path === '' ? problem : `${path} ${problem}`);
  }
}

/** The outbox could not be opened or written; the webhook answers 5xx so the sender retries. */
export class OutboxError extends Error {
  override readonly name = 'OutboxError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
