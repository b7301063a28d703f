import type { Payload } from './payload.js';
import { quantityFromName } from './quantity-names.js';
import { ignored, invalid, readings, type ParsedMessage } from './types.js';

/**
 * ESPHome: `<node>/sensor/<object_id>/state` with a plain number (`nan` when the sensor has no
 * value). Other components (`binary_sensor`, `switch`...) publish states, not measurements.
 * Availability (`<node>/status`) is read by the generic parser, which shares its shape.
 */

const NON_SENSOR_COMPONENTS = new Set([
  'binary_sensor',
  'text_sensor',
  'switch',
  'light',
  'fan',
  'cover',
  'climate',
  'number',
  'select',
  'button',
  'lock',
  'valve',
  'event',
  'update',
  'text',
  'alarm_control_panel',
]);

export function isEsphomeTopic(levels: readonly string[]): boolean {
  const action = levels[levels.length - 1];
  const component = levels[levels.length - 3] ?? '';
  if (levels.length < 4) return false;
  if (action !== 'state' && action !== 'command') return false;
  return component === 'sensor' || NON_SENSOR_COMPONENTS.has(component);
}

/** The node name: everything before the component, so prefixes may hold slashes. */
export function esphomeDevice(levels: readonly string[]): string {
  return levels.slice(0, -3).join('/');
}

export function parseEsphome(levels: readonly string[], payload: Payload): ParsedMessage {
  const component = levels[levels.length - 3];
  const action = levels[levels.length - 1];
  const objectId = levels[levels.length - 2] ?? '';
  if (component !== 'sensor' || action !== 'state') return ignored('ESPHome non-sensor topic');

  if (payload.shape === 'no-value') return { kind: 'withdrawn' };
  if (payload.shape !== 'number') return invalid('an ESPHome sensor state must be a number');

  const quantity = quantityFromName(objectId);
  return readings(esphomeDevice(levels), [{ sensor: objectId, value: payload.value, quantity }]);
}
