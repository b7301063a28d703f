import { dedupeKeyOf, threadKeyOf } from '../webhook/dedupe-key.js';
import type { Notification } from '../webhook/notification.js';
import { domainOf, type Mailbox } from './addresses.js';
import { recipientsOf } from './recipients.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import { subjectOf } from './subject.js';

export interface OutgoingMail {
  from: Mailbox;
  to: Mailbox[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  headers: Record<string, string>;
}

export interface ComposeSettings {
  from: Mailbox;
  defaultTo: Mailbox[];
}

export interface ComposedMail {
  mail: OutgoingMail;
  /** email_to values that were not addresses and were replaced by the defaults. */
  rejectedRecipients: string[];
}

/**
 * Builds the mail for one stored notification. The Message-ID depends only on the outbox row,
 * so a retry after an unclear failure carries the same ID and clients can fold the copies;
 * References point at a per-group root so firing and resolved mails share a thread.
 */
export function composeMail(
  notification: Notification,
  outboxId: number,
  settings: ComposeSettings,
): ComposedMail {
  const domain = domainOf(settings.from);
  const thread = `<${threadKeyOf(notification.groupKey)}@${domain}>`;
  const messageId = `<${dedupeKeyOf(notification).slice(0, 20)}.${outboxId}@${domain}>`;
  const subject = subjectOf(notification);
  const recipients = recipientsOf(notification, settings.defaultTo);

  const mail: OutgoingMail = {
    from: settings.from,
    to: recipients.to,
    subject,
    text: renderText(notification, subject),
    html: renderHtml(notification, subject),
    messageId,
    inReplyTo: thread,
    references: [thread],
    // RFC 3834: tells auto-responders not to answer machine mail.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
  return { mail, rejectedRecipients: recipients.rejected };
}
