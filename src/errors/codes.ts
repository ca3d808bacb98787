/**
 * The stable error codes. A code never changes meaning once released; new problems get new codes.
 * Ranges: 1000 project.yml and targets, 1100 YAML properties, 1200 templates and macros,
 * 1300 graph, 1400 selection, 1500 compile, 1900 CLI usage.
 */
export const Codes = {
  projectMissing: 'FRG1001',
  projectYamlSyntax: 'FRG1002',
  projectInvalid: 'FRG1003',
  targetUnknown: 'FRG1004',
  secretLiteral: 'FRG1005',
  envVarMissing: 'FRG1006',
  propertiesYamlSyntax: 'FRG1101',
  propertiesInvalid: 'FRG1102',
  propertiesUnknownModel: 'FRG1103',
  duplicateProperties: 'FRG1104',
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
  graphCycle: 'FRG1301',
  selectorSyntax: 'FRG1401',
  selectorUnknownMethod: 'FRG1402',
  selectionEmpty: 'FRG1403',
  nodeDisabled: 'FRG1501',
  usage: 'FRG1901',
  initExists: 'FRG1902',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
