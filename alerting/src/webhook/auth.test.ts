import { describe, expect, it } from 'vitest';

import { checkAuthorization } from './auth.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('checkAuthorization', () => {
  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['Bearer tok3n', 'ok'],
    ['bearer tok3n', 'ok'],
    ['Bearer tok3n-and-more', 'wrong'],
    ['Bearer ', 'wrong'],
    [basic('alertmanager', 'tok3n'), 'ok'],
    [basic('', 'tok3n'), 'ok'],
    [basic('tok3n', ''), 'wrong'],
    ['Basic not-base64', 'wrong'],
    ['Token tok3n', 'wrong'],
  ])('%j is %s', (header, expected) => {
    expect(checkAuthorization(header, 'tok3n')).toBe(expected);
  });
});
