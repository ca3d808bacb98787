/**
 * An error the warehouse raised, with its own code, SQL state and query id as fields (not only in
 * the message) and, for the common ones, a hint. Adapters make them from their driver's errors;
 * run-node.ts puts the fields on the node's result — `adapter_response` in run_results.json and
 * `adapterResponse` on the node-done event, as dbt does — and the hint under the message.
 */

/** What the warehouse said about a failure, named as dbt's adapter_response names it. */
export interface AdapterResponse {
  readonly code?: string;
  readonly sql_state?: string;
  readonly query_id?: string;
}

export class WarehouseError extends Error {
  constructor(
    message: string,
    readonly response: AdapterResponse,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}
