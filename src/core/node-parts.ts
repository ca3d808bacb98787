/** The parts of a node that `state:modified.<part>` compares (hashed in parser/node-fingerprint.ts). */
export const PART_NAMES = ['body', 'configs', 'macros', 'vars', 'contract'] as const;
export type PartName = (typeof PART_NAMES)[number];

/** The `state:modified.<part>` values: the parts, and a parent's contract. */
export const MODIFIED_PARTS: readonly string[] = [...PART_NAMES, 'upstream_contract'];
