import { EmbeddedScene } from '@grafana/scenes';

import { PANEL_IDS } from '../constants';
import { DEFAULT_SENSOR_OPTIONS } from '../panels/sensor-cards/model';
import * as q from '../queries';
import { HubSettings } from '../types';
import {
  column,
  glassPanel,
  item,
  pageControls,
  pageTimeRange,
  pageVariables,
  row,
  trendPanel,
} from './builders';
import { GlassBackdrop } from './GlassBackdrop';
import { SENSOR_CARD_QUERIES } from './overview-panels';

export function sensorsScene(settings: HubSettings): EmbeddedScene {
  // One card per device.
  const cards = glassPanel(
    PANEL_IDS.sensorCards,
    'Devices',
    DEFAULT_SENSOR_OPTIONS,
    SENSOR_CARD_QUERIES,
  );

  // Readings over time.
  const temperature = trendPanel('Temperature', 'celsius', [
    { refId: 'A', expr: q.SENSOR_TEMPERATURE, legendFormat: '{{device}} {{sensor}}' },
  ]);
  const humidity = trendPanel('Relative humidity', 'percentunit', [
    { refId: 'A', expr: q.SENSOR_HUMIDITY, legendFormat: '{{device}} {{sensor}}' },
  ]);
  const battery = trendPanel('Battery', 'percentunit', [
    { refId: 'A', expr: q.SENSOR_BATTERY, legendFormat: '{{device}}' },
  ]);
  const signal = trendPanel('Wi-Fi signal', 'dBm', [
    { refId: 'A', expr: q.SENSOR_SIGNAL, legendFormat: '{{device}}' },
  ]);
  const silence = trendPanel('Time since last message', 's', [
    { refId: 'A', expr: q.SENSOR_LAST_SEEN_AGE, legendFormat: '{{device}}' },
  ]);

  const body = column([
    row([item(cards)], 220),
    row([item(temperature), item(humidity)], 300),
    row([item(battery), item(signal), item(silence)], 260),
  ]);

  return new EmbeddedScene({
    $timeRange: pageTimeRange(),
    $variables: pageVariables(settings),
    controls: pageControls(),
    body: new GlassBackdrop({ body }),
  });
}
