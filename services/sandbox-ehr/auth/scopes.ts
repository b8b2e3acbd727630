import { PROFILE_RULES, isReadableType } from '../profiles';
import type { Profile, ReadableType } from '../profiles';

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
export type ScopeContext = 'patient' | 'user' | 'system';

const V2_ORDER: Permission[] = ['c', 'r', 'u', 'd', 's'];
const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/** Scopes that are not about resources and that the sandbox honours. */
const CONTEXT_SCOPES = [
  'openid',
  'fhirUser',
  'launch',
  'launch/patient',
  'online_access',
  'offline_access',
];

export interface ResourceScope {
  context: ScopeContext;
  resourceType: ReadableType | '*';
  permissions: Set<Permission>;
  syntax: 'v1' | 'v2';
  /** For v1, the word after the dot (read, write, *). */
  v1Action?: string;
}

/**
 * Parse `patient/Condition.rs` (SMART v2) or `patient/Condition.read` (v1).
 * v2 letters must come in the order c r u d s; scopes with query parameters
 * (`patient/Observation.rs?category=...`) are not supported and parse as undefined.
 */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)$/.exec(scope);
  if (!match) {
    return undefined;
  }
  const context = match[1] as ScopeContext;
  const type = match[2] ?? '';
  const action = match[3] ?? '';
  if (type !== '*' && !isReadableType(type)) {
    return undefined;
  }
  const resourceType: ReadableType | '*' = type;
  const v1 = V1_PERMISSIONS[action];
  if (v1) {
    return { context, resourceType, permissions: new Set(v1), syntax: 'v1', v1Action: action };
  }
  const letters = action.split('') as Permission[];
  const inOrder = letters.every(
    (l, i) =>
      V2_ORDER.includes(l) &&
      (i === 0 || V2_ORDER.indexOf(l) > V2_ORDER.indexOf(letters[i - 1] as Permission)),
  );
  return inOrder
    ? { context, resourceType, permissions: new Set(letters), syntax: 'v2' }
    : undefined;
}

/** What this base can actually do for a type: read/search always, create and update per profile. */
function supportedPermissions(profile: Profile, resourceType: ReadableType | '*'): Set<Permission> {
  const rules = PROFILE_RULES[profile];
  const supported = new Set<Permission>(['r', 's']);
  // `*` can do what at least one type here can do.
  const creatable = resourceType === '*' ? rules.creatableTypes : [resourceType];
  const updatable = resourceType === '*' ? rules.updatableTypes : [resourceType];
  if (creatable.some((t) => rules.creatableTypes.includes(t))) supported.add('c');
  if (updatable.some((t) => rules.updatableTypes.includes(t))) supported.add('u');
  return supported;
}

/** Rewrite a requested resource scope to what is supported, in the syntax it was asked. */
function narrowScope(scope: string, profile: Profile): string | undefined {
  const parsed = parseResourceScope(scope);
  if (!parsed || parsed.context === 'system') {
    return undefined; // system/ scopes belong to backend clients, not to this public app
  }
  const supported = supportedPermissions(profile, parsed.resourceType);
  const prefix = `${parsed.context}/${parsed.resourceType}`;
  if (parsed.syntax === 'v1') {
    switch (parsed.v1Action) {
      case 'read':
        return scope;
      // v1 `write` and `*` claim update too: kept only where the base updates, else the v2
      // letters the base can do, so the token never claims an update that would get 405.
      case 'write':
        if (!supported.has('c')) return undefined;
        return supported.has('u') ? scope : `${prefix}.c`;
      default:
        if (!supported.has('c')) return `${prefix}.read`;
        return supported.has('u') ? scope : `${prefix}.crs`;
    }
  }
  const letters = V2_ORDER.filter((p) => parsed.permissions.has(p) && supported.has(p));
  return letters.length ? `${prefix}.${letters.join('')}` : undefined;
}

/**
 * The scopes granted for a request: each requested scope the sandbox supports, narrowed
 * to what the profile can do (`u` only where it updates, no `d`, no Procedure create on notes-only),
 * minus the launch's `deny_scopes` test knob.
 */
export function grantScopes(requested: string[], profile: Profile, deny: string[]): string[] {
  const granted: string[] = [];
  for (const scope of requested) {
    if (deny.includes(scope)) {
      continue;
    }
    const narrowed = CONTEXT_SCOPES.includes(scope) ? scope : narrowScope(scope, profile);
    if (narrowed && !deny.includes(narrowed) && !granted.includes(narrowed)) {
      granted.push(narrowed);
    }
  }
  return granted;
}

/** The contexts (patient/user/system) in which the granted scopes allow `permission` on a type. */
export function contextsAllowing(
  granted: string[],
  resourceType: string,
  permission: Permission,
): Set<ScopeContext> {
  const contexts = new Set<ScopeContext>();
  for (const scope of granted) {
    const parsed = parseResourceScope(scope);
    if (
      parsed &&
      (parsed.resourceType === '*' || parsed.resourceType === resourceType) &&
      parsed.permissions.has(permission)
    ) {
      contexts.add(parsed.context);
    }
  }
  return contexts;
}
