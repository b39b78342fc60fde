export { LogQuery, DEFAULT_BYTES_SCANNED_CUTOFF, MIN_BYTES_SCANNED_CUTOFF } from './log-query';
export type { LogQueryProps } from './log-query';
export { CLOUDTRAIL_QUERIES, PARTITION_PREDICATE, partitionPredicateProblems, renderQuery } from './queries';
export type { LogQueryDefinition } from './queries';
export {
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_INPUT_FORMAT,
  CLOUDTRAIL_SERDE,
  PARTITION_KEYS,
  cloudTrailLocation,
  cloudTrailProjection,
} from './cloudtrail-table';
export type { TableColumn } from './cloudtrail-table';
export * as logQueryPolicies from './policies';
export { queryResultsBucketName, DEFAULT_DATABASE_NAME, DEFAULT_READER_ROLE_NAME, DEFAULT_WORKGROUP_NAME } from './names';
