import type { SourceError } from '../../../core/errors.js';

/** Where MQTT messages come from: a broker the exporter connects to, or its embedded one. */
export interface MessageSource {
  /** Starts connecting or listening; resolves at once, whether or not that succeeds. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `undefined` while messages flow; otherwise what is wrong and how to fix it. */
  problem(): SourceError | undefined;
}

export type MessageHandler = (topic: string, payload: Buffer) => void;
