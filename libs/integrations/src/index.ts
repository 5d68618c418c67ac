export * from './channel';
export * from './config';
export * from './email';
export * from './public-link';
export * from './sms';
export * from './templates';
