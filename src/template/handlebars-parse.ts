/**
 * The only user of Handlebars. Forge uses Handlebars for its grammar and parser only: templates are
 * never compiled to JS functions; Forge reads ref/source/config statically from the AST and
 * interprets the AST to render (see render.ts). Handlebars' parser costs ≈80 µs a model, so plain
 * templates (no blocks, comments or whitespace control) go through fast-scan.ts, which builds the
 * same AST ≈10× faster; everything else, and every syntax error, goes through Handlebars.
 */
import { createRequire } from 'node:module';
import type HandlebarsTypes from 'handlebars';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { scanSimpleTemplate } from './fast-scan.js';
import { nestingProblem } from './nesting-scan.js';

export type Program = hbs.AST.Program;
export type Statement = hbs.AST.Statement;
export type Expression = hbs.AST.Expression;
export type MustacheStatement = hbs.AST.MustacheStatement;
export type BlockStatement = hbs.AST.BlockStatement;
export type SubExpression = hbs.AST.SubExpression;
export type PathExpression = hbs.AST.PathExpression;
export type Hash = hbs.AST.Hash;
type AstNode = hbs.AST.Node;

type HandlebarsModule = Pick<typeof HandlebarsTypes, 'parse'>;
let loaded: HandlebarsModule | undefined;

/** Loaded on first use: projects whose templates all take the fast path never pay for it. */
function handlebars(): HandlebarsModule {
  loaded ??= createRequire(import.meta.url)('handlebars') as HandlebarsModule;
  return loaded;
}

interface ParsedTemplate {
  readonly program?: Program;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses a template; a syntax error becomes a located FRG1201 diagnostic, nesting past the limit FRG1217. */
export function parseTemplate(text: string, file: string): ParsedTemplate {
  const tooDeep = nestingProblem(text, file);
  if (tooDeep) return { diagnostics: [tooDeep] };
  const simple = scanSimpleTemplate(text);
  if (simple) return { program: simple, diagnostics: [] };
  try {
    return { program: handlebars().parse(text), diagnostics: [] };
  } catch (error) {
    return { diagnostics: [syntaxDiagnostic(error, file)] };
  }
}

function syntaxDiagnostic(error: unknown, file: string): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  const lineMatch = /on line (\d+)/.exec(message);
  const caretLine = lines.find((l) => /^-*\^$/.test(l));
  const withLoc = error as { lineNumber?: unknown; column?: unknown };
  const line = lineMatch
    ? Number(lineMatch[1])
    : typeof withLoc.lineNumber === 'number'
      ? withLoc.lineNumber
      : 1;
  const column = caretLine ? caretLine.length : typeof withLoc.column === 'number' ? withLoc.column + 1 : 1;
  const expecting = lines.find((l) => l.startsWith('Expecting')) ?? lines[0] ?? 'syntax error';
  return diagnostic(
    Codes.templateSyntax,
    `template syntax error: ${expecting.replace(/^Parse error on line \d+:\s*/, '')}`,
    { file, line, column },
    'check that every {{ has a matching }} and every {{#block}} is closed with {{/block}}',
  );
}

/** 1-based line and column of an AST node. */
export function positionOf(node: AstNode): { line: number; column: number } {
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}
