/** Column and table conventions shared by the platform's migrations and schema sync. */
import type { Knex } from 'knex';
import { MYSQL_CHARSET, MYSQL_COLLATION, type Dialect } from './connection.ts';

/** Table options shared by every table: InnoDB, utf8mb4 with the Hungarian collation on MySQL. */
export function tableDefaults(t: Knex.CreateTableBuilder, dialect: Dialect): void {
  if (dialect === 'mysql') {
    t.engine('InnoDB');
    t.charset(MYSQL_CHARSET);
    t.collate(MYSQL_COLLATION);
  }
}

export function dateTimeColumn(t: Knex.CreateTableBuilder, name: string, dialect: Dialect): Knex.ColumnBuilder {
  return dialect === 'mysql' ? t.specificType(name, 'datetime(3)') : t.string(name, 23);
}
