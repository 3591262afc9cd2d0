/** The rich text editor as an async component: Quill (about 50 KB gzip) loads only when an editor is shown. */
import { defineAsyncComponent } from 'vue';

export const LazyRichTextEditor = defineAsyncComponent(() => import('./RichTextEditor.vue'));
