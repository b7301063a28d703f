import { describe, expect, it } from 'vitest';

import { classifyFailure } from './classify.js';

function smtpError(code: string, responseCode?: number, response?: string) {
  return Object.assign(new Error(response ?? code), { code, responseCode, response });
}

describe('classifyFailure', () => {
  it.each([
    [
      'wrong password',
      smtpError('EAUTH', 535, '535 5.7.8 Error: authentication failed'),
      'auth',
      true,
      true,
    ],
    [
      'no login',
      smtpError('EENVELOPE', 530, '530 5.7.0 Authentication required'),
      'auth',
      true,
      true,
    ],
    [
      'auth rate limit',
      smtpError('EAUTH', 451, '451 4.3.2 Temporary authentication failure'),
      'temporary',
      false,
      true,
    ],
    [
      'message rate limit',
      smtpError('EMESSAGE', 450, '450 4.2.1 too many emails'),
      'temporary',
      false,
      false,
    ],
    [
      'sender rejected',
      smtpError('EENVELOPE', 553, '553 5.7.1 Sender address rejected'),
      'permanent',
      true,
      false,
    ],
    ['refused', smtpError('ESOCKET'), 'connection', false, true],
    ['timeout', smtpError('ETIMEDOUT'), 'connection', false, true],
    ['no STARTTLS', smtpError('ETLS', undefined), 'connection', false, true],
    ['not an SMTP error', new TypeError('boom'), 'connection', false, true],
  ])('%s', (_name, error, reason, permanent, transport) => {
    expect(classifyFailure(error)).toMatchObject({ reason, permanent, transport });
  });

  it('summarises code, command and server reply', () => {
    const error = Object.assign(smtpError('EAUTH', 535, '535 5.7.8 failed'), {
      command: 'AUTH PLAIN',
    });

    expect(classifyFailure(error).summary).toBe('EAUTH during AUTH PLAIN 535 5.7.8 failed');
  });
});
