import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// Two pages, one for each app; shared code lands in a shared chunk. Everything is bundled: no CDN at run time.
export default defineConfig({
  plugins: [solid()],
  base: '/',
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        dashboard: 'dashboard.html',
        portal: 'portal.html',
      },
    },
  },
});
