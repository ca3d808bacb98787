/**
 * The stable error codes. A code never changes meaning once released; new problems get new codes.
 * Ranges: 1000 project.yml and targets, 1100 YAML properties, 1200 templates and macros,
 * 1300 graph, 1400 selection, 1500 compile, 1600 ML node definitions and training data, 1900 CLI usage,
 * 2000 running against a warehouse.
 */
export const Codes = {
  projectMissing: 'FRG1001',
  projectYamlSyntax: 'FRG1002',
  projectInvalid: 'FRG1003',
  targetUnknown: 'FRG1004',
  secretLiteral: 'FRG1005',
  envVarMissing: 'FRG1006',
  /** A database, schema, alias or source identifier that is not one plain SQL identifier (it is written unquoted into DDL). */
  identifierInvalid: 'FRG1020',
  propertiesYamlSyntax: 'FRG1101',
  propertiesInvalid: 'FRG1102',
  propertiesUnknownModel: 'FRG1103',
  duplicateProperties: 'FRG1104',
  unitTestInvalid: 'FRG1105',
  templateSyntax: 'FRG1201',
  dynamicRef: 'FRG1202',
  refNotFound: 'FRG1203',
  sourceNotFound: 'FRG1204',
  listLiteralInHash: 'FRG1205',
  badHelperArgs: 'FRG1206',
  configInvalid: 'FRG1207',
  macroInvalid: 'FRG1208',
  unknownHelper: 'FRG1209',
  varMissing: 'FRG1210',
  duplicateNode: 'FRG1211',
  renderFailed: 'FRG1212',
  testUnknown: 'FRG1213',
  testArgument: 'FRG1214',
  testColumn: 'FRG1215',
  contractInvalid: 'FRG1216',
  /** Blocks or sub-expressions nested deeper than a template may (100), found before any parser recurses into them. */
  templateNesting: 'FRG1217',
  graphCycle: 'FRG1301',
  /** Two nodes build the same relation (database.schema.identifier compared case-insensitively, as the warehouses do). */
  relationCollision: 'FRG1302',
  selectorSyntax: 'FRG1401',
  selectorUnknownMethod: 'FRG1402',
  selectionEmpty: 'FRG1403',
  stateUnreadable: 'FRG1404',
  nodeDisabled: 'FRG1501',
  /** A function the target dialect does not have (e.g. a DuckDB-only function on a Snowflake target). */
  functionUnknown: 'FRG1502',
  /** A backslash in a string literal that Snowflake would read as an escape (dropping it). */
  stringEscape: 'FRG1503',
  mlInvalid: 'FRG1601',
  mlColumn: 'FRG1602',
  mlLabel: 'FRG1603',
  mlEmpty: 'FRG1604',
  mlOracle: 'FRG1605',
  mlParity: 'FRG2012',
  warehouseLocked: 'FRG2001',
  warehouseOpen: 'FRG2002',
  statementFailed: 'FRG2003',
  seedMalformed: 'FRG2004',
  hookFailed: 'FRG2005',
  schemaChanged: 'FRG2006',
  capability: 'FRG2007',
  contractBroken: 'FRG2008',
  freshness: 'FRG2009',
  generatorFailed: 'FRG2010',
  loadFailed: 'FRG2011',
  scheduleBusy: 'FRG2013',
  dynamicTableChanged: 'FRG2014',
  reuseUnavailable: 'FRG2015',
  /** A replaced object had grants the project does not declare (they are gone with it). */
  grantsUndeclared: 'FRG2016',
  /** The role lacks a privilege a command needs (e.g. EXECUTE TASK to run a task graph). */
  privilegeMissing: 'FRG2017',
  /** A stream was not consumed within its staleness window and can no longer be read. */
  streamStale: 'FRG2018',
  /** A landed CSV's header lacks a column its table has (a renamed or dropped column would load as NULLs). */
  landedHeaderMismatch: 'FRG2019',
  /** A landed source file is empty (no header, no rows): skipped, or its earlier rows kept. */
  landedFileEmpty: 'FRG2020',
  /** A line on the watch relay's socket that is not a request: answered with this, the watcher keeps running. */
  relayRequestInvalid: 'FRG2030',
  /** A package named under `packages:` in project.yml is not installed in the project's node_modules. */
  packageMissing: 'FRG1030',
  usage: 'FRG1901',
  initExists: 'FRG1902',
  scheduleInvalid: 'FRG1903',
  /** An exception no command turned into a diagnostic (a bug): exit 1, the stack only with --debug or FORGE_DEBUG=1. */
  internalError: 'FRG1920',
  /** `--threads` (or a target's `threads`) above MAX_THREADS: capped, with a warning, and the run goes on. */
  threadsCapped: 'FRG1904',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
