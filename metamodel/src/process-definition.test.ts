import { describe, expect, it } from 'vitest';
import { MAX_BPMN_LENGTH, validateProcessDefinition } from './process-definition.ts';

describe('process definition metadata', () => {
  const valid = {
    id: 'proc_offerApproval',
    name: 'offerApproval',
    label: { hu: 'Ajánlat jóváhagyása', en: 'Offer approval' },
    bpmn: '<definitions/>',
    entity: 'offer',
    startRoles: ['salesperson'],
  };

  it('accepts a process bound to an entity', () => {
    expect(validateProcessDefinition(valid)).toEqual({ ok: true, value: valid });
  });

  it.each([
    ['name', 'Offer approval'],
    ['label', { hu: 'Csak magyar' }],
    ['bpmn', ''],
    ['bpmn', 'x'.repeat(MAX_BPMN_LENGTH + 1)],
    ['entity', 'Offer!'],
    ['startRoles', ['Sales person']],
  ])('refuses a bad %s and names it', (key, value) => {
    const r = validateProcessDefinition({ ...valid, [key]: value });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].path.replace(/[[.].*$/, '')).toBe(key);
  });
});
