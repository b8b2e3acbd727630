/** What a panel needs from one chart read: a narrow view of a TanStack query result. */
export interface Read<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
}
