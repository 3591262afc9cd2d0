import type { Platform } from '../platform.ts';

/** Saves a BPMN process under `key` and publishes it, as an analyst would in the Studio (for tests and benchmarks). */
export async function publishProcess(
  platform: Platform,
  key: string,
  bpmn: string,
  label: { hu: string; en: string } = { hu: key, en: key },
): Promise<void> {
  await platform.meta.importObjects([{ kind: 'process', body: { id: key, name: key, label, bpmn } }], null);
  await platform.meta.publish(null);
}
