import { sceneGraph } from '@grafana/scenes';
import { render, screen, within } from '@testing-library/react';
import React from 'react';

import { registerGlassPanels } from '../panels/register';
import { CONTAINER_RUNNING } from '../queries';
import { seriesFrame } from '../test/frames';
import { installGrafanaServices } from '../test/grafana-services';
import { overviewScene } from './overview';

// Panels only draw once they know their size; jsdom has no layout, so report a fixed one.
vi.mock('react-use', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-use')>();
  const size = { width: 1200, height: 400, x: 0, y: 0, top: 0, left: 0, bottom: 400, right: 1200 };
  return { ...actual, useMeasure: () => [() => undefined, size] };
});

/** What Prometheus would answer, by query refId. */
const ANSWERS: Record<string, ReturnType<typeof seriesFrame>[]> = {
  dnsRate: [seriesFrame('dnsRate', {}, [120, 180])],
  containersRunning: [seriesFrame('containersRunning', {}, [4])],
  containersTotal: [seriesFrame('containersTotal', {}, [4])],
  collectors: [
    seriesFrame('collectors', { collector: 'pihole' }, [1]),
    seriesFrame('collectors', { collector: 'mqtt' }, [0]),
  ],
  temperature: [seriesFrame('temperature', { device: 'garage', sensor: 'AM2301' }, [30.5, 31])],
  running: [seriesFrame('running', { name: 'pihole' }, [1])],
};

describe('Overview scene', () => {
  beforeAll(() => registerGlassPanels());

  it('queries the configured Prometheus and shows the answers in the glass panels', async () => {
    const requests = installGrafanaServices(ANSWERS);
    const scene = overviewScene({ prometheusUid: 'prom-home' });

    render(<scene.Component model={scene} />);

    const collectors = await screen.findByRole('region', { name: 'Exporter collectors' });
    expect(within(collectors).getByText('1 / 2')).toBeInTheDocument();
    expect(within(collectors).getByText('down: mqtt')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Containers running' })).toHaveTextContent('4 / 4');
    expect(await screen.findByText('31.0 °C')).toBeInTheDocument();
    expect(await screen.findByText('1 of 1 running')).toBeInTheDocument();

    const exprs = requests.flatMap((request) =>
      request.targets.map((t) => (t as { expr?: string }).expr),
    );
    expect(exprs).toContain('glass_collector_up');
    expect(exprs).toContain(CONTAINER_RUNNING);
    expect(sceneGraph.interpolate(scene, CONTAINER_RUNNING)).toBe(
      'docker_container_running{name=~".+"}',
    );
    expect(requests.every((request) => request.targets[0]?.datasource?.uid === 'prom-home')).toBe(
      true,
    );
  });
});
