/** HTML text helpers shared by the printed pages, message merge and the public pages. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values: `escapeHtml('<b>"Kft"</b>')` → `&lt;b&gt;&quot;Kft&quot;&lt;/b&gt;`. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
