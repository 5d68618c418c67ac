import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the API under /console/ (apps/api/src/console/console.module.ts); the build has no inline script, so
// helmet's default Content-Security-Policy (script-src 'self') allows it.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    modulePreload: { polyfill: false },
  },
});
