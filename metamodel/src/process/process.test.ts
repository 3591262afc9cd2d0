import { describe, expect, it } from 'vitest';
import { Process } from './process.ts';

describe('Process metadata', () => {
  const valid = {
    id: 'proc_offerApproval',
    name: 'offerApproval',
    label: { hu: 'Ajánlat jóváhagyása', en: 'Offer approval' },
    bpmn: '<definitions/>',
    entity: 'offer',
  };

  it('accepts a process bound to an entity', () => {
    expect(Process.parse(valid)).toEqual(valid);
  });

  it.each([
    ['name', 'Offer approval'],
    ['label', { hu: 'Csak magyar' }],
    ['bpmn', ''],
    ['entity', 'Offer!'],
  ])('refuses a bad %s', (key, value) => {
    const r = Process.safeParse({ ...valid, [key]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path[0]).toBe(key);
  });
});
