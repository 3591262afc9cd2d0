/** Recognises constraint violations across dialects, so they become clear 4xx answers instead of 500s. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.errno === 1062;
}

export function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; message?: string };
  // SQLite reports ON DELETE RESTRICT through its trigger machinery.
  const sqliteRestrict = err?.code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/.test(String(err.message));
  return err?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || sqliteRestrict || err?.errno === 1451 || err?.errno === 1452;
}
