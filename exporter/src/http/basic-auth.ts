import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * Checks `Authorization: Basic` credentials against bcrypt hashes. A bcrypt comparison costs
 * tens of milliseconds by design, and Prometheus sends the same credentials on every scrape, so
 * verdicts are remembered under a digest of the credentials (never the password itself).
 */
export class BasicAuthVerifier {
  private readonly verdicts = new Map<string, boolean>();

  constructor(private readonly users: ReadonlyMap<string, string>) {}

  get enabled(): boolean {
    return this.users.size > 0;
  }

  async verify(authorization: string | undefined): Promise<boolean> {
    const credentials = parseBasic(authorization);
    if (!credentials) return false;

    const hash = this.users.get(credentials.user);
    if (!hash) return false;

    const key = createHash('sha256')
      .update(`${credentials.user}\0${credentials.password}\0${hash}`)
      .digest('hex');
    const known = this.verdicts.get(key);
    if (known !== undefined) return known;

    const verdict = await bcrypt.compare(credentials.password, hash);
    if (this.verdicts.size > 1000) this.verdicts.clear();
    this.verdicts.set(key, verdict);
    return verdict;
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;

  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
