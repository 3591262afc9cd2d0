/** The few parts of better-sqlite3 the platform calls directly (the package ships no types; knex wraps the rest). */
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface Statement {
      iterate(...params: unknown[]): IterableIterator<unknown>;
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      prepare(sql: string): Statement;
      pragma(source: string): unknown;
      close(): void;
    }
  }
  const BetterSqlite3: {
    new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean }): BetterSqlite3.Database;
  };
  export default BetterSqlite3;
}
