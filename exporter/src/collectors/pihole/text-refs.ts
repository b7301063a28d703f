import type { Ref } from './counter-key.js';

/**
 * Rows written before database version 10 hold the domain, client and upstream as text rather
 * than as link-table ids. Each distinct text gets a negative reference, so that both kinds fit
 * the same integer-keyed maps.
 */
export class TextRefs {
  private readonly refs = new Map<string, Ref>();
  private readonly texts: string[] = [];

  refOf(value: unknown): Ref {
    if (typeof value === 'number' && Number.isInteger(value)) return value;

    const text = value === null || value === undefined ? '' : String(value);
    let ref = this.refs.get(text);
    if (ref === undefined) {
      this.texts.push(text);
      ref = -this.texts.length;
      this.refs.set(text, ref);
    }
    return ref;
  }

  /** The text behind a negative reference. */
  textOf(ref: Ref): string | undefined {
    return ref < 0 ? this.texts[-ref - 1] : undefined;
  }
}
