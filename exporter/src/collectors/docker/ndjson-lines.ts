import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is not an engine event; it is dropped rather than buffered forever. */
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a newline-delimited stream into lines. Chunks arrive split in the middle of a line (or of
 * a multi-byte character) and merged several lines at a time; the unfinished tail is kept for the
 * next chunk.
 */
export class NdjsonLines {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';
  private droppingOversized = false;

  /** Number of over-long lines dropped so far. */
  dropped = 0;

  push(chunk: Buffer | string): string[] {
    const text = this.tail + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.tail = parts.pop() ?? '';

    const lines: string[] = [];
    for (const part of parts) {
      if (this.droppingOversized) {
        this.droppingOversized = false;
        continue;
      }
      const line = part.trim();
      if (line !== '') lines.push(line);
    }

    if (this.tail.length > MAX_LINE_BYTES) {
      this.tail = '';
      this.dropped += 1;
      this.droppingOversized = true;
    }
    return lines;
  }

  /** The last line when the stream ends without a final newline. */
  end(): string[] {
    const line = (this.tail + this.decoder.end()).trim();
    this.tail = '';
    return line === '' || this.droppingOversized ? [] : [line];
  }
}
