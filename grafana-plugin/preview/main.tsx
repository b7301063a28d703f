import { createTheme, dateTime, ThemeContext } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import React from 'react';
import { createRoot } from 'react-dom/client';

import { OverviewPreview } from './OverviewPreview';
import { QueryWindow } from './prometheus';

const params = new URLSearchParams(window.location.search);
const mode = params.get('theme') === 'light' ? 'light' : 'dark';
const minutes = Number(params.get('minutes') ?? 30);
const theme = createTheme({ colors: { mode } });

const now = dateTime();
const window_: QueryWindow = {
  range: {
    from: dateTime(now).subtract(minutes, 'minutes'),
    to: now,
    raw: { from: `now-${minutes}m`, to: 'now' },
  },
  rangeText: `${minutes}m`,
  rateInterval: '1m',
  stepSeconds: Math.max(5, Math.round((minutes * 60) / 120)),
};

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <OverviewPreview window={window_} onReady={() => (document.body.dataset.ready = 'true')} />
  </ThemeContext.Provider>,
);
