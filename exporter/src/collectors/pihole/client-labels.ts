/**
 * Keeps `pihole_client_queries_total` bounded: at most `limit` clients get a series of their
 * own, the rest are summed under client="other". A client keeps its label once given one, and
 * a client already counted under "other" stays there, so no series ever goes backwards.
 */

export const OTHER_CLIENTS = 'other';

export class ClientLabels {
  private readonly own = new Set<string>();
  private readonly seen = new Set<string>();
  private chosen = false;

  constructor(private readonly limit: number) {}

  /**
   * Sums per-client counts into the labels to expose. On the first call the busiest clients
   * get their own series; later, new clients take the free places in order of appearance.
   */
  group(perClient: Map<string, [number, number]>): Map<string, [number, number]> {
    if (!this.chosen) this.chooseBusiest(perClient);

    const grouped = new Map<string, [number, number]>();
    for (const [client, counts] of perClient) {
      if (!this.seen.has(client)) {
        this.seen.add(client);
        if (this.own.size < this.limit) this.own.add(client);
      }

      const label = this.own.has(client) ? client : OTHER_CLIENTS;
      const sum = grouped.get(label) ?? [0, 0];
      grouped.set(label, [sum[0] + counts[0], sum[1] + counts[1]]);
    }
    return grouped;
  }

  private chooseBusiest(perClient: Map<string, [number, number]>): void {
    const busiest = [...perClient]
      .sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1]) || a[0].localeCompare(b[0]))
      .slice(0, this.limit);
    for (const [client] of busiest) this.own.add(client);
    for (const client of perClient.keys()) this.seen.add(client);
    this.chosen = true;
  }
}
