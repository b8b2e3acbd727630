/**
 * Reads SMART scopes in both syntaxes: v2 (`patient/Condition.rs`, `.c`, `.cruds`) and v1
 * (`patient/Condition.read`, `.write`, `*`). Servers may grant less than asked, or answer
 * in v1 when we asked in v2, so every feature checks what was actually granted.
 */
export type Permission = 'c' | 'r' | 'u' | 's';

const V1_MEANING: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };

export function hasScope(
  granted: readonly string[],
  resourceType: string,
  permission: Permission,
): boolean {
  return granted.some((scope) => {
    const match = /^(patient|user|system)\/([A-Za-z*]+)\.([a-z*]+)(\?.*)?$/.exec(scope);
    if (!match) return false;
    const [, , type, perms] = match;
    if (type !== resourceType && type !== '*') return false;
    const expanded = V1_MEANING[perms ?? ''] ?? perms ?? '';
    return expanded.includes(permission);
  });
}

/** The scope to name when telling the clinician what is missing. */
export function scopeName(resourceType: string, permission: Permission): string {
  return `patient/${resourceType}.${permission === 'c' ? 'c' : 'rs'}`;
}
