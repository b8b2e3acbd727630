import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

const appPort = Number(process.env.APP_PORT ?? 5173);

// Three entries: the SMART launch URL (/launch/) must stay tiny, the redirect page (/) is the
// app, and /view/ is the patient's link viewer.
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: appPort, strictPort: true },
  preview: { host: '127.0.0.1', port: appPort, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        app: resolve(import.meta.dirname, 'index.html'),
        launch: resolve(import.meta.dirname, 'launch/index.html'),
        // The patient's SMART Health Link viewer (/view/): plain DOM, no React.
        view: resolve(import.meta.dirname, 'view/index.html'),
      },
    },
  },
});
