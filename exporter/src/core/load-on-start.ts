import type { Collector } from './collector.js';

/**
 * Wraps a collector whose code is loaded only when it starts, so that the libraries of a
 * disabled collector (an MQTT broker, a Docker client) never cost memory.
 */
export function loadOnStart(name: string, load: () => Promise<Collector>): Collector {
  let loading: Promise<Collector> | undefined;
  const instance = () => (loading ??= load());

  return {
    name,
    async start() {
      await (await instance()).start();
    },
    async stop() {
      if (loading) await (await loading).stop();
    },
    async collect(signal) {
      await (await instance()).collect(signal);
    },
  };
}
