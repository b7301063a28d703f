import type { Ref } from './counter-key.js';
import type { ClientRow, FtlDatabase } from './ftl-database.js';
import type { TextRefs } from './text-refs.js';

/**
 * Resolves the ids of `client_by_id`, `forward_by_id` and `domain_by_id` to label values.
 * Clients and upstreams are few and read in full; domain names are only needed for the top
 * lists, so they are looked up one by one and cached.
 */

const DOMAIN_CACHE_LIMIT = 5000;

export class LinkNames {
  private readonly clients = new Map<number, ClientRow>();
  private lastClientId = -1;
  private readonly upstreams = new Map<number, string>();
  private readonly domains = new Map<number, string>();

  constructor(private readonly texts: TextRefs) {}

  /** Reads client and upstream rows added since the last call. */
  refresh(db: FtlDatabase): void {
    for (const row of db.clientsAfter(this.lastClientId)) {
      this.clients.set(row.id, row);
      this.lastClientId = Math.max(this.lastClientId, row.id);
    }
    for (const [id, forward] of db.upstreams()) this.upstreams.set(id, forward);
  }

  upstreamIds(): number[] {
    return [...this.upstreams.keys()];
  }

  /** The client's host name when FTL knows one, else its address. */
  clientLabel(ref: Ref): string {
    const name = this.clientName(ref);
    return name !== '' ? name : this.clientIp(ref);
  }

  clientIp(ref: Ref): string {
    return this.texts.textOf(ref) ?? this.clients.get(ref)?.ip ?? `client id ${ref}`;
  }

  clientName(ref: Ref): string {
    return this.clients.get(ref)?.name ?? '';
  }

  upstream(ref: Ref): string {
    return this.texts.textOf(ref) ?? this.upstreams.get(ref) ?? `upstream id ${ref}`;
  }

  domain(db: FtlDatabase, ref: Ref): string {
    const text = this.texts.textOf(ref);
    if (text !== undefined) return text;

    let name = this.domains.get(ref);
    if (name === undefined) {
      name = db.domainName(ref) ?? `domain id ${ref}`;
      if (this.domains.size >= DOMAIN_CACHE_LIMIT) this.domains.clear();
      this.domains.set(ref, name);
    }
    return name;
  }
}
