/**
 * A source a collector reads from is unavailable or unusable. The message says what went wrong
 * and where; the hint says what the user can do about it. Both are shown on the status page.
 */
export class SourceError extends Error {
  override readonly name = 'SourceError';

  constructor(
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A configuration value was rejected before the exporter started listening. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
