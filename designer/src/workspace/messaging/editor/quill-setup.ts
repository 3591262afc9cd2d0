/**
 * Quill 2 made ready for email bodies, once per page: alignment and colours as inline styles (mail clients and
 * the server's sanitiser drop classes), and a "banner" block: a full-width image on its own line.
 */
import Quill from 'quill';
import type { BlockEmbed as BlockEmbedType } from 'quill/blots/block';

const BlockEmbed = Quill.import('blots/block/embed') as typeof BlockEmbedType;

/** `<img class="ql-banner" src="/api/files/…" width="100%" alt="">`: block-level, so it spans the column. */
class BannerBlot extends BlockEmbed {
  static override blotName = 'banner';
  static override tagName = 'IMG';
  static override className = 'ql-banner';

  static override create(value: unknown): HTMLElement {
    const node = super.create(value) as HTMLElement;
    const src = typeof value === 'string' ? value : ((value as { src?: string })?.src ?? '');
    node.setAttribute('src', /^(\/api\/files\/|https:\/\/)/.test(src) ? src : '//:0');
    node.setAttribute('width', '100%');
    node.setAttribute('alt', '');
    return node;
  }

  static override value(node: HTMLElement): string {
    return node.getAttribute('src') ?? '';
  }
}

let registered = false;

export function setupQuill(): typeof Quill {
  if (registered) return Quill;
  registered = true;
  Quill.register(
    {
      'formats/align': Quill.import('attributors/style/align'),
      'formats/color': Quill.import('attributors/style/color'),
      'formats/background': Quill.import('attributors/style/background'),
      'formats/banner': BannerBlot,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Quill's overloads do not accept a path map of mixed kinds
    } as Record<string, any>,
    true,
  );
  return Quill;
}

/** The stored file's URL, the only way images enter a message: never base64 in the HTML. */
export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;
