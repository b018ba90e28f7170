import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The app is static files (dist/) that talk to the node over WebSocket and to the vaults over
// HTTP: `vite build` makes them, scripts/run-dev.sh and the browser tests serve them.
export default defineConfig({
	plugins: [react()],
	build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
	test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
