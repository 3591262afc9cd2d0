import { describe, expect, it } from 'vitest';
import {
  cleanEditorHtml,
  localToIso,
  percent,
  recipientsChosen,
  skippedTotal,
  smsSegments,
  statusColor,
} from './format.ts';
import { unknownMergeFields, usedMergeFields } from './merge-fields.ts';
import { recordAddress, recordChannels } from './record/record-messaging.ts';

describe('smsSegments', () => {
  it('counts GSM-7 texts in 160 and 153 character parts', () => {
    expect(smsSegments('Szép napot!')).toEqual({ encoding: 'GSM-7', segments: 1, chars: 11, perSegment: 160 });
    expect(smsSegments('a'.repeat(160)).segments).toBe(1);
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
    expect(smsSegments('').segments).toBe(0);
  });

  it('switches to UCS-2 for ő and ű, and counts extension characters twice', () => {
    // given a Hungarian text with ő
    const s = smsSegments('Győr, ' + 'x'.repeat(64));
    // then the whole text is UCS-2: 70 fit in one, 71 need two
    expect(s).toMatchObject({ encoding: 'UCS-2', segments: 1, chars: 70 });
    expect(smsSegments('ő' + 'x'.repeat(70)).segments).toBe(2);
    expect(smsSegments('€'.repeat(80)).segments).toBe(1);
    expect(smsSegments('€'.repeat(81)).segments).toBe(2);
  });
});

describe('cleanEditorHtml', () => {
  it('turns lone non-breaking spaces back into spaces and keeps runs', () => {
    expect(cleanEditorHtml('<p>Kedves&nbsp;Anna,&nbsp;&nbsp;&nbsp;üdv</p>')).toBe(
      '<p>Kedves Anna, &nbsp;&nbsp;üdv</p>',
    );
  });
  it('gives an empty string for an empty editor', () => {
    expect(cleanEditorHtml('<p></p>')).toBe('');
    expect(cleanEditorHtml('<p><br></p>')).toBe('');
    expect(cleanEditorHtml('<p>x</p>')).toBe('<p>x</p>');
  });
});

describe('small helpers', () => {
  it('colours held messages as a warning, never as sent', () => {
    expect(statusColor('held')).toBe('warning');
    expect(statusColor('delivered')).toBe('success');
    expect(statusColor('bounced')).toBe('error');
  });
  it('adds the skipped reasons and clamps progress', () => {
    expect(skippedTotal({ skipped: { noConsent: 2, suppressed: 1, duplicate: 3 } })).toBe(6);
    expect(percent(133)).toBe(100);
    expect(percent(undefined)).toBe(0);
    expect(percent(49.6)).toBe(50);
  });
  it('knows whether recipients were chosen', () => {
    expect(recipientsChosen({ kind: 'query', queryId: '' })).toBe(false);
    expect(recipientsChosen({ kind: 'contacts', ids: ['a'] })).toBe(true);
    expect(recipientsChosen({ kind: 'companyGroups', groups: [] })).toBe(false);
  });
  it('reads a datetime-local value as an instant', () => {
    expect(localToIso('')).toBeNull();
    expect(localToIso('nonsense')).toBeNull();
    expect(localToIso('2026-12-01T09:30')).toBe(new Date(2026, 11, 1, 9, 30).toISOString());
  });
  it('finds merge fields, known and unknown', () => {
    const text = 'Kedves {{contact.givenName}}! {{ company.name }} {{contact.shoeSize}} {{contact.givenName}}';
    expect(usedMergeFields(text)).toEqual(['{{contact.givenName}}', '{{company.name}}', '{{contact.shoeSize}}']);
    expect(unknownMergeFields(text)).toEqual(['{{contact.shoeSize}}']);
  });
});

describe('record messaging', () => {
  const contact = {
    name: 'contact',
    fields: [
      { name: 'phone', type: 'phone' },
      { name: 'mobile', type: 'phone' },
      { name: 'email', type: 'email' },
    ],
  } as never;
  it('offers email and SMS from the field types and picks the address as the server does', () => {
    expect(recordChannels(contact)).toEqual(['email', 'sms']);
    expect(recordChannels({ fields: [{ name: 'x', type: 'text' }] } as never)).toEqual([]);
    expect(recordAddress(contact, { phone: '+3611234567', mobile: '+36301234567' }, 'sms')).toBe('+36301234567');
    expect(recordAddress(contact, { phone: '+3611234567', mobile: ' ' }, 'sms')).toBe('+3611234567');
    expect(recordAddress(contact, { email: '' }, 'email')).toBeNull();
  });
});
