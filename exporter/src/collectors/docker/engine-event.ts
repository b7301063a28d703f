/** Health states a container can report, `none` meaning it has no healthcheck. */
export const HEALTH_STATES = ['healthy', 'unhealthy', 'starting', 'none'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** A container event from `/events`, the same shape whether Docker or Podman sent it. */
export interface ContainerEvent {
  readonly containerId: string;
  /** Docker's action name: `health_status: healthy` becomes `health_status`, `remove` `destroy`. */
  readonly action: string;
  readonly name?: string;
  readonly health?: HealthState;
  readonly timeNano: bigint;
  /** Identifies the event so that one replayed after a reconnect is not counted twice. */
  readonly key: string;
}

/** Podman names some actions differently; the metric uses Docker's names for both engines. */
const ACTION_ALIASES: Record<string, string> = {
  remove: 'destroy',
  exec_died: 'exec_die',
  died: 'die',
};

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  status?: unknown;
  HealthStatus?: unknown;
  health_status?: unknown;
  time?: unknown;
  timeNano?: unknown;
  Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
}

/**
 * Parses one line of the events stream. Returns undefined for lines that are not container
 * events, including malformed JSON, so that one bad line never ends the stream.
 */
export function parseContainerEvent(line: string): ContainerEvent | undefined {
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || raw.Type !== 'container') return undefined;

  const fullAction = typeof raw.Action === 'string' ? raw.Action : stringOrUndefined(raw.status);
  const containerId = stringOrUndefined(raw.Actor?.ID);
  if (!fullAction || !containerId) return undefined;

  const [head = '', detail] = splitAction(fullAction);
  const action = ACTION_ALIASES[head] ?? head;
  const attributes = raw.Actor?.Attributes ?? {};
  const timeNano = eventTime(raw);

  return {
    containerId,
    action,
    name: stringOrUndefined(attributes.name),
    health: action === 'health_status' ? healthOf(detail, raw, attributes) : undefined,
    timeNano,
    key: `${timeNano}/${containerId}/${fullAction}`,
  };
}

/** Docker puts details after a colon: `health_status: healthy`, `exec_start: sh -c ...`. */
function splitAction(action: string): [string, string | undefined] {
  const colon = action.indexOf(':');
  if (colon < 0) return [action.trim(), undefined];
  return [action.slice(0, colon).trim(), action.slice(colon + 1).trim()];
}

/** Docker: in the action. Podman 4: top-level `HealthStatus`. Newer Podman: in the attributes. */
function healthOf(
  detail: string | undefined,
  raw: RawEvent,
  attributes: Record<string, unknown>,
): HealthState | undefined {
  const candidates = [
    detail,
    raw.HealthStatus,
    raw.health_status,
    attributes.health_status,
    attributes.healthStatus,
  ];
  for (const candidate of candidates) {
    const health = toHealthState(candidate);
    if (health !== undefined) return health;
  }
  return undefined;
}

export function toHealthState(value: unknown): HealthState | undefined {
  if (typeof value !== 'string') return undefined;
  const normalised = value.trim().toLowerCase();
  if (normalised === '') return undefined;
  return (HEALTH_STATES as readonly string[]).includes(normalised)
    ? (normalised as HealthState)
    : undefined;
}

function eventTime(raw: RawEvent): bigint {
  if (typeof raw.timeNano === 'number' && Number.isFinite(raw.timeNano)) {
    return BigInt(Math.trunc(raw.timeNano));
  }
  if (typeof raw.time === 'number' && Number.isFinite(raw.time)) {
    return BigInt(Math.trunc(raw.time)) * 1_000_000_000n;
  }
  return 0n;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
