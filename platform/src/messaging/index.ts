/** Messaging: the outbox, the send job, and messages as users send and read them. */
export * from './types.ts';
export * from './outbox.ts';
export * from './send.job.ts';
export * from './token-bucket.ts';
export * from './messages.service.ts';
