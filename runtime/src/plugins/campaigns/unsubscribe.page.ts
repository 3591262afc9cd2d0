/**
 * The unsubscribe pages: plain HTML in Hungarian and English, no script (the CSP forbids inline script anyway),
 * a form that posts back to the same address, so it works in any mail client's browser and without a login.
 */
import { escapeHtml } from '@folyam/platform';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}' +
  'button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1b5e20;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #0d47a1;outline-offset:2px}.en{color:#444;margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="hu"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** `GET /u/{token}`: what will happen, and one button that does it. */
export function confirmPage(campaign: string, address: string | null): string {
  const who = address ? ` (<strong>${escapeHtml(address)}</strong>)` : '';
  return page(
    'Leiratkozás / Unsubscribe',
    `<h1>Leiratkozás</h1><p>Ön${who} a(z) „${escapeHtml(campaign)}” küldemény címzettje. A gomb megnyomása után erre a címre nem küldünk több hírlevelet.</p>` +
      `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Leiratkozom / Unsubscribe</button></form>` +
      `<div class="en" lang="en"><h2>Unsubscribe</h2><p>You${who} received “${escapeHtml(campaign)}”. After you press the button we will send no more newsletters to this address.</p></div>`,
  );
}

/** After `POST /u/{token}`, and for a link used before. */
export function donePage(address: string | null): string {
  const who = address ? ` (${escapeHtml(address)})` : '';
  return page(
    'Sikeres leiratkozás / Unsubscribed',
    `<h1>Sikeres leiratkozás</h1><p role="status">Erre a címre${who} nem küldünk több hírlevelet.</p>` +
      `<div class="en" lang="en"><h2>You are unsubscribed</h2><p>We will send no more newsletters to this address${who}.</p></div>`,
  );
}

export function unknownPage(): string {
  return page(
    'Ismeretlen link / Unknown link',
    `<h1>Ismeretlen vagy lejárt link</h1><p>Ez a leiratkozási link nem érvényes.</p>` +
      `<div class="en" lang="en"><h2>Unknown link</h2><p>This unsubscribe link is not valid.</p></div>`,
  );
}
