/**
 * User macros live in `macros/**\/*.sql`, one or more per file:
 *
 *   {{#macro "cents_to_dollars" column scale=2}}
 *     round({{column}} / 100.0, {{scale}})
 *   {{/macro}}
 *
 * The first argument names the macro; bare words are parameters, `name=value` pairs are parameters
 * with defaults. Call it like a helper: `{{cents_to_dollars "amount"}}` or
 * `{{cents_to_dollars column="amount" scale=4}}`. A macro named like a built-in overrides it; one
 * named `<adapter>__<name>` (e.g. `snowflake__dateadd`) overrides it on that adapter only.
 */
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import type { BlockStatement, PathExpression, Program } from './handlebars-parse.js';
import { parseTemplate, positionOf } from './handlebars-parse.js';
import { evaluateStatic } from './literals.js';

interface MacroParam {
  readonly name: string;
  /** Present when the parameter is optional. */
  readonly default?: ConfigValue;
}

export interface MacroDefinition {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: Program;
  readonly file: string;
  readonly location: SourceLocation;
  /** The macro's own source text, for the manifest. */
  readonly sql: string;
}

export function parseMacroFile(
  text: string,
  file: string,
): { macros: MacroDefinition[]; diagnostics: Diagnostic[] } {
  const parsed = parseTemplate(text, file);
  if (!parsed.program) return { macros: [], diagnostics: [...parsed.diagnostics] };
  const macros: MacroDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const statement of parsed.program.body) {
    const at = { file, ...positionOf(statement) };
    if (
      statement.type === 'BlockStatement' &&
      (statement as BlockStatement).path.type === 'PathExpression' &&
      ((statement as BlockStatement).path as PathExpression).original === 'macro'
    ) {
      const macro = readMacro(statement as BlockStatement, text, at, diagnostics);
      if (macro) macros.push(macro);
    } else if (statement.type === 'ContentStatement') {
      if ((statement as hbs.AST.ContentStatement).value.trim() !== '') {
        diagnostics.push(
          diagnostic(
            Codes.macroInvalid,
            'text outside {{#macro}} blocks in a macro file',
            at,
            'wrap it in {{#macro "name"}}…{{/macro}} or make it a {{!-- comment --}}',
          ),
        );
      }
    } else if (statement.type !== 'CommentStatement') {
      diagnostics.push(diagnostic(Codes.macroInvalid, 'a macro file holds only {{#macro}} blocks', at));
    }
  }
  return { macros, diagnostics };
}

function readMacro(
  block: BlockStatement,
  text: string,
  at: SourceLocation,
  diagnostics: Diagnostic[],
): MacroDefinition | undefined {
  const [nameParam, ...rest] = block.params;
  if (nameParam?.type !== 'StringLiteral') {
    diagnostics.push(
      diagnostic(
        Codes.macroInvalid,
        'a macro needs a name as its first argument',
        at,
        'write {{#macro "my_macro" param}}…{{/macro}}',
      ),
    );
    return undefined;
  }
  const params: MacroParam[] = [];
  for (const param of rest) {
    if (param.type === 'PathExpression' && (param as PathExpression).parts.length === 1) {
      params.push({ name: (param as PathExpression).original });
    } else {
      diagnostics.push(
        diagnostic(Codes.macroInvalid, 'macro parameters are bare names, or name=default', {
          file: at.file,
          ...positionOf(param),
        }),
      );
    }
  }
  for (const pair of block.hash?.pairs ?? []) {
    const value = evaluateStatic(pair.value, { vars: {}, env: {} });
    if (value.ok) params.push({ name: pair.key, default: value.value });
    else
      diagnostics.push(
        diagnostic(Codes.macroInvalid, `default of macro parameter "${pair.key}" must be a literal`, {
          file: at.file,
          ...positionOf(pair),
        }),
      );
  }
  return {
    name: (nameParam as hbs.AST.StringLiteral).value,
    params,
    body: block.program,
    file: at.file,
    location: at,
    sql: sliceLoc(text, block.loc),
  };
}

function sliceLoc(text: string, loc: hbs.AST.SourceLocation): string {
  const lines = text.split('\n');
  const picked = lines.slice(loc.start.line - 1, loc.end.line);
  if (picked.length === 0) return '';
  picked[picked.length - 1] = (picked[picked.length - 1] ?? '').slice(0, loc.end.column);
  picked[0] = (picked[0] ?? '').slice(loc.start.column);
  return picked.join('\n');
}

const ADAPTER_PREFIX = /(^|\.)(duckdb|snowflake)__/;

/** A macro's name as templates call it, without an adapter prefix (`forge_utils.snowflake__x` → `forge_utils.x`). */
export function calledName(name: string): string {
  return name.replace(ADAPTER_PREFIX, '$1');
}

/** `name` with `adapter`'s prefix on its own part: `x` → `snowflake__x`, `forge_utils.x` → `forge_utils.snowflake__x`. */
export function adapterVariant(name: string, adapter: string): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot + 1)}${adapter}__${name.slice(dot + 1)}`;
}

/** The macro a call of `name` runs on `adapter`: `<adapter>__<name>` when defined, else `name`. */
export function findMacro<M>(macros: ReadonlyMap<string, M>, name: string, adapter: string): M | undefined {
  return macros.get(adapterVariant(name, adapter)) ?? macros.get(name);
}
