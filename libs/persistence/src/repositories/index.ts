/** One repository per table: every SQL statement of the service outside the migrations is in this folder. */
export * from './db';
export * from './case-visibility';
export * from './case-columns';
export * from './case-list';
export * from './complaint-cases';
export * from './case-events';
export * from './notification-outbox';
export * from './case-complainants';
export * from './idempotency-keys';
export * from './public-link-uses';
export * from './case-record';
export * from './staff-directory';
export * from './outlet-directory';
export * from './report-rollups';
export * from './escalation-digest';
export * from './operations-metrics';
export * from './personal-data';
