import { z } from 'zod';
import { LocalizedText } from './i18n.ts';

/** `folyam.package.json`: what a metadata package (such as samples/crm) is and holds. */
export const PackageManifest = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
  version: z.string(),
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** Demo-data recipe, relative to the package folder. */
  demo: z.string().optional(),
  /** Demo organisation (departments, users, work groups, owners of the demo records), relative to the folder. */
  demoOrg: z.string().optional(),
});
export type PackageManifest = z.infer<typeof PackageManifest>;
