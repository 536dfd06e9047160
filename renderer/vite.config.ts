import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * Builds the renderer for both hosts: Electron loads it from disk and browser
 * mode serves it from out/renderer, so every asset URL is relative (`base: './'`).
 * The CSP allows scripts from the app's own origin only, so the HTML carries no
 * inline script and Vite's module preload polyfill (an inline script) stays off.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2023',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
