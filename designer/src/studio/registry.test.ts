import { describe, expect, it } from 'vitest';
import { allDesigners, defineDesigner, designerById } from './designers.ts';

describe('Studio designers', () => {
  it('are registered by their folders, in order', () => {
    const ids = allDesigners().map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['entities', 'forms']));
    expect(ids.indexOf('entities')).toBeLessThan(ids.indexOf('forms'));
    expect(designerById('forms')?.label.hu).toBe('Űrlapok');
  });

  it('take one declaration to add', () => {
    // when a designer is defined
    defineDesigner({
      id: 'test-only',
      label: { hu: 'Teszt', en: 'Test' },
      icon: 'mdi-flask',
      component: async () => ({ default: {} }),
      order: 1,
    });
    // then the Studio lists it, first by its order
    expect(allDesigners()[0].id).toBe('test-only');
  });
});
