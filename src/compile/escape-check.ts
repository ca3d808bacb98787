/**
 * On a Snowflake target, a backslash in a '…' string literal is an escape: `'\n'` is a newline and
 * `'\d'` is just `d` — so a regular expression written for DuckDB (`'^\d+$'`) silently matches
 * something else there. A backslash before a character that is not one of Snowflake's escapes warns
 * (FRG1503) with the spelling that means the same on both: a `$$…$$` string. Pure.
 */
import type { ForgeNode } from '../core/nodes.js';
import { sqlTokens } from '../core/sql-tokens.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';

/** Snowflake's escapes in a '…' literal: \\ \' \" \b \f \n \r \t \0, three octal digits, \xhh, \uhhhh (a lone \1 is just 1). */
const ESCAPED = /\\([\\'"bfnrt0]|[0-7]{3}|x[0-9a-f]{2}|u[0-9a-f]{4})/gi;

export function checkEscapes(manifest: Manifest, node: ForgeNode, sql: string): Diagnostic[] {
  if (manifest.target.type !== 'snowflake') return [];
  const literal = sqlTokens(sql).find(
    (t) => t.kind === 'string' && t.text.startsWith("'") && t.text.replace(ESCAPED, '').includes('\\'),
  );
  if (!literal) return [];
  const line = sql.slice(0, literal.offset).split('\n').length;
  return [
    diagnostic(
      Codes.stringEscape,
      `${node.name}: the string ${literal.text.slice(0, 40)} has a backslash Snowflake drops (line ${line} of the compiled SQL): Snowflake reads '\\d' as 'd'`,
      { file: 'file' in node ? node.file : 'project.yml' },
      'write it as a $$…$$ string ($$^\\d+$$), which DuckDB and Snowflake both read as written (a doubled backslash works on Snowflake only)',
      'warn',
    ),
  ];
}
