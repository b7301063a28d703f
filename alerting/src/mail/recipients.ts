import type { Alert, Notification } from '../webhook/notification.js';
import { AddressError, type Mailbox, parseMailboxList } from './addresses.js';

export const ROUTING_KEY = 'email_to';

export interface Recipients {
  to: Mailbox[];
  /** email_to entries that are not addresses; those alerts fall back to the defaults. */
  rejected: string[];
}

/**
 * Each alert goes to its `email_to` annotation or label when it has one, otherwise to the
 * default recipients; the mail is addressed to the union, so no alert loses its reader.
 */
export function recipientsOf(notification: Notification, defaults: Mailbox[]): Recipients {
  const byAddress = new Map<string, Mailbox>();
  const rejected: string[] = [];

  for (const alert of notification.alerts) {
    const routed = routedMailboxes(alert, rejected);
    for (const mailbox of routed ?? defaults) {
      const key = mailbox.address.toLowerCase();
      if (!byAddress.has(key)) {
        byAddress.set(key, mailbox);
      }
    }
  }

  return { to: [...byAddress.values()], rejected };
}

function routedMailboxes(alert: Alert, rejected: string[]): Mailbox[] | undefined {
  const value = alert.annotations[ROUTING_KEY] ?? alert.labels[ROUTING_KEY];
  if (value === undefined || value.trim() === '') {
    return undefined;
  }

  try {
    const list = parseMailboxList(value);
    return list.length > 0 ? list : undefined;
  } catch (error) {
    if (!(error instanceof AddressError)) {
      throw error;
    }
    rejected.push(value);
    return undefined;
  }
}
