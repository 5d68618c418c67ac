/** What the workflow, the worker, the API and the tests share: messages, ids, activity interfaces, search attributes. */
export * from './definitions';
export * from './activities';
export * from './search-attributes';
export * from './notifications';
