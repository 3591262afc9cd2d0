/**
 * Open and click tracking of a campaign email, only when the campaign asks for it and the recipient allows it:
 * every http(s) link becomes `<base>/t/c/<token>.<n>` and a 1×1 image `<base>/t/o/<token>.gif` is added. The
 * original URLs are stored with the recipient, so a click redirect can only lead where that message pointed —
 * never an open redirect.
 */
const HREF = /(<a\b[^>]*?\shref=")([^"]*)(")/gi;

function decodeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Rewrites the links of sanitised HTML (double-quoted attributes) and appends the open pixel.
 * `trackHtml('<a href="https://x.hu">x</a>', 'https://crm.hu', 'tok')` → `{ html: '<a href="https://crm.hu/t/c/tok.0">x</a><img …>', links: ['https://x.hu'] }`
 */
export function trackHtml(html: string, base: string, token: string): { html: string; links: string[] } {
  const links: string[] = [];
  const rewritten = html.replace(HREF, (whole, open: string, href: string, close: string) => {
    const url = decodeAttr(href);
    // The unsubscribe link stays as it is: it must work even where tracking links are blocked.
    if (!/^https?:\/\//i.test(url) || url.startsWith(`${base}/u/`)) return whole;
    let i = links.indexOf(url);
    if (i < 0) i = links.push(url) - 1;
    return `${open}${base}/t/c/${token}.${i}${close}`;
  });
  return {
    html: `${rewritten}<img src="${base}/t/o/${token}.gif" width="1" height="1" alt="" />`,
    links,
  };
}

/** `abc.3` → `{ token: 'abc', index: 3 }`, or null for anything else. */
export function parseClickToken(value: string): { token: string; index: number } | null {
  const m = /^([A-Za-z0-9_-]{16,64})\.(\d{1,4})$/.exec(value);
  return m ? { token: m[1], index: Number(m[2]) } : null;
}

/** The 1×1 transparent GIF an open pixel answers with. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
