/** What the firmware parsers read out of one MQTT message. */

/** Quantities with a metric of their own; anything else is exposed as `sensor_value{unit}`. */
export type Quantity =
  | 'temperature'
  | 'humidity'
  | 'pressure'
  | 'illuminance'
  | 'voltage'
  | 'current'
  | 'power'
  | 'energy'
  | 'battery'
  | 'signal'
  | 'co2';

/** A number as the device sent it, before conversion to base units. */
export interface Measurement {
  readonly sensor: string;
  readonly value: number;
  /** Absent when the parser cannot tell; the unit label is then empty. */
  readonly quantity?: Quantity;
  /** The unit the device used; absent means the usual unit of the quantity. */
  readonly unit?: string;
}

export interface ReadingsMessage {
  readonly kind: 'readings';
  readonly device: string;
  readonly measurements: readonly Measurement[];
  /** Per-series time to live announced by the device (Home Assistant `expire_after`). */
  readonly ttlSeconds?: number;
}

export interface AvailabilityMessage {
  readonly kind: 'availability';
  readonly device: string;
  readonly online: boolean;
}

/** The device says it has no value now (ESPHome `nan`), or a retained value was deleted. */
export interface WithdrawnMessage {
  readonly kind: 'withdrawn';
}

/** A Home Assistant discovery config was published (sensor) or deleted (undefined). */
export interface DiscoveryMessage {
  readonly kind: 'discovery';
  readonly configTopic: string;
  readonly sensor: DiscoveredSensor | undefined;
}

export interface IgnoredMessage {
  readonly kind: 'ignored';
  readonly reason: string;
}

export interface InvalidMessage {
  readonly kind: 'invalid';
  readonly reason: string;
}

export type ParsedMessage =
  | ReadingsMessage
  | AvailabilityMessage
  | WithdrawnMessage
  | DiscoveryMessage
  | IgnoredMessage
  | InvalidMessage;

/** A sensor announced through Home Assistant MQTT discovery. */
export interface DiscoveredSensor {
  readonly stateTopic: string;
  readonly sensor: string;
  readonly quantity?: Quantity;
  readonly unit?: string;
  /** Path into the JSON state, from `value_template`; absent means the payload is the value. */
  readonly jsonPath?: readonly string[];
  readonly ttlSeconds?: number;
  readonly availability?: DiscoveredAvailability;
}

export interface DiscoveredAvailability {
  readonly topic: string;
  readonly online: string;
  readonly offline: string;
}

/** An availability topic announced by discovery, with the device it belongs to. */
export interface AnnouncedAvailability extends DiscoveredAvailability {
  readonly device: string;
}

/** Discovery knowledge the router consults before the topic conventions. */
export interface DiscoveryLookup {
  sensorsForStateTopic(topic: string): readonly DiscoveredSensor[] | undefined;
  availabilityForTopic(topic: string): AnnouncedAvailability | undefined;
}

export function ignored(reason: string): IgnoredMessage {
  return { kind: 'ignored', reason };
}

export function invalid(reason: string): InvalidMessage {
  return { kind: 'invalid', reason };
}

export function readings(
  device: string,
  measurements: readonly Measurement[],
  ttlSeconds?: number,
): ReadingsMessage | IgnoredMessage {
  if (measurements.length === 0) return ignored('no sensor values in the message');
  return { kind: 'readings', device, measurements, ttlSeconds };
}
