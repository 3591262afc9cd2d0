/**
 * First start of an installation: the sample package, the administrator, the demo organisation (departments and
 * one user per role) and the demo data, each only when missing, so `npm start` on an existing database changes
 * nothing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createUser,
  findUserByName,
  installPackage,
  readDemoOrg,
  readRecipe,
  secretToken,
  seedDemoData,
  seedDemoOrg,
  tableName,
  type Platform,
} from '@folyam/platform';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CRM_PACKAGE_DIR = path.resolve(here, '../../samples/crm');

export type BootstrapResult = {
  installed: boolean;
  adminCreated: boolean;
  adminPassword?: string;
  generatedPassword: boolean;
  seeded: Record<string, number> | null;
  /** Usernames of the demo users created now (empty on an existing database). */
  demoUsers: string[];
  /** Their common password, when they were created now. */
  demoPassword?: string;
  generatedDemoPassword: boolean;
};

export async function bootstrap(
  platform: Platform,
  options: {
    adminPassword?: string;
    seedDemo: boolean;
    /** Create the package's demo organisation on a new database; defaults to `seedDemo`. */
    demoUsers?: boolean;
    /** The demo users' password (FOLYAM_DEMO_PASSWORD); generated when unset. */
    demoPassword?: string;
    packageDir?: string;
    log?: (s: string) => void;
  },
): Promise<BootstrapResult> {
  const log = options.log ?? (() => {});
  const result: BootstrapResult = {
    installed: false,
    adminCreated: false,
    generatedPassword: false,
    seeded: null,
    demoUsers: [],
    generatedDemoPassword: false,
  };
  let admin = await findUserByName(platform.knex, 'admin');
  if (!admin) {
    const password = options.adminPassword ?? `Fy-${secretToken(12)}1`;
    result.generatedPassword = !options.adminPassword;
    await createUser(platform.knex, platform.clock, {
      username: 'admin',
      displayName: 'Rendszergazda',
      password,
      roles: ['admin'],
      locale: 'hu',
    });
    admin = await findUserByName(platform.knex, 'admin');
    result.adminCreated = true;
    result.adminPassword = password;
  }
  const published = await platform.meta.published();
  const dir = options.packageDir ?? CRM_PACKAGE_DIR;
  if (published.version === 0) {
    log(`Installing the metadata package in ${path.relative(process.cwd(), dir) || dir}…`);
    await installPackage(platform, dir, admin!.id);
    result.installed = true;
  }
  const demoOrg = readDemoOrg(dir);
  let owners = [admin!.id];
  if (demoOrg && result.adminCreated && (options.demoUsers ?? options.seedDemo)) {
    const password = options.demoPassword ?? `Demo-${secretToken(9)}1`;
    const { created, ids } = await seedDemoOrg(platform.knex, platform.clock, demoOrg, password);
    result.demoUsers = created;
    if (created.length) {
      result.demoPassword = password;
      result.generatedDemoPassword = !options.demoPassword;
      log(`Created the demo users: ${created.join(', ')}`);
    }
    const demoOwners = (demoOrg.owners ?? []).map((u) => ids.get(u)).filter((id): id is string => Boolean(id));
    if (demoOwners.length) owners = demoOwners;
  }
  if (options.seedDemo) {
    const snap = await platform.meta.published();
    const company = snap.entities.find((e) => e.name === 'company');
    const recipe = readRecipe(dir);
    if (company && recipe) {
      const row = await platform.knex(tableName(company)).count({ n: '*' }).first();
      if (Number(row?.n ?? 0) === 0) {
        log(`Loading demo data (${recipe.companies} companies)…`);
        result.seeded = await seedDemoData(platform, recipe, { ownerIds: owners, actorId: admin!.id });
      }
    }
  }
  return result;
}
