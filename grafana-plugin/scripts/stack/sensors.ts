import { connectAsync, MqttClient } from 'mqtt';

/**
 * ESP32-style devices publishing to the exporter's embedded broker: plain-value topics and
 * Tasmota telemetry. The garage runs hot (above the 30 °C alert), the attic goes offline.
 */
export interface SensorPublisher {
  stop: () => Promise<void>;
}

export async function startSensorPublisher(brokerUrl: string): Promise<SensorPublisher> {
  const client = await connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  let tick = 0;

  const publish = async () => {
    const wave = Math.sin(tick / 4);
    await publishAll(client, [
      ['home/livingroom/temp', (22.1 + wave * 0.6).toFixed(2)],
      ['home/livingroom/humidity', (46 + wave * 3).toFixed(1)],
      ['home/bedroom/temp', (19.4 - wave * 0.4).toFixed(2)],
      ['home/bedroom/humidity', (52 - wave * 2).toFixed(1)],
      ['tele/garage/SENSOR', tasmota(31.2 + wave * 0.5, 38 + wave * 2)],
      ['tele/greenhouse/SENSOR', tasmota(26.8 + wave, 71 + wave * 4)],
    ]);
    tick++;
  };

  // The attic reports once, then its last will says it went away.
  await publishAll(client, [['tele/attic/SENSOR', tasmota(14.2, 61)]]);
  await publishAll(client, [['tele/attic/LWT', 'Offline']]);

  await publish();
  const timer = setInterval(() => void publish().catch(() => {}), 2000);

  return {
    stop: async () => {
      clearInterval(timer);
      await client.endAsync();
    },
  };
}

function tasmota(temperature: number, humidity: number): string {
  return JSON.stringify({
    Time: new Date().toISOString().slice(0, 19),
    AM2301: { Temperature: Number(temperature.toFixed(1)), Humidity: Number(humidity.toFixed(1)) },
    TempUnit: 'C',
  });
}

async function publishAll(client: MqttClient, messages: Array<[string, string]>): Promise<void> {
  for (const [topic, payload] of messages) {
    await client.publishAsync(topic, payload, { qos: 1 });
  }
}
