import { render, screen, within } from '@testing-library/react';
import React from 'react';

import { CONTAINER_GRID_QUERIES } from '../../scenes/overview-panels';
import { errorData, panelData, panelProps, seriesFrame } from '../../test/frames';
import { ContainerGridOptions, ContainerGridPanel } from './ContainerGridPanel';
import { CONTAINER_REFS } from './model';

const frames = [
  seriesFrame(CONTAINER_REFS.running, { name: 'pihole' }, [1]),
  seriesFrame(CONTAINER_REFS.running, { name: 'mosquitto' }, [1]),
  seriesFrame(CONTAINER_REFS.running, { name: 'backup' }, [0]),
  seriesFrame(CONTAINER_REFS.running, { name: 'nginx' }, [1]),
  seriesFrame(CONTAINER_REFS.health, { name: 'pihole', status: 'healthy' }, [1]),
  seriesFrame(CONTAINER_REFS.health, { name: 'nginx', status: 'unhealthy' }, [1]),
  seriesFrame(CONTAINER_REFS.restarts, { name: 'mosquitto' }, [3]),
  seriesFrame(CONTAINER_REFS.oomKilled, { name: 'pihole' }, [0]),
  seriesFrame(
    CONTAINER_REFS.info,
    {
      name: 'pihole',
      image: 'pihole/pihole:2025.01',
      compose_project: 'lab',
      compose_service: 'dns',
    },
    [1],
  ),
];

describe('ContainerGridPanel', () => {
  it('lists containers with problems first and names them in the summary', () => {
    render(<ContainerGridPanel {...panelProps(panelData(frames), {})} />);

    expect(screen.getByText('3 of 4 running')).toBeInTheDocument();
    expect(screen.getByText(/attention: nginx, mosquitto, backup/)).toBeInTheDocument();

    const items = within(screen.getByRole('list', { name: 'containers' })).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-state'))).toEqual([
      'unhealthy',
      'restarting',
      'stopped',
      'healthy',
    ]);
    expect(items[1]).toHaveTextContent('restarted 3× in range');
    expect(items[3]).toHaveTextContent('lab · dns');
  });

  it('can show only the containers that need attention', () => {
    render(
      <ContainerGridPanel
        {...panelProps<ContainerGridOptions>(panelData(frames), { problemsOnly: true })}
      />,
    );

    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByText('pihole')).not.toBeInTheDocument();
  });

  it('names the Docker collector when there is no data', () => {
    render(<ContainerGridPanel {...panelProps(panelData([]), {})} />);

    expect(screen.getByRole('status')).toHaveTextContent(
      'No data from docker_* — is the exporter’s Docker collector up',
    );
  });

  it('shows the error of a failed query', () => {
    render(<ContainerGridPanel {...panelProps(errorData('Prometheus unreachable'), {})} />);

    expect(screen.getByRole('status')).toHaveTextContent('Prometheus unreachable');
  });

  it('asks for every refId the grid reads', () => {
    const refIds = CONTAINER_GRID_QUERIES.map((query) => query.refId);
    expect(refIds.sort()).toEqual(Object.values(CONTAINER_REFS).sort());
  });
});
