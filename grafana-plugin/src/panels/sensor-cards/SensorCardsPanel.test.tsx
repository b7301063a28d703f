import { render, screen } from '@testing-library/react';
import React from 'react';

import { errorData, panelData, panelProps, seriesFrame } from '../../test/frames';
import { DEFAULT_SENSOR_OPTIONS, SENSOR_REFS } from './model';
import { SensorCardsPanel } from './SensorCardsPanel';

function card(device: string): HTMLElement {
  const item = screen.getByText(device).closest('li');
  if (!item) {
    throw new Error(`no card for ${device}`);
  }
  return item;
}

describe('SensorCardsPanel', () => {
  it('shows each device’s latest reading, comfort and offline devices', () => {
    const frames = [
      seriesFrame(SENSOR_REFS.temperature, { device: 'livingroom', sensor: 'temp' }, [21.9, 22.5]),
      seriesFrame(SENSOR_REFS.temperature, { device: 'garage', sensor: 'AM2301' }, [29, 31.2]),
      seriesFrame(SENSOR_REFS.temperature, { device: 'attic', sensor: 'DS18B20' }, [12.1]),
      seriesFrame(SENSOR_REFS.humidity, { device: 'garage', sensor: 'AM2301' }, [0.55]),
      seriesFrame(SENSOR_REFS.up, { device: 'livingroom' }, [1]),
      seriesFrame(SENSOR_REFS.up, { device: 'garage' }, [1]),
      seriesFrame(SENSOR_REFS.up, { device: 'attic' }, [0]),
      seriesFrame(SENSOR_REFS.lastSeenAge, { device: 'attic' }, [1800]),
    ];

    render(<SensorCardsPanel {...panelProps(panelData(frames), DEFAULT_SENSOR_OPTIONS)} />);

    expect(card('livingroom')).toHaveTextContent('22.5 °C');
    expect(card('livingroom')).toHaveTextContent('comfortable');
    expect(card('garage')).toHaveTextContent('31.2 °C');
    expect(card('garage')).toHaveTextContent('55 % RH');
    expect(card('garage')).toHaveTextContent('hot');
    expect(card('attic')).toHaveTextContent('offline');
    expect(card('attic')).toHaveTextContent('last seen 30 min ago');
    expect(card('attic')).toHaveAttribute('data-offline', 'true');
  });

  it('names the MQTT collector when there is no data', () => {
    render(<SensorCardsPanel {...panelProps(panelData([]), DEFAULT_SENSOR_OPTIONS)} />);

    expect(screen.getByRole('status')).toHaveTextContent(
      'No data from sensor_* — is the exporter’s MQTT collector up',
    );
  });

  it('shows the error of a failed query', () => {
    render(<SensorCardsPanel {...panelProps(errorData('timeout'), DEFAULT_SENSOR_OPTIONS)} />);

    expect(screen.getByRole('status')).toHaveTextContent('The query failed');
  });
});
