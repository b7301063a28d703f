import {
  createDataFrame,
  DataFrame,
  FieldType,
  getDefaultTimeRange,
  Labels,
  LoadingState,
  PanelData,
  PanelProps,
} from '@grafana/data';

/** A frame shaped like the Prometheus data source's: a time field and one labelled value field. */
export function seriesFrame(refId: string, labels: Labels, values: number[]): DataFrame {
  const start = Date.UTC(2026, 0, 1);
  return createDataFrame({
    refId,
    fields: [
      {
        name: 'Time',
        type: FieldType.time,
        values: values.map((_, index) => start + index * 60_000),
      },
      { name: 'Value', type: FieldType.number, values, labels },
    ],
  });
}

export function panelData(series: DataFrame[], state = LoadingState.Done): PanelData {
  return { series, state, timeRange: getDefaultTimeRange() };
}

export function errorData(message: string): PanelData {
  return { ...panelData([], LoadingState.Error), errors: [{ message }] };
}

/** The props Grafana hands a panel component, with the given data and options. */
export function panelProps<T>(data: PanelData, options: T): PanelProps<T> {
  return {
    id: 1,
    data,
    options,
    timeRange: data.timeRange,
    timeZone: 'utc',
    transparent: true,
    width: 800,
    height: 300,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: '',
    eventBus: { publish: () => undefined } as never,
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables: (value: string) => value,
    onChangeTimeRange: () => undefined,
  };
}
