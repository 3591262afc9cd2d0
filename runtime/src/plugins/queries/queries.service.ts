/**
 * The query generator's API in plain functions: saved queries, run (one page), print (an HTML page) and export
 * (a job). Request bodies are checked here; the work is done by the platform's query engine. No hapi here.
 */
import {
  errors,
  EXPORT_FORMATS,
  EXPORT_JOB,
  filterSummary,
  parseSavedQueryInput,
  PRINT_MAX_ROWS,
  queryEngineOf,
  registerQueryJobs,
  renderPrintHtml,
  SavedQueryStore,
  type Actor,
  type CsvSeparator,
  type ExportFormat,
  type ExportPayload,
  type Platform,
  type QueryEngine,
  type QueryResult,
  type SavedQuery,
} from '@folyam/platform';
import { issue, localize, type Locale, type QueryDefinition } from '@folyam/metamodel';

type Body = Record<string, unknown>;

function onlyKeys(body: Body, allowed: string[]): void {
  for (const k of Object.keys(body))
    if (!allowed.includes(k)) throw errors.badRequest('INVALID_BODY', k, 'unknownKey', { key: k });
}

function intField(body: Body, name: string, fallback: number, min: number, max: number): number {
  const v = body[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw errors.badRequest('INVALID_PAGE', name, 'integer');
  if (v < min) throw errors.badRequest('INVALID_PAGE', name, 'tooSmall', { min });
  if (v > max) throw errors.badRequest('INVALID_PAGE', name, 'tooBig', { max });
  return v;
}

export type QuerySource = { definition: QueryDefinition; queryId: string | null; title: string };

export class QueriesService {
  readonly engine: QueryEngine;
  readonly saved: SavedQueryStore;

  constructor(private readonly platform: Platform) {
    this.engine = queryEngineOf(platform);
    this.saved = new SavedQueryStore({ knex: platform.knex, clock: platform.clock });
    registerQueryJobs(platform.jobs);
  }

  /**
   * `{ definition }` or `{ id }` of a saved query the actor may see; exactly one of them. An optional `sort`
   * (`[{ path, dir }]`, as in a definition) replaces the query's own order: a click on a grid header.
   */
  async source(actor: Actor, body: Body, locale: Locale): Promise<QuerySource> {
    const src = await this.baseSource(actor, body, locale);
    if (body.sort === undefined) return src;
    if (!Array.isArray(body.sort))
      throw errors.badRequest('INVALID_BODY', 'sort', 'invalidType', { expected: 'array' });
    return { ...src, definition: this.engine.parseDefinition({ ...src.definition, sort: body.sort }) };
  }

  private async baseSource(actor: Actor, body: Body, locale: Locale): Promise<QuerySource> {
    const hasDef = body.definition !== undefined;
    const hasId = body.id !== undefined;
    if (hasDef === hasId)
      throw errors.validation([issue(hasDef ? 'id' : 'definition', hasDef ? 'tooManyItems' : 'required', { max: 1 })]);
    if (hasId) {
      if (typeof body.id !== 'string')
        throw errors.badRequest('INVALID_BODY', 'id', 'invalidType', { expected: 'string' });
      const q = await this.saved.get(actor, body.id);
      return { definition: q.definition, queryId: q.id, title: q.name };
    }
    const definition = this.engine.parseDefinition(body.definition);
    const snapshot = await this.platform.meta.published();
    const entity = snapshot.entities.find((e) => e.name === definition.entity);
    return { definition, queryId: null, title: entity ? localize(entity.pluralLabel, locale) : definition.entity };
  }

  async list(actor: Actor): Promise<{ items: SavedQuery[] }> {
    return { items: await this.saved.list(actor) };
  }

  get(actor: Actor, id: string): Promise<SavedQuery> {
    return this.saved.get(actor, id);
  }

  /** Checks a definition to be saved: its shape, and that its owner can run it (paths, access, types). */
  private async checkedInput(actor: Actor, body: Body) {
    onlyKeys(body, ['name', 'folder', 'sharing', 'roles', 'definition']);
    if (body.definition === undefined) throw errors.validation([issue('definition', 'required')]);
    const definition = this.engine.parseDefinition(body.definition);
    await this.engine.prepare(actor, definition, { mode: 'check' });
    return parseSavedQueryInput(body, definition);
  }

  async create(actor: Actor, body: Body): Promise<SavedQuery> {
    return this.saved.create(actor, await this.checkedInput(actor, body));
  }

  async update(actor: Actor, id: string, body: Body): Promise<SavedQuery> {
    await this.saved.get(actor, id);
    return this.saved.update(actor, id, await this.checkedInput(actor, body));
  }

  remove(actor: Actor, id: string): Promise<void> {
    return this.saved.remove(actor, id);
  }

  duplicate(actor: Actor, id: string): Promise<SavedQuery> {
    return this.saved.duplicate(actor, id);
  }

  /** `{ definition | id, params, sort?, limit, offset }` → `{ columns, rows, total }` with the actor's own access. */
  async run(actor: Actor, body: Body, locale: Locale): Promise<QueryResult> {
    onlyKeys(body, ['definition', 'id', 'params', 'limit', 'offset', 'sort']);
    const src = await this.source(actor, body, locale);
    const limit = intField(body, 'limit', 100, 1, 1000);
    const offset = intField(body, 'offset', 0, 0, 10_000_000);
    const { compiled } = await this.engine.prepare(actor, src.definition, { params: body.params, action: 'query' });
    return this.engine.page(compiled, limit, offset);
  }

  /** A print-ready HTML page of the first rows (up to PRINT_MAX_ROWS); audited. */
  async print(actor: Actor, body: Body, locale: Locale): Promise<string> {
    onlyKeys(body, ['definition', 'id', 'params', 'sort']);
    const src = await this.source(actor, body, locale);
    const { compiled, entities } = await this.engine.prepare(actor, src.definition, {
      params: body.params,
      action: 'query',
    });
    const total = await this.engine.count(compiled);
    const totalsRow = await this.engine.totals(compiled);
    const given = (body.params ?? {}) as Record<string, unknown>;
    const params = (src.definition.params ?? [])
      .filter((p) => given[p.name] !== undefined && given[p.name] !== null && given[p.name] !== '')
      .map((p) => ({
        label: localize(p.label, locale),
        value: Array.isArray(given[p.name]) ? (given[p.name] as unknown[]).join(', ') : String(given[p.name]),
      }));
    const { html, rows } = await renderPrintHtml({
      title: src.title,
      columns: compiled.columns,
      rows: this.engine.rows(compiled, { max: PRINT_MAX_ROWS }),
      total,
      filterSummary: filterSummary(entities, compiled.entity, compiled.filter, locale, {
        [actor.id]: actor.displayName,
      }),
      params,
      totals: totalsRow ? { columns: compiled.totalColumns, row: totalsRow } : null,
      locale,
      now: this.platform.clock.now(),
      timeZone: this.engine.timeZone,
    });
    await this.engine.auditOutput(actor, 'print', compiled.entity.name, {
      queryId: src.queryId,
      title: src.title,
      rows,
      total,
    });
    return html;
  }

  /** Checks an export request as the actor now, then queues the job that writes the file. */
  async requestExport(
    actor: Actor,
    body: Body,
    locale: Locale,
    idempotencyKey?: string,
  ): Promise<{ jobId: string; statusUrl: string }> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,100}$/.test(idempotencyKey)) {
      throw errors.badRequest('INVALID_PARAMETER', 'Idempotency-Key', 'pattern');
    }
    onlyKeys(body, ['definition', 'id', 'params', 'format', 'csvSeparator', 'sort']);
    const format = (body.format ?? 'xlsx') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format))
      throw errors.badRequest('INVALID_BODY', 'format', 'invalidOption', { value: String(body.format) });
    const csvSeparator = (body.csvSeparator ?? ';') as CsvSeparator;
    if (csvSeparator !== ';' && csvSeparator !== ',')
      throw errors.badRequest('INVALID_BODY', 'csvSeparator', 'invalidOption', { value: String(body.csvSeparator) });
    const src = await this.source(actor, body, locale);
    // Compile now, so a bad definition or missing right is a 400/403 here rather than a failed job later.
    await this.engine.prepare(actor, src.definition, { params: body.params, action: 'export' });
    const payload: ExportPayload = {
      definition: src.definition,
      queryId: src.queryId,
      title: src.title,
      params: (body.params ?? {}) as Record<string, unknown>,
      format,
      csvSeparator,
      locale,
    };
    const job = await this.platform.jobs.enqueue(null, EXPORT_JOB, payload, {
      createdBy: actor.id,
      maxAttempts: 3,
      // A repeated request (a double click, a retried POST) with the same key gets the same job.
      idempotencyKey: idempotencyKey ? `query.export:${actor.id}:${idempotencyKey}` : undefined,
    });
    return { jobId: job.id, statusUrl: `/api/jobs/${job.id}` };
  }
}

/** `?id=…&params={…}` of `GET /api/queries/print` as a body. */
export function printQuery(query: Record<string, unknown>): Body {
  for (const k of Object.keys(query))
    if (k !== 'id' && k !== 'params' && k !== 'sort')
      throw errors.badRequest('INVALID_PARAMETER', k, 'unknownKey', { key: k });
  const body: Body = {};
  if (typeof query.id === 'string') body.id = query.id;
  else throw errors.badRequest('INVALID_PARAMETER', 'id', 'required');
  for (const k of ['params', 'sort'] as const) {
    if (query[k] === undefined) continue;
    const raw = query[k];
    if (typeof raw !== 'string' || raw.length > 20_000)
      throw errors.badRequest('INVALID_PARAMETER', k, 'invalidType', { expected: 'JSON' });
    try {
      body[k] = JSON.parse(raw);
    } catch {
      throw errors.badRequest('INVALID_PARAMETER', k, 'invalidType', { expected: 'JSON' });
    }
  }
  return body;
}
