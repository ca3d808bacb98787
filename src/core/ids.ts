/** A node's unique id, dbt-style: `model.<project>.<name>`, `source.<project>.<source>.<table>`. */
export type NodeId = string & { readonly __brand: 'NodeId' };

export type ResourceType = 'model' | 'seed' | 'source' | 'test' | 'snapshot' | 'ml' | 'unit_test';

export function nodeId(resourceType: ResourceType, project: string, ...parts: string[]): NodeId {
  return [resourceType, project, ...parts].join('.') as NodeId;
}
