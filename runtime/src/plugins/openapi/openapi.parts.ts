/** The small building blocks every part of the OpenAPI document uses: references, JSON bodies, error responses. */

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or any other piece of the document. */
export type JsonObject = Record<string, unknown>;

/** A path item: shared parameters and one operation object per HTTP method. */
export type PathItem = {
  parameters?: JsonObject[];
  get?: JsonObject;
  put?: JsonObject;
  post?: JsonObject;
  patch?: JsonObject;
  delete?: JsonObject;
};

const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
export const paramRef = (name: string): JsonObject => ({ $ref: `#/components/parameters/${name}` });
export const responseRef = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });
export const json = (schema: JsonObject, extra: JsonObject = {}): JsonObject => ({
  'application/json': { schema, ...extra },
});

/** `errors('BadRequest', 'Forbidden')` → `{ '400': { $ref: … }, '403': { $ref: … } }`. */
export const errors = (...names: string[]): Record<string, JsonObject> => {
  const codes: Record<string, string> = {
    BadRequest: '400',
    Unauthorized: '401',
    Forbidden: '403',
    NotFound: '404',
    Conflict: '409',
    PreconditionFailed: '412',
    PayloadTooLarge: '413',
    TooManyAttempts: '429',
  };
  return Object.fromEntries(names.map((n) => [codes[n], responseRef(n)]));
};

export const itemsOf = (schema: JsonObject): JsonObject =>
  json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } });
export const idParam: JsonObject = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: ID_PATTERN },
};
