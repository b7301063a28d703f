import { render, screen, within } from '@testing-library/react';
import React from 'react';

import { OVERVIEW_TILES } from '../../scenes/overview-panels';
import { errorData, panelData, panelProps, seriesFrame } from '../../test/frames';
import { StatTilesPanel } from './StatTilesPanel';

function renderTiles(data: ReturnType<typeof panelData>) {
  return render(<StatTilesPanel {...panelProps(data, { tiles: OVERVIEW_TILES })} />);
}

function tile(name: string) {
  return within(screen.getByRole('region', { name }));
}

describe('StatTilesPanel', () => {
  it('answers the overview questions from the query results', () => {
    renderTiles(
      panelData([
        seriesFrame('dnsRate', {}, [40, 42, 57.4]),
        seriesFrame('topBlocked', { domain: 'ads.example.net' }, [321]),
        seriesFrame('containersRunning', {}, [5]),
        seriesFrame('containersTotal', {}, [6]),
        seriesFrame('alerts', { alertname: 'HighTemperature' }, [1]),
        seriesFrame('collectors', { collector: 'pihole' }, [1]),
        seriesFrame('collectors', { collector: 'docker' }, [0]),
        seriesFrame('collectors', { collector: 'mqtt' }, [1]),
      ]),
    );

    expect(tile('DNS queries / min').getByText('57')).toBeInTheDocument();
    expect(tile('Top blocked domain').getByText('ads.example.net')).toBeInTheDocument();
    expect(tile('Top blocked domain').getByText('321 blocked')).toBeInTheDocument();
    expect(tile('Containers running').getByText('5 / 6')).toBeInTheDocument();
    expect(tile('Containers running').getByText('1 not running')).toBeInTheDocument();
    expect(tile('Firing alerts').getByText('HighTemperature')).toBeInTheDocument();
    expect(tile('Exporter collectors').getByText('2 / 3')).toBeInTheDocument();
    expect(tile('Exporter collectors').getByText('down: docker')).toBeInTheDocument();
  });

  it('says in plain words which collector to check when a query returns nothing', () => {
    renderTiles(panelData([seriesFrame('collectors', { collector: 'pihole' }, [1])]));

    expect(
      tile('DNS queries / min').getByText(/no data from pihole_\* — is the exporter’s Pi-hole/i),
    ).toBeInTheDocument();
    expect(tile('Containers running').getByText(/no data from docker_\*/i)).toBeInTheDocument();
    expect(tile('Firing alerts').getByText('0')).toBeInTheDocument();
    expect(tile('Firing alerts').getByText('all quiet')).toBeInTheDocument();
  });

  it('shows the query error instead of tiles', () => {
    renderTiles(errorData('bad_data: parse error at char 5'));

    expect(screen.getByRole('status')).toHaveTextContent('The query failed');
    expect(screen.getByRole('status')).toHaveTextContent('parse error at char 5');
  });
});
