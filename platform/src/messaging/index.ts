/** Messaging: the outbox, the send job, and messages as users send and read them. */
export * from './types.ts';
export * from './outbox.ts';
export * from './send.job.ts';
export * from './token-bucket.ts';
export * from './messages.service.ts';
export * from './suppression.ts';
export * from './consent.ts';
export * from './merge.ts';
export * from './tracking.ts';
export * from './templates.ts';
export * from './audience.ts';
export * from './campaigns.service.ts';
export * from './campaign.job.ts';
export * from './recipient-links.ts';
