// Prints the gzip size of what the browser loads first (the scripts, module preloads and stylesheets that
// dist/index.html references) and of each lazy chunk, and fails when the initial load passes the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' KB';

let total = 0;
console.log('\nInitial load (gzip):');
for (const file of initial) {
  const size = gz(file);
  total += size;
  console.log(`${kb(size)}  ${file}`);
}
console.log(`${kb(total)}  total (budget ${BUDGET_KB} KB)`);

const lazy = readdirSync(join(dist, 'assets'))
  .map((f) => `assets/${f}`)
  .filter((f) => /\.(js|css)$/.test(f) && !initial.includes(f))
  .map((f) => [f, gz(f)])
  .sort((a, b) => b[1] - a[1]);
console.log('\nLazy chunks (gzip), largest first:');
for (const [file, size] of lazy.slice(0, 12)) console.log(`${kb(size)}  ${file}`);
if (lazy.length > 12) console.log(`   … and ${lazy.length - 12} smaller`);

// bpmn-js (the process modeler and viewer, ~240 KB gzip with its styles) must stay in lazy chunks
const eager = initial.filter((f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('djs-container'));
if (eager.length) {
  console.error(`\nbpmn-js is in the initial load (${eager.join(', ')}): import it lazily`);
  process.exit(1);
}

if (total > BUDGET_KB * 1024) {
  console.error(`\nInitial bundle is over budget: ${(total / 1024).toFixed(1)} KB > ${BUDGET_KB} KB`);
  process.exit(1);
}
