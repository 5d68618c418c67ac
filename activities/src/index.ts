export * from './case-activities';
export * from './notify';
export * from './reports';
