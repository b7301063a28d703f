import { esphomeDevice, isEsphomeTopic, parseEsphome } from './esphome.js';
import { deviceOfValueTopic, parseGeneric } from './generic.js';
import { isDiscoveryTopic, parseDiscoveredState, parseDiscoveryConfig } from './home-assistant.js';
import { readPayload, type Payload } from './payload.js';
import {
  isShellyGen1Topic,
  isShellyGen2Topic,
  parseShellyGen1,
  parseShellyGen2,
  shellyGen1Device,
  shellyGen2Device,
} from './shelly.js';
import { isTasmotaTopic, parseTasmota } from './tasmota.js';
import { ignored, type DiscoveryLookup, type ParsedMessage } from './types.js';
import { isZigbee2mqttTopic, parseZigbee2mqtt, zigbee2mqttDevice } from './zigbee2mqtt.js';

/**
 * Picks the firmware convention a topic follows and reads the message with it. Discovery
 * configs seen earlier take precedence over conventions for the state topics they name.
 */
export function parseMessage(
  topic: string,
  payload: Buffer,
  discovery: DiscoveryLookup,
): ParsedMessage {
  // Broker statistics are never sensor data, even when a filter such as `$SYS/#` asks for them.
  if (topic.startsWith('$')) return ignored('broker status topic');

  const levels = topic.split('/');
  const body = readPayload(payload);

  const discovered = discovery.sensorsForStateTopic(topic);
  if (discovered) {
    return parseDiscoveredState(discovered, body, (json) => deviceOfStateTopic(levels, json));
  }
  const announced = discovery.availabilityForTopic(topic);
  if (announced) {
    const text = payload.toString('utf8').trim();
    if (text === announced.online || text === announced.offline) {
      return { kind: 'availability', device: announced.device, online: text === announced.online };
    }
  }

  return parseByConvention(topic, levels, body);
}

function parseByConvention(topic: string, levels: string[], body: Payload): ParsedMessage {
  if (isDiscoveryTopic(levels)) return parseDiscoveryConfig(topic, levels, body);
  if (body.shape === 'empty') return { kind: 'withdrawn' };

  if (isTasmotaTopic(levels)) return parseTasmota(levels, body);
  if (isShellyGen1Topic(levels)) return parseShellyGen1(levels, body);
  if (isZigbee2mqttTopic(levels)) return parseZigbee2mqtt(levels, body);
  if (isShellyGen2Topic(levels)) return parseShellyGen2(levels, body);
  if (isEsphomeTopic(levels)) return parseEsphome(levels, body);
  return parseGeneric(levels, body);
}

/**
 * The device a state topic belongs to, by the same conventions the parsers use, so that a
 * sensor keeps its labels whether or not its discovery config has been seen.
 */
export function deviceOfStateTopic(levels: readonly string[], json: boolean): string {
  if (isTasmotaTopic(levels)) return levels.slice(1, -1).join('/');
  if (isShellyGen1Topic(levels)) return shellyGen1Device(levels);
  if (isZigbee2mqttTopic(levels)) return zigbee2mqttDevice(levels);
  if (isShellyGen2Topic(levels)) return shellyGen2Device(levels);
  if (isEsphomeTopic(levels)) return esphomeDevice(levels);
  return json ? levels.join('/') : deviceOfValueTopic(levels);
}
