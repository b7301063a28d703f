import { deviceOfStateTopic } from './parsers/route.js';
import type { AnnouncedAvailability, DiscoveredSensor, DiscoveryLookup } from './parsers/types.js';

/**
 * The Home Assistant discovery configs seen so far, by config topic, indexed by the state and
 * availability topics they name. Bounded so that a flood of configs cannot exhaust memory.
 */
export class DiscoveryRegistry implements DiscoveryLookup {
  private readonly byConfigTopic = new Map<string, DiscoveredSensor>();
  private readonly byStateTopic = new Map<string, DiscoveredSensor[]>();
  private readonly byAvailabilityTopic = new Map<string, AnnouncedAvailability>();
  private readonly availabilityUsers = new Map<string, number>();

  constructor(private readonly maxConfigs: number) {}

  get size(): number {
    return this.byConfigTopic.size;
  }

  sensorsForStateTopic(topic: string): readonly DiscoveredSensor[] | undefined {
    return this.byStateTopic.get(topic);
  }

  availabilityForTopic(topic: string): AnnouncedAvailability | undefined {
    return this.byAvailabilityTopic.get(topic);
  }

  /** Records or replaces a config; false when the registry is full. */
  register(configTopic: string, sensor: DiscoveredSensor): boolean {
    const replacing = this.byConfigTopic.has(configTopic);
    if (!replacing && this.byConfigTopic.size >= this.maxConfigs) return false;

    this.remove(configTopic);
    this.byConfigTopic.set(configTopic, sensor);
    this.byStateTopic.set(sensor.stateTopic, [
      ...(this.byStateTopic.get(sensor.stateTopic) ?? []),
      sensor,
    ]);

    if (sensor.availability) {
      const device = deviceOfStateTopic(
        sensor.stateTopic.split('/'),
        sensor.jsonPath !== undefined,
      );
      const topic = sensor.availability.topic;
      this.byAvailabilityTopic.set(topic, { ...sensor.availability, device });
      this.availabilityUsers.set(topic, (this.availabilityUsers.get(topic) ?? 0) + 1);
    }
    return true;
  }

  remove(configTopic: string): void {
    const sensor = this.byConfigTopic.get(configTopic);
    if (!sensor) return;

    this.byConfigTopic.delete(configTopic);
    const remaining = (this.byStateTopic.get(sensor.stateTopic) ?? []).filter((s) => s !== sensor);
    if (remaining.length > 0) this.byStateTopic.set(sensor.stateTopic, remaining);
    else this.byStateTopic.delete(sensor.stateTopic);

    const availabilityTopic = sensor.availability?.topic;
    if (availabilityTopic === undefined) return;
    const users = (this.availabilityUsers.get(availabilityTopic) ?? 1) - 1;
    if (users > 0) {
      this.availabilityUsers.set(availabilityTopic, users);
      return;
    }
    this.availabilityUsers.delete(availabilityTopic);
    this.byAvailabilityTopic.delete(availabilityTopic);
  }
}
