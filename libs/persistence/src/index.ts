export * from './data-source';
export * from './embedded-postgres';
export * from './embedded-postgres-process';
export * from './repositories';
export * from './repositories/notification-deliveries';
