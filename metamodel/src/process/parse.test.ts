import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { folyamModdle, parseProcessXml, ProcessParseError } from './parse.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const folyamXml = fixture('onboarding.bpmn');

describe('parseProcessXml', () => {
  it('reads elements, flows and every folyam setting into plain JSON', async () => {
    // given a process using the folyam extension (both element spellings)
    // when
    const model = await parseProcessXml(folyamXml);
    // then
    expect(model.id).toBe('Process_onboarding');
    expect(model.name).toBe('Ügyfél felvétele');
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(model.folyam.notifications).toEqual([{ event: 'end', to: '=initiator', channel: 'email', subject: 'Kész' }]);
    const check = model.elements.Check;
    expect(check).toMatchObject({
      type: 'bpmn:UserTask',
      name: 'Adatok ellenőrzése',
      nameEn: 'Check the details',
      incoming: ['f1'],
      outgoing: ['f2'],
      folyam: {
        assignee: '=manager(initiator)',
        candidateRoles: ['salesManager', 'salesperson'],
        candidateGroups: ['Értékesítés – Budapest'],
        form: 'companyCheck',
        due: 'P2D',
        reminders: [{ before: 'PT4H', repeat: 'PT1H', channel: 'email', template: 'taskReminder' }, { after: 'P1D' }],
        notifications: [{ event: 'create', to: '=assignee', channel: 'sms', text: 'Új feladat' }],
      },
    });
    expect(model.elements.Start.folyam.recordTrigger).toEqual({
      entity: 'company',
      on: 'created',
      condition: 'status = "prospect"',
    });
    expect(model.elements.Gw).toMatchObject({ default: 'f4', incoming: ['f2'], outgoing: ['f3', 'f4'] });
    expect(model.elements.f3).toMatchObject({ sourceRef: 'Gw', targetRef: 'Mail', condition: '=revenue > 1000000' });
    expect(model.elements.f4.condition).toBeNull();
    // an element without an English name has none (its name serves every language)
    expect(model.elements.Gw).not.toHaveProperty('nameEn');
    expect(model.elements.Mail.folyam).toEqual({
      connector: 'email',
      action: 'send',
      inputs: [{ name: 'to', value: '=email' }],
      outputs: [{ name: 'sentAt', value: '=result.sentAt' }],
    });
    expect(model.elements.MailTimeout).toMatchObject({
      attachedTo: 'Mail',
      cancelActivity: false,
      timer: { kind: 'cycle', value: 'R3/PT1H' },
      eventDefinitions: ['bpmn:TimerEventDefinition'],
    });
    expect(model.elements.Script).toMatchObject({
      scriptFormat: 'feel',
      folyam: { assignments: [{ name: 'checked', value: 'true' }] },
    });
    expect(model.elements.Sub.children).toEqual(['SubStart', 's1', 'Wait', 's2', 'SubEnd']);
    expect(model.elements.Wait).toMatchObject({ parent: 'Sub', timer: { kind: 'duration', value: 'PT30M' } });
    expect(model.elements.End.folyam.notifications).toEqual([{ event: 'end', to: '=initiator', template: 'done' }]);
    expect(model.children).not.toContain('Wait');
  });

  it('derives incoming and outgoing from the flows even when the XML lists none', async () => {
    const model = await parseProcessXml(folyamXml);
    expect(model.elements.End.incoming.sort()).toEqual(['f5', 'f8']);
    expect(model.elements.Script.incoming.sort()).toEqual(['f4', 'f6']);
  });

  it('keeps a flow whose target is missing, with a null target', async () => {
    const xml = folyamXml.replace('targetRef="Script" />', 'targetRef="Nowhere" />');
    const model = await parseProcessXml(xml);
    expect(model.elements.f4.targetRef).toBeNull();
    expect(model.extras.warnings.join()).toContain('Nowhere');
  });

  it('ignores Camunda zeebe extensions', async () => {
    const model = await parseProcessXml(fixture('camunda-zeebe.bpmn'));
    expect(model.id).toBe('Process_offerApproval');
    expect(model.elements.Activity_review.folyam).toEqual({ candidateRoles: ['salesManager'], due: 'P2D' });
    expect(model.elements.Activity_approve.folyam).toEqual({});
    expect(model.elements.Activity_review.incoming).toEqual(['Flow_0a1', 'Flow_back']);
  });

  it('refuses what is not BPMN with a stable code', async () => {
    await expect(parseProcessXml('<x')).rejects.toMatchObject({ code: 'process.xml' });
    await expect(parseProcessXml('<a/>')).rejects.toBeInstanceOf(ProcessParseError);
    const noProcess =
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"/>';
    await expect(parseProcessXml(noProcess)).rejects.toMatchObject({ code: 'process.noProcess' });
  });

  it('lets bpmn-moddle write the folyam attributes back and keeps bpmn element names', async () => {
    // given the descriptor as the modeler loads it
    const moddle = new BpmnModdle({ folyam: folyamModdle });
    const { rootElement } = await moddle.fromXML(folyamXml);
    // when
    const { xml } = await moddle.toXML(rootElement);
    // then
    expect(xml).toContain('<bpmn:userTask id="Check"');
    expect(xml).toContain('folyam:candidateRoles="salesManager, salesperson"');
    expect(xml).toContain('<folyam:reminder before="PT4H"');
    expect(xml).toContain('folyam:nameEn="Check the details"');
    const again = await parseProcessXml(xml);
    expect(again.elements.Check.folyam).toEqual((await parseProcessXml(folyamXml)).elements.Check.folyam);
  });
});
