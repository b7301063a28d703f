/** Just enough MIME decoding to read the alert mails a test inbox receives. */

export interface ReceivedMail {
  subject: string;
  headers: Map<string, string>;
  text: string;
}

export function parseMail(raw: string): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  return {
    subject: decodeWords(headers.get('subject') ?? ''),
    headers,
    text: textOf(headers, body),
  };
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  const headers = new Map<string, string>();

  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const separator = line.indexOf(':');
    if (separator > 0) {
      headers.set(line.slice(0, separator).trim().toLowerCase(), line.slice(separator + 1).trim());
    }
  }
  return { headers, body };
}

/** The text/plain content, from a single part or the first text/plain part of a multipart. */
function textOf(headers: Map<string, string>, body: string): string {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];

  if (boundary === undefined) return decodeBody(body, headers.get('content-transfer-encoding'));

  const parts = body.split(`--${boundary}`).slice(1, -1).map(splitHeaders);
  const texts = parts.map((part) => textOf(part.headers, part.body));
  const plainIndex = parts.findIndex((part) =>
    (part.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith('text/plain'),
  );
  return texts[plainIndex === -1 ? 0 : plainIndex] ?? '';
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\n/g, ''));
    default:
      return body;
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const hex = text.slice(index + 1, index + 3);
    if (text[index] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(text[index]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words, as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi,
      (_match, _charset, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
