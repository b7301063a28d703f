import { describe, expect, it } from 'vitest';
import { parseContainerEvent } from './engine-event.js';

const id = '0489f4a9a5a2eed5918145e9c9d4db0de479c23f6057775fb1f360b3635c372c';

function line(event: Record<string, unknown>): string {
  return JSON.stringify({ Type: 'container', scope: 'local', time: 1796327048, ...event });
}

describe('container event parsing', () => {
  it('reads the health from the action on Docker', () => {
    const event = parseContainerEvent(
      line({ Action: 'health_status: unhealthy', Actor: { ID: id, Attributes: { name: 'web' } } }),
    );
    expect(event).toMatchObject({ containerId: id, action: 'health_status', health: 'unhealthy' });
    expect(event?.name).toBe('web');
  });

  it('reads the health from the top-level HealthStatus on Podman 4', () => {
    const event = parseContainerEvent(
      line({ Action: 'health_status', HealthStatus: 'starting', Actor: { ID: id } }),
    );
    expect(event).toMatchObject({ action: 'health_status', health: 'starting' });
  });

  it('reads the health from the attributes on newer Podman', () => {
    const event = parseContainerEvent(
      line({
        Action: 'health_status',
        Actor: { ID: id, Attributes: { health_status: 'healthy' } },
      }),
    );
    expect(event).toMatchObject({ action: 'health_status', health: 'healthy' });
  });

  it('leaves the health unknown when a health event does not carry it', () => {
    const event = parseContainerEvent(line({ Action: 'health_status', Actor: { ID: id } }));
    expect(event?.action).toBe('health_status');
    expect(event?.health).toBeUndefined();
  });

  it("names Podman's actions as Docker does and drops exec command details", () => {
    const actions = ['remove', 'exec_died', 'exec_start: sh -c exit 1', 'die'].map(
      (Action) => parseContainerEvent(line({ Action, Actor: { ID: id } }))?.action,
    );
    expect(actions).toEqual(['destroy', 'exec_die', 'exec_start', 'die']);
  });

  it('ignores malformed lines and events that are not about containers', () => {
    expect(parseContainerEvent('{"Type":"container","Action":')).toBeUndefined();
    expect(parseContainerEvent('null')).toBeUndefined();
    expect(
      parseContainerEvent(JSON.stringify({ Type: 'image', Action: 'pull', Actor: { ID: 'x' } })),
    ).toBeUndefined();
    expect(parseContainerEvent(line({ Action: 'start', Actor: {} }))).toBeUndefined();
  });

  it('gives a replayed event the same key as the original', () => {
    const text = line({ Action: 'start', Actor: { ID: id }, timeNano: 1796327048061168000 });
    expect(parseContainerEvent(text)?.key).toBe(parseContainerEvent(text)?.key);
    const other = line({ Action: 'die', Actor: { ID: id }, timeNano: 1796327048061168000 });
    expect(parseContainerEvent(other)?.key).not.toBe(parseContainerEvent(text)?.key);
  });
});
