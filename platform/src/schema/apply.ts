/**
 * Runs a schema plan. On SQLite the whole plan runs in one transaction; MySQL/MariaDB commit each DDL statement on
 * their own, so there the steps run in order and a failure names the step that failed.
 */
import type { Knex } from 'knex';
import type { Dialect } from '../db/connection.ts';
import { dateTimeColumn, tableDefaults } from '../db/table-helpers.ts';
import { FolyamError } from '../errors.ts';
import type { ColumnSpec } from './columns.ts';
import type { Plan, PlanStep } from './diff.ts';

const ON_DELETE = { restrict: 'RESTRICT', setNull: 'SET NULL', cascade: 'CASCADE' } as const;

function addColumn(t: Knex.TableBuilder, c: ColumnSpec, dialect: Dialect): Knex.ColumnBuilder {
  switch (c.type.kind) {
    case 'string':
      return t.string(c.name, c.type.length);
    case 'text':
      return dialect === 'mysql' ? t.text(c.name, 'mediumtext') : t.text(c.name);
    case 'integer':
      return t.integer(c.name);
    case 'decimal':
      return t.decimal(c.name, c.type.precision, c.type.scale);
    case 'boolean':
      return t.boolean(c.name);
    case 'date':
      return dialect === 'mysql' ? t.date(c.name) : t.string(c.name, 10);
    case 'datetime':
      return dialect === 'mysql' ? t.specificType(c.name, 'datetime(3)') : t.string(c.name, 23);
  }
}

function foreignKeyName(table: string, column: string): string {
  const name = `fk_${table}_${column}`;
  return name.length <= 60 ? name : name.slice(0, 60);
}

async function runStep(knex: Knex, dialect: Dialect, step: PlanStep): Promise<void> {
  const schema = knex.schema;
  switch (step.op) {
    case 'createTable':
      await schema.createTable(step.table, (t) => {
        tableDefaults(t as Knex.CreateTableBuilder, dialect);
        t.string('id', 64).primary();
        t.integer('version').notNullable().defaultTo(1);
        dateTimeColumn(t as Knex.CreateTableBuilder, 'created_at', dialect).notNullable();
        dateTimeColumn(t as Knex.CreateTableBuilder, 'updated_at', dialect).notNullable();
        t.string('created_by', 36).nullable();
        t.string('updated_by', 36).nullable();
        t.string('owner_id', 36).nullable().index(`ix_${step.table}_owner`.slice(0, 60));
        for (const c of step.columns) {
          const col = addColumn(t, c, dialect).nullable();
          if (c.references) {
            col
              .references('id')
              .inTable(c.references.table)
              .onDelete(ON_DELETE[c.references.onDelete])
              .withKeyName(foreignKeyName(step.table, c.name));
          }
        }
        for (const ix of step.indexes) {
          if (ix.unique) t.unique(ix.columns, { indexName: ix.name });
          else t.index(ix.columns, ix.name);
        }
      });
      return;
    case 'renameTable':
      await schema.renameTable(step.from, step.to);
      return;
    case 'dropTable':
    case 'dropLinkTable':
      await schema.dropTable(step.table);
      return;
    case 'addColumn':
      await schema.alterTable(step.table, (t) => {
        const col = addColumn(t, step.column, dialect).nullable();
        if (step.column.references) {
          col
            .references('id')
            .inTable(step.column.references.table)
            .onDelete(ON_DELETE[step.column.references.onDelete])
            .withKeyName(foreignKeyName(step.table, step.column.name));
        }
      });
      return;
    case 'renameColumn':
      await schema.alterTable(step.table, (t) => {
        t.renameColumn(step.from, step.to);
      });
      return;
    case 'alterColumn':
      await schema.alterTable(step.table, (t) => {
        addColumn(t, step.column, dialect).nullable().alter();
      });
      return;
    case 'dropColumn':
      await schema.alterTable(step.table, (t) => {
        t.dropColumn(step.column);
      });
      return;
    case 'addIndex':
      await schema.alterTable(step.table, (t) => {
        if (step.index.unique) t.unique(step.index.columns, { indexName: step.index.name });
        else t.index(step.index.columns, step.index.name);
      });
      return;
    case 'dropIndex':
      await schema.alterTable(step.table, (t) => {
        if (step.index.unique) t.dropUnique(step.index.columns, step.index.name);
        else t.dropIndex(step.index.columns, step.index.name);
      });
      return;
    case 'addForeignKey':
      await schema.alterTable(step.table, (t) => {
        t.foreign(step.foreignKey.column, foreignKeyName(step.table, step.foreignKey.column))
          .references('id')
          .inTable(step.foreignKey.refTable)
          .onDelete(ON_DELETE[step.foreignKey.onDelete]);
      });
      return;
    case 'dropForeignKey':
      await schema.alterTable(step.table, (t) => {
        t.dropForeign(step.foreignKey.column, foreignKeyName(step.table, step.foreignKey.column));
      });
      return;
    case 'createLinkTable':
      await schema.createTable(step.table, (t) => {
        tableDefaults(t as Knex.CreateTableBuilder, dialect);
        t.string('left_id', 64).notNullable().references('id').inTable(step.left).onDelete('CASCADE');
        t.string('right_id', 64).notNullable().references('id').inTable(step.right).onDelete('CASCADE');
        t.primary(['left_id', 'right_id']);
        t.index(['right_id'], `ix_${step.table}_right`.slice(0, 60));
      });
      return;
  }
}

export class DataLossNotConfirmed extends FolyamError {}

/**
 * Applies a plan. A plan that loses data runs only with `confirmDataLoss`. On SQLite it is all or nothing; pass
 * `trx` to run inside a caller's transaction (SQLite only).
 */
export async function applyPlan(
  knex: Knex,
  dialect: Dialect,
  plan: Plan,
  options: { confirmDataLoss?: boolean } = {},
): Promise<void> {
  if (plan.dataLoss && !options.confirmDataLoss) {
    throw new DataLossNotConfirmed(
      409,
      'DATA_LOSS_NOT_CONFIRMED',
      {
        hu: 'A közzététel adatokat törölne. Nézze át a tervet, és erősítse meg az adatvesztést.',
        en: 'Publishing would delete data. Review the plan and confirm the data loss.',
      },
      [],
      { plan },
    );
  }
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    try {
      await runStep(knex, dialect, step);
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e);
      throw new FolyamError(
        409,
        'SCHEMA_CHANGE_FAILED',
        {
          hu: `A sémamódosítás nem sikerült (${i + 1}. lépés: ${step.description.hu}). Az adatbázis ezt jelezte: ${sanitize(reason)}`,
          en: `The schema change failed (step ${i + 1}: ${step.description.en}). The database said: ${sanitize(reason)}`,
        },
        [],
        { step: i },
      );
    }
  }
}

/** Keeps the database's reason readable without echoing the statement text. */
function sanitize(reason: string): string {
  return reason.replace(/^.*? - /, '').replace(/`[^`]*` /g, '');
}
