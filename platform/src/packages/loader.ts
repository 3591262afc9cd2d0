/**
 * Reads a metadata package from disk (`folyam.package.json`, `entities/<name>/<name>.entity.json`,
 * `roles/*.role.json`, `apps/*.app.json`,
 * `processes/<name>/<name>.process.json` with its `.bpmn` file) so it can be imported into the draft and published.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PackageManifest, fromZod } from '@folyam/metamodel';
import type { MetaKind } from '../meta/store.ts';

export type LoadedPackage = {
  dir: string;
  manifest: PackageManifest;
  objects: { kind: MetaKind; body: unknown; file: string }[];
};

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : [p];
  });
}

const KIND_BY_SUFFIX: [string, MetaKind][] = [
  ['.entity.json', 'entity'],
  ['.role.json', 'role'],
  ['.app.json', 'app'],
  ['.form.json', 'form'],
  ['.process.json', 'process'],
];

export function loadPackage(dir: string): LoadedPackage {
  const manifestFile = path.join(dir, 'folyam.package.json');
  const parsed = PackageManifest.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) {
    const first = fromZod(parsed.error)[0];
    throw new Error(`${manifestFile}: ${first.path} ${first.message.en}`);
  }
  const objects = walk(dir)
    .sort()
    .flatMap((file) => {
      const kind = KIND_BY_SUFFIX.find(([s]) => file.endsWith(s))?.[1];
      if (!kind) return [];
      const body = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      // A process names its diagram file (`"bpmn": "offerApproval.bpmn"`, beside it); the XML goes into the metadata.
      if (kind === 'process' && typeof body.bpmn === 'string' && /^[\w.-]+\.bpmn$/.test(body.bpmn)) {
        body.bpmn = fs.readFileSync(path.join(path.dirname(file), body.bpmn), 'utf8');
      }
      return [{ kind, body: body as unknown, file }];
    });
  return { dir, manifest: parsed.data, objects };
}
