import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The staff console (工作台): served by the platform at `/console/`, so every asset URL starts there.
 * Element Plus and ECharts are imported per use in the sources; Vite splits each screen into its own
 * chunk, so a deputy's phone loads the sign-in and inbox code first and nothing of the charts.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  logLevel: 'warn',
});
