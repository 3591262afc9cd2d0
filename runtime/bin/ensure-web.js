#!/usr/bin/env node
/* global console */
// Before `npm start`: builds the web app once on a fresh clone (designer/dist is not committed).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
if (!existsSync(path.join(root, 'designer', 'dist', 'index.html'))) {
  console.log('Building the web app (first start only)…');
  const r = spawnSync('npm', ['run', 'build', '-w', 'designer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('The web app could not be built; the API still starts. Run `npm run build` to see why.');
  }
}
