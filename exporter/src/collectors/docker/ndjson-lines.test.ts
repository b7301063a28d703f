import { describe, expect, it } from 'vitest';
import { NdjsonLines } from './ndjson-lines.js';

describe('events stream line splitting', () => {
  it('joins a line split across chunks and splits lines merged in one chunk', () => {
    const lines = new NdjsonLines();
    expect(lines.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(lines.push(':2}\n{"c":3}\n{"d":4}\n')).toEqual(['{"b":2}', '{"c":3}', '{"d":4}']);
  });

  it('keeps a multi-byte character that a chunk boundary cuts in two', () => {
    const lines = new NdjsonLines();
    const bytes = Buffer.from('{"name":"café"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(lines.push(bytes.subarray(0, cut))).toEqual([]);
    expect(lines.push(bytes.subarray(cut))).toEqual(['{"name":"café"}']);
  });

  it('skips blank lines and returns an unterminated last line at the end', () => {
    const lines = new NdjsonLines();
    expect(lines.push('\n\r\n{"a":1}\r\n{"b":2}')).toEqual(['{"a":1}']);
    expect(lines.end()).toEqual(['{"b":2}']);
  });

  it('drops a line too long to be an event instead of buffering it forever', () => {
    const lines = new NdjsonLines();
    const huge = 'x'.repeat(600 * 1024);
    expect(lines.push(huge)).toEqual([]);
    expect(lines.push(huge)).toEqual([]);
    expect(lines.push('rest of it\n{"ok":true}\n')).toEqual(['{"ok":true}']);
    expect(lines.dropped).toBe(1);
  });
});
