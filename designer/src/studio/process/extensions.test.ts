import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import {
  elementKind,
  extensionsOf,
  joinList,
  replaceExtensions,
  splitList,
  type Moddle,
  type ModdleElement,
} from './extensions.ts';
import { folyamModdle } from './moddle.ts';
import { newProcessXml } from './template.ts';

const moddle = new BpmnModdle({ folyam: folyamModdle });

async function taskOf(xml: string, id: string): Promise<{ task: ModdleElement; definitions: ModdleElement }> {
  const { rootElement } = await moddle.fromXML(xml);
  const process = (rootElement.get('rootElements') as ModdleElement[])[0];
  const task = (process.get('flowElements') as ModdleElement[]).find((e) => e.id === id)!;
  return { task, definitions: rootElement as unknown as ModdleElement };
}

describe('folyam extension elements', () => {
  it("gives the template's steps their English names beside the Hungarian ones", async () => {
    const hu = { start: 'Kezdés', task: 'Feladat', end: 'Kész' };
    const xml = newProcessXml('a', 'A', hu, { start: 'Start', task: 'Task', end: 'Kész' });
    const { task } = await taskOf(xml, 'Task_1');
    expect(task.get('name')).toBe('Feladat');
    expect(task.get('folyam:nameEn')).toBe('Task');
    // a name the same in both languages needs no English one
    expect(xml).not.toContain('folyam:nameEn="Kész"');
  });

  it('adds reminders beside a notification and writes them as folyam elements', async () => {
    // given the template's user task with one notification
    const { task, definitions } = await taskOf(
      newProcessXml('approval', 'Jóváhagyás', { start: 'S', task: 'Review', end: 'E' }),
      'Task_1',
    );
    task.set(
      'extensionElements',
      replaceExtensions(moddle as unknown as Moddle, task, 'folyam:Notification', [
        { event: 'create', to: '=assignee', channel: 'email', template: '', subject: 'New task', text: '' },
      ]),
    );
    // when two reminders are set
    const ext = replaceExtensions(moddle as unknown as Moddle, task, 'folyam:Reminder', [
      { before: 'P1D', after: '', repeat: '', channel: 'email', template: '' },
      { before: '', after: 'PT2H', repeat: 'R/PT4H', channel: 'sms', template: '' },
    ]);
    task.set('extensionElements', ext);
    task.set('folyam:assignee', 'sales1');
    // then the notification is kept, the reminders follow, and empty attributes are left out
    expect(extensionsOf(task, 'folyam:Notification', ['event', 'to'])).toEqual([{ event: 'create', to: '=assignee' }]);
    expect(extensionsOf(task, 'folyam:Reminder', ['before', 'after', 'channel'])).toEqual([
      { before: 'P1D', after: '', channel: 'email' },
      { before: '', after: 'PT2H', channel: 'sms' },
    ]);
    const { xml } = await moddle.toXML(definitions as never, { format: false });
    expect(xml).toContain('folyam:assignee="sales1"');
    expect(xml).toMatch(/<folyam:reminder before="P1D" channel="email"\s*\/>/);
    expect(xml).not.toContain('template=""');
    // and the XML reads back the same
    const again = await taskOf(xml, 'Task_1');
    expect(extensionsOf(again.task, 'folyam:Reminder', ['repeat'])).toEqual([{ repeat: '' }, { repeat: 'R/PT4H' }]);
  });

  it('drops extensionElements when the last entry goes', async () => {
    const { task } = await taskOf(newProcessXml('a', 'A', { start: 'S', task: 'T', end: 'E' }), 'Task_1');
    expect(replaceExtensions(moddle as unknown as Moddle, task, 'folyam:Reminder', [])).toBeUndefined();
  });

  it('knows which panel an element gets', async () => {
    const { task } = await taskOf(newProcessXml('a', 'A', { start: 'S', task: 'T', end: 'E' }), 'Task_1');
    expect(elementKind(task)).toBe('userTask');
    const m = moddle as unknown as Moddle;
    const timer = m.create('bpmn:IntermediateCatchEvent', {
      eventDefinitions: [m.create('bpmn:TimerEventDefinition')],
    });
    expect(elementKind(timer)).toBe('timerEvent');
    expect(elementKind(undefined)).toBe('other');
  });

  it('splits and joins comma-separated lists', () => {
    expect(splitList(' salesManager, backOffice ,')).toEqual(['salesManager', 'backOffice']);
    expect(splitList(undefined)).toEqual([]);
    expect(joinList(['a', ' b '])).toBe('a,b');
    expect(joinList([])).toBeUndefined();
  });
});
