import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  adminPassword?: string;
  demoPassword?: string;
  /** Load the sample package and demo data into an empty database. */
  seedDemo: boolean;
  sessionTtlHours: number;
  secureCookies: boolean;
};

/** Reads the configuration from the environment: `PORT`, `FOLYAM_DATA_DIR`, `DATABASE_URL`, `FOLYAM_ADMIN_PASSWORD`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.FOLYAM_DATA_DIR || './data');
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a number from 0 to 65535, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || `sqlite:${path.join(dataDir, 'folyam.sqlite')}`,
    adminPassword: env.FOLYAM_ADMIN_PASSWORD || undefined,
    demoPassword: env.FOLYAM_DEMO_PASSWORD || undefined,
    seedDemo: env.FOLYAM_SEED_DEMO !== '0',
    sessionTtlHours: env.FOLYAM_SESSION_TTL_HOURS ? Number(env.FOLYAM_SESSION_TTL_HOURS) : 12,
    secureCookies: env.FOLYAM_SECURE_COOKIES === '1',
  };
}
