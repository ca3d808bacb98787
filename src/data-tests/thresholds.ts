/**
 * How a test's failure count becomes a status, as in dbt: with severity `error`, `error_if` (default
 * `!= 0`) decides fail, else `warn_if` (default `!= 0`) decides warn, else pass; with severity `warn`
 * only `warn_if` applies.
 */
import { configString, type NodeConfig } from '../core/config.js';
import { THRESHOLD_CONDITION as CONDITION } from '../project/config-keys.js';

export type TestStatus = 'pass' | 'warn' | 'fail';

function holds(condition: string, failures: number): boolean {
  const match = CONDITION.exec(condition);
  if (!match) return failures !== 0;
  const bound = Number(match[2]);
  switch (match[1]) {
    case '=':
    case '==':
      return failures === bound;
    case '!=':
    case '<>':
      return failures !== bound;
    case '>':
      return failures > bound;
    case '>=':
      return failures >= bound;
    case '<':
      return failures < bound;
    default:
      return failures <= bound;
  }
}

export function testStatus(config: NodeConfig, failures: number): TestStatus {
  const severity = (configString(config, 'severity') ?? 'error').toLowerCase();
  const errorIf = configString(config, 'error_if') ?? '!= 0';
  const warnIf = configString(config, 'warn_if') ?? '!= 0';
  if (severity === 'error' && holds(errorIf, failures)) return 'fail';
  if (holds(warnIf, failures)) return 'warn';
  return 'pass';
}
