import { render, screen } from '@testing-library/react';
import React from 'react';

import { errorData, panelData, panelProps, seriesFrame } from '../../test/frames';
import { DnsRingPanel } from './DnsRingPanel';
import { DNS_RING_REFS } from './model';

describe('DnsRingPanel', () => {
  it('shows the blocked share and the most blocked domain', () => {
    const frames = [
      seriesFrame(DNS_RING_REFS.blocked, {}, [250]),
      seriesFrame(DNS_RING_REFS.total, {}, [1000]),
      seriesFrame(DNS_RING_REFS.topBlocked, { domain: 'tracker.example.org' }, [90]),
    ];

    render(<DnsRingPanel {...panelProps(panelData(frames), {})} />);

    expect(screen.getByRole('img', { name: 'blocked share 25.0 %' })).toBeInTheDocument();
    expect(screen.getByText('250')).toBeInTheDocument();
    expect(screen.getByText('750')).toBeInTheDocument();
    expect(screen.getByText('tracker.example.org')).toBeInTheDocument();
  });

  it('says so when there were no queries in the range', () => {
    const frames = [
      seriesFrame(DNS_RING_REFS.blocked, {}, [0]),
      seriesFrame(DNS_RING_REFS.total, {}, [0]),
    ];

    render(<DnsRingPanel {...panelProps(panelData(frames), {})} />);

    expect(screen.getByText('No DNS queries in this time range')).toBeInTheDocument();
  });

  it('names the Pi-hole collector when there is no data', () => {
    render(<DnsRingPanel {...panelProps(panelData([]), {})} />);

    expect(screen.getByRole('status')).toHaveTextContent(
      'No data from pihole_* — is the exporter’s Pi-hole collector up',
    );
  });

  it('shows the error of a failed query', () => {
    render(<DnsRingPanel {...panelProps(errorData('connection refused'), {})} />);

    expect(screen.getByRole('status')).toHaveTextContent('connection refused');
  });
});
