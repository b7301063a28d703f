/** One mailbox: the bare address plus an optional display name. */
export interface Mailbox {
  name?: string;
  address: string;
}

const LOCAL_PART = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+";
const DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${LOCAL_PART}@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*$`);
const NAMED = /^([^<>]*)<([^<>]*)>$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export class AddressError extends Error {
  override readonly name = 'AddressError';
}

/** Parses `ops@example.org` or `Ops <ops@example.org>`; throws AddressError when malformed. */
export function parseMailbox(text: string): Mailbox {
  const entry = text.trim();
  if (CONTROL_CHARACTERS.test(entry)) {
    throw new AddressError(`"${entry}" contains control characters`);
  }

  const named = NAMED.exec(entry);
  const address = (named ? named[2] : entry)?.trim() ?? '';
  const name = named?.[1]?.trim().replace(/^"(.*)"$/, '$1') ?? '';
  if (!ADDRESS.test(address)) {
    throw new AddressError(`"${entry}" is not an e-mail address like ops@example.org`);
  }
  if (name.includes('"')) {
    throw new AddressError(`"${entry}" has a quote inside its display name`);
  }

  return name === '' ? { address } : { name, address };
}

/** Parses a comma-separated list; empty entries are ignored. */
export function parseMailboxList(text: string): Mailbox[] {
  return text
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .map(parseMailbox);
}

export function domainOf(mailbox: Mailbox): string {
  return mailbox.address.slice(mailbox.address.lastIndexOf('@') + 1).toLowerCase();
}
