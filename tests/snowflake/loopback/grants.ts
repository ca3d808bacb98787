/**
 * Grants per object, as Snowflake keeps them: GRANT adds one; CREATE OR REPLACE drops the old
 * object's grants unless COPY GRANTS; ALTER TABLE … SWAP WITH swaps them with the objects; RENAME
 * moves them; DROP removes them. SHOW GRANTS ON lists them (plus OWNERSHIP by the creating role).
 */

/** What a statement did to objects' grants (names fully qualified, any case). */
export type GrantEffect =
  | { readonly kind: 'grant'; readonly object: string; readonly privilege: string; readonly role: string }
  | { readonly kind: 'replace'; readonly object: string; readonly copyGrants: boolean }
  | { readonly kind: 'swap'; readonly a: string; readonly b: string }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  | { readonly kind: 'drop'; readonly object: string }
  /** CLONE … COPY GRANTS: the clone gets the source's grants. */
  | { readonly kind: 'copy'; readonly from: string; readonly to: string };

export class GrantCatalog {
  private readonly grants = new Map<string, Set<string>>();

  apply(effect: GrantEffect): void {
    const key = (name: string): string => name.toLowerCase();
    switch (effect.kind) {
      case 'grant': {
        const set = this.grants.get(key(effect.object)) ?? new Set<string>();
        set.add(`${effect.privilege.toUpperCase()}|${effect.role.toUpperCase()}`);
        this.grants.set(key(effect.object), set);
        return;
      }
      case 'replace':
        if (!effect.copyGrants) this.grants.delete(key(effect.object));
        return;
      case 'swap': {
        const a = this.grants.get(key(effect.a));
        const b = this.grants.get(key(effect.b));
        this.grants.delete(key(effect.a));
        this.grants.delete(key(effect.b));
        if (b) this.grants.set(key(effect.a), b);
        if (a) this.grants.set(key(effect.b), a);
        return;
      }
      case 'rename': {
        const moved = this.grants.get(key(effect.from));
        this.grants.delete(key(effect.from));
        if (moved) this.grants.set(key(effect.to), moved);
        return;
      }
      case 'drop':
        this.grants.delete(key(effect.object));
        return;
      case 'copy':
        this.grants.set(key(effect.to), new Set(this.grants.get(key(effect.from)) ?? []));
        return;
    }
  }

  /** `[privilege, role]` pairs granted on an object (OWNERSHIP not included). */
  on(object: string): [string, string][] {
    return [...(this.grants.get(object.toLowerCase()) ?? [])]
      .sort()
      .map((g) => g.split('|') as [string, string]);
  }
}
