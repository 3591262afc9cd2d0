/** Vite build of the designer SPA: output in designer/dist (served by the runtime), `/api` proxied in dev. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const apiTarget = process.env.FOLYAM_API ?? 'http://127.0.0.1:3000';
// form-js-editor's package exports hide its stylesheets: reach them through its resolved entry
const formJsEditorAssets = join(dirname(createRequire(import.meta.url).resolve('@bpmn-io/form-js-editor')), 'assets');

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // the pure validators alone (no zod): the record form checks tax and phone numbers without the schemas
      '@folyam/metamodel/formats': fileURLToPath(new URL('../metamodel/src/formats.ts', import.meta.url)),
      '@folyam/metamodel': fileURLToPath(new URL('../metamodel/src/index.ts', import.meta.url)),
      '@form-js-editor-assets': formJsEditorAssets,
    },
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
