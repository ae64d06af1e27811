export * from './schemas/answers.ts';
export { anyId, describeIssues } from './schemas/common.ts';
export * from './schemas/requests.ts';
