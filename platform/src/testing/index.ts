export * from './databases.ts';
export * from './processes.ts';
export * from './org.ts';
