import type { Quantity } from './parsers/types.js';
import type { Reading } from './units.js';

/**
 * The latest value of every sensor series, as MQTT pushes them. Readings leave after their time
 * to live without an update; the number of series is capped so that a noisy publisher cannot
 * exhaust memory. Availability states stay until their retained message is deleted, because
 * firmwares publish them only when they change.
 */

export interface StoredReading {
  readonly quantity: Quantity | undefined;
  readonly device: string;
  readonly sensor: string;
  readonly unit: string;
  value: number;
  topic: string;
  expiresAt: number;
}

export interface DeviceState {
  online: boolean | undefined;
  availabilityTopic: string | undefined;
  /** Milliseconds since the epoch when the device last spoke (a reading or an online). */
  lastSeen: number | undefined;
  readings: number;
}

export interface StoreLimits {
  readonly ttlSeconds: number;
  readonly maxSeries: number;
}

/** How often a full store may be swept for expired series while new ones keep arriving. */
const FULL_SWEEP_INTERVAL_MS = 1000;

export class SeriesStore {
  private readonly series = new Map<string, StoredReading>();
  private readonly keysByTopic = new Map<string, Set<string>>();
  private readonly deviceStates = new Map<string, DeviceState>();
  private readonly availabilityByTopic = new Map<string, string>();
  private lastFullSweep = -Infinity;

  constructor(
    private readonly limits: StoreLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Series held: one per reading plus one per device availability. */
  get size(): number {
    return this.series.size + this.availabilityByTopic.size;
  }

  get isFull(): boolean {
    return this.size >= this.limits.maxSeries;
  }

  /** Stores a reading; false when it would be a new series past the cap. */
  put(device: string, reading: Reading, topic: string, ttlSeconds?: number): boolean {
    const now = this.now();
    const key = seriesKey(device, reading);
    const expiresAt = now + (ttlSeconds ?? this.limits.ttlSeconds) * 1000;

    const existing = this.series.get(key);
    if (existing) {
      existing.value = reading.value;
      existing.expiresAt = expiresAt;
      if (existing.topic !== topic) this.moveTopic(key, existing, topic);
      this.seen(device, now);
      return true;
    }

    if (!this.hasRoom()) return false;

    const { quantity, sensor, unit, value } = reading;
    this.series.set(key, { quantity, device, sensor, unit, value, topic, expiresAt });
    this.indexTopic(topic, key);
    this.deviceState(device).readings += 1;
    this.seen(device, now);
    return true;
  }

  /** Records a device's availability; false when it would be a new series past the cap. */
  setAvailability(device: string, online: boolean, topic: string): boolean {
    const previousDevice = this.availabilityByTopic.get(topic);
    const isNew = previousDevice === undefined;
    if (isNew && !this.hasRoom()) return false;

    if (previousDevice !== undefined && previousDevice !== device) this.withdraw(topic);
    this.availabilityByTopic.set(topic, device);

    const state = this.deviceState(device);
    state.online = online;
    state.availabilityTopic = topic;
    if (online) state.lastSeen = this.now();
    return true;
  }

  /** Forgets what a topic said: its retained message was deleted or its value is gone. */
  withdraw(topic: string): void {
    for (const key of this.keysByTopic.get(topic) ?? []) this.removeSeries(key);
    this.keysByTopic.delete(topic);

    const device = this.availabilityByTopic.get(topic);
    if (device === undefined) return;
    this.availabilityByTopic.delete(topic);
    const state = this.deviceStates.get(device);
    if (state?.availabilityTopic === topic) {
      state.online = undefined;
      state.availabilityTopic = undefined;
      this.dropDeviceIfEmpty(device, state);
    }
  }

  /** Drops readings past their time to live; returns how many left. */
  sweep(): number {
    const now = this.now();
    let expired = 0;
    for (const [key, reading] of this.series) {
      if (reading.expiresAt > now) continue;
      this.removeSeries(key);
      expired += 1;
    }
    return expired;
  }

  readings(): IterableIterator<StoredReading> {
    return this.series.values();
  }

  devices(): IterableIterator<[string, DeviceState]> {
    return this.deviceStates.entries();
  }

  private hasRoom(): boolean {
    if (this.size < this.limits.maxSeries) return true;

    // Expired series are normally swept at scrape time; a full store sweeps early, but not on
    // every refused message, so that a flood past the cap stays cheap.
    const now = this.now();
    if (now - this.lastFullSweep < FULL_SWEEP_INTERVAL_MS) return false;
    this.lastFullSweep = now;
    this.sweep();
    return this.size < this.limits.maxSeries;
  }

  private removeSeries(key: string): void {
    const reading = this.series.get(key);
    if (!reading) return;

    this.series.delete(key);
    const keys = this.keysByTopic.get(reading.topic);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByTopic.delete(reading.topic);

    const state = this.deviceStates.get(reading.device);
    if (!state) return;
    state.readings -= 1;
    this.dropDeviceIfEmpty(reading.device, state);
  }

  private moveTopic(key: string, reading: StoredReading, topic: string): void {
    const keys = this.keysByTopic.get(reading.topic);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByTopic.delete(reading.topic);
    reading.topic = topic;
    this.indexTopic(topic, key);
  }

  private indexTopic(topic: string, key: string): void {
    const keys = this.keysByTopic.get(topic);
    if (keys) keys.add(key);
    else this.keysByTopic.set(topic, new Set([key]));
  }

  private seen(device: string, now: number): void {
    this.deviceState(device).lastSeen = now;
  }

  private deviceState(device: string): DeviceState {
    let state = this.deviceStates.get(device);
    if (!state) {
      state = { online: undefined, availabilityTopic: undefined, lastSeen: undefined, readings: 0 };
      this.deviceStates.set(device, state);
    }
    return state;
  }

  private dropDeviceIfEmpty(device: string, state: DeviceState): void {
    if (state.readings <= 0 && state.online === undefined) this.deviceStates.delete(device);
  }
}

function seriesKey(device: string, reading: Reading): string {
  return `${reading.quantity ?? ''}\u0000${device}\u0000${reading.sensor}\u0000${reading.unit}`;
}
