/** The states an engine reports for a container, in Docker's words. */
export const CONTAINER_STATES = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

/** Podman's own words for two of them are accepted too. */
export function toContainerState(value: unknown): ContainerState | undefined {
  if (typeof value !== 'string') return undefined;
  const normalised = value.toLowerCase();
  if (normalised === 'stopped' || normalised === 'configured') {
    return normalised === 'stopped' ? 'exited' : 'created';
  }
  return (CONTAINER_STATES as readonly string[]).includes(normalised)
    ? (normalised as ContainerState)
    : undefined;
}
