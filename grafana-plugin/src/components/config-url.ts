import { PLUGIN_ID } from '../constants';

export function prefixConfigUrl(): string {
  return `/plugins/${PLUGIN_ID}`;
}
