import { describe, expect, it } from 'vitest';
import { merge, mergeFieldsOf } from './merge.ts';
import { parseClickToken, trackHtml } from './tracking.ts';

const known = new Set(['contact.givenName', 'company.name', 'unsubscribeUrl']);

describe('merge fields', () => {
  it('fills known fields, HTML-escaped in HTML, and empties unknown ones with a warning', () => {
    // given
    const values = { 'contact.givenName': '<Anna & "Béla">', 'company.name': null };
    // when
    const html = merge('<p>Kedves {{ contact.givenName }}! {{company.name}}{{contact.secret}}</p>', values, {
      known,
      html: true,
    });
    const text = merge('Kedves {{contact.givenName}}!', values, { known, html: false });
    // then
    expect(html).toEqual({ text: '<p>Kedves &lt;Anna &amp; &quot;Béla&quot;&gt;! </p>', unknown: ['contact.secret'] });
    expect(text).toEqual({ text: 'Kedves <Anna & "Béla">!', unknown: [] });
  });

  it('runs no code: anything but a plain field name is left as text', () => {
    const out = merge(
      '{{constructor.constructor("x")()}} {{#each x}} {{__proto__}} {{toString}}',
      {},
      { known, html: false },
    );
    expect(out.text).toBe('{{constructor.constructor("x")()}} {{#each x}} {{__proto__}} ');
    expect(out.unknown).toEqual(['toString']);
    expect(mergeFieldsOf('{{a.b}} {{c}} {{a.b}}')).toEqual(['a.b', 'c']);
  });
});

describe('tracking', () => {
  it('rewrites http(s) links to numbered click links, keeps the unsubscribe link, adds the pixel', () => {
    const base = 'https://crm.example.hu';
    const token = 'abcdefghijklmnopqrstuvwx';
    const { html, links } = trackHtml(
      '<a href="https://example.hu/a?x=1&amp;y=2">A</a><a href="mailto:a@example.hu">M</a>' +
        '<a href="https://example.hu/a?x=1&amp;y=2">again</a><a href="https://crm.example.hu/u/abc">Leiratkozás</a>',
      base,
      token,
    );
    expect(links).toEqual(['https://example.hu/a?x=1&y=2']);
    expect(html).toContain(`<a href="${base}/t/c/${token}.0">A</a>`);
    expect(html).toContain('href="mailto:a@example.hu"');
    expect(html).toContain(`<a href="${base}/t/c/${token}.0">again</a>`);
    expect(html).toContain('href="https://crm.example.hu/u/abc"');
    expect(html).toContain(`<img src="${base}/t/o/${token}.gif"`);
  });

  it('parses only well-formed click tokens', () => {
    expect(parseClickToken('abcdefghijklmnopqrstuvwx.3')).toEqual({ token: 'abcdefghijklmnopqrstuvwx', index: 3 });
    for (const bad of ['short.1', 'abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrstuvwx.-1', '../../etc.1'])
      expect(parseClickToken(bad)).toBeNull();
  });
});
