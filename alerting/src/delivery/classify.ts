/** Why a delivery attempt failed; also the `reason` label of mailer_emails_failed_total. */
export type FailureReason = 'connection' | 'auth' | 'temporary' | 'permanent';

export const FAILURE_REASONS: readonly FailureReason[] = [
  'connection',
  'auth',
  'temporary',
  'permanent',
];

export interface Failure {
  reason: FailureReason;
  /** Permanent failures end in the dead-letter state after a few attempts. */
  permanent: boolean;
  /** Transport failures block every mail, so the whole queue waits, not just this mail. */
  transport: boolean;
  summary: string;
}

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
  response?: unknown;
  message?: unknown;
}

// SMTP replies that mean the login itself is wrong or not allowed: no retry will fix them.
const LOGIN_REJECTED = new Set([530, 534, 535, 538]);

/** Sorts a nodemailer error into retry classes by its SMTP reply code and error code. */
export function classifyFailure(error: unknown): Failure {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? error : {};
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const summary = summarise(fields, error);

  if (responseCode !== undefined && LOGIN_REJECTED.has(responseCode)) {
    return { reason: 'auth', permanent: true, transport: true, summary };
  }
  if (code === 'EAUTH' && responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    // Mailu's auth rate limit answers 451: wait, but do not count it against the mail.
    return { reason: 'temporary', permanent: false, transport: true, summary };
  }
  if (code === 'EAUTH') {
    return { reason: 'auth', permanent: true, transport: true, summary };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return { reason: 'temporary', permanent: false, transport: false, summary };
  }
  if (responseCode !== undefined && responseCode >= 500) {
    return { reason: 'permanent', permanent: true, transport: false, summary };
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    return { reason: 'permanent', permanent: true, transport: false, summary };
  }
  return { reason: 'connection', permanent: false, transport: true, summary };
}

function summarise(fields: SmtpErrorFields, error: unknown): string {
  const parts = [
    typeof fields.code === 'string' ? fields.code : undefined,
    typeof fields.command === 'string' ? `during ${fields.command}` : undefined,
    typeof fields.response === 'string'
      ? fields.response
      : typeof fields.message === 'string'
        ? fields.message
        : String(error),
  ];
  return parts.filter((part) => part !== undefined).join(' ');
}
