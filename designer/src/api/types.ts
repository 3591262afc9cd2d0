/** Shapes of the runtime's HTTP API as the SPA sees them. */
import type { FilterTree } from '@folyam/metamodel';

export type Localized = { hu: string; en: string };

export type ApiIssue = { path: string; code: string; message?: string | Localized; messages?: Localized };

export type ApiErrorBody = { code: string; message: string; messages?: Localized; details?: ApiIssue[] };

export type User = {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  admin: boolean;
  locale?: string;
};

export type Money = { amount: number; currency: string };

/** A record as the data API returns it: system fields, field values, and titles of referenced records. */
export type DataRecord = {
  id: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  createdBy?: string | null;
  updatedBy?: string | null;
  ownerId?: string | null;
  _titles?: Record<string, string | null>;
  [field: string]: unknown;
};

export type ListResult<T> = { items: T[]; total: number };

export type ListQuery = {
  filter?: FilterTree | null;
  /** Field names, `-` in front for descending: `['name', '-createdAt']`. */
  sort?: string[];
  limit?: number;
  offset?: number;
  fields?: string[];
  q?: string;
};

export type HistoryChange = { before: unknown; after: unknown };

export type HistoryEntry = {
  id: string | number;
  at: string;
  actor: { id: string; username: string } | null;
  action: 'create' | 'update' | 'delete';
  changes: Record<string, HistoryChange>;
};
