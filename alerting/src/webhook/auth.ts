import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthResult = 'ok' | 'missing' | 'wrong';

/**
 * Checks an Authorization header against the webhook token. Both forms Alertmanager's
 * http_config can send are accepted: `Bearer <token>` and Basic with the token as password.
 */
export function checkAuthorization(header: string | undefined, token: string): AuthResult {
  if (header === undefined || header.trim() === '') {
    return 'missing';
  }

  const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return sameSecret(credentials, token) ? 'ok' : 'wrong';
    case 'basic':
      return sameSecret(basicPassword(credentials), token) ? 'ok' : 'wrong';
    default:
      return 'wrong';
  }
}

function basicPassword(credentials: string): string {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? '' : decoded.slice(colon + 1);
}

/** Compares digests so that neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}
