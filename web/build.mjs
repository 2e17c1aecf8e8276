// build.mjs - builds the web application into OUT (docs/web.md):
//   node build.mjs --modules DIR/node_modules --out DIR
// Copies src/ as it is (plain ES modules, no bundler), and from the npm
// packages only what the pages load: the design system's CSS and JS with
// exactly the fonts and images its CSS refers to, and Chart.js's UMD file.
// Nothing is fetched at run time; the server serves OUT (`ungdb serve --web`).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name) => {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`build.mjs: ${name} DIR is required`);
    process.exit(2);
  }
  return resolve(process.argv[i + 1]);
};
const modules = arg('--modules');
const out = arg('--out');
const need = (p) => {
  if (!existsSync(p)) {
    console.error(`build.mjs: ${p} is missing (run npm ci)`);
    process.exit(1);
  }
  return p;
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });

// Det Fælles Designsystem: CSS, JS, and what the CSS refers to by url(../...).
const fds = need(join(modules, 'dkfds', 'dist'));
const vendor = join(out, 'vendor', 'dkfds');
mkdirSync(join(vendor, 'css'), { recursive: true });
mkdirSync(join(vendor, 'js'), { recursive: true });
const css = readFileSync(join(fds, 'css', 'dkfds.min.css'), 'utf8');
writeFileSync(join(vendor, 'css', 'dkfds.min.css'), css);
cpSync(join(fds, 'js', 'dkfds.min.js'), join(vendor, 'js', 'dkfds.min.js'));
let assets = 0;
for (const m of css.matchAll(/url\((['"]?)\.\.\/([^)'"?#]+)[^)]*\1\)/g)) {
  const rel = m[2];
  const dst = join(vendor, rel);
  if (existsSync(dst)) continue;
  mkdirSync(dirname(dst), { recursive: true });
  cpSync(need(join(fds, rel)), dst);
  assets++;
}
// Chart.js as one UMD file (its ES module build imports a bare package name,
// which a browser cannot resolve without a bundler).
cpSync(need(join(modules, 'chart.js', 'dist', 'chart.umd.min.js')), join(out, 'vendor', 'chart.umd.min.js'));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
writeFileSync(join(out, 'vendor', 'VERSIONS.txt'),
  Object.entries(pkg.dependencies).map(([k, v]) => `${k} ${v}`).join('\n') + '\n');
console.log(`web: built ${out} (${assets} design-system assets)`);
