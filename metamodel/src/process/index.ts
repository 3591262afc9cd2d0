export * from './parse.ts';
export * from './validate.ts';
export * from './describe.ts';
export * from './iso8601.ts';
