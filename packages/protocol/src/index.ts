export {
  MAX_COMPRESSED_BODY_BYTES,
  MAX_DECOMPRESSED_BODY_BYTES,
  MAX_EVENTS_PER_BATCH,
  MAX_STRING_LENGTH,
  MAX_JSON_DEPTH,
  SESSION_ID_PATTERN,
  MAX_USER_ID_LENGTH,
  FLUSH_INTERVAL_MS,
  FLUSH_SIZE_BYTES,
  KEEPALIVE_MAX_BYTES,
  RETENTION_DAYS,
} from './limits.js';
export { RRWEB_EVENT_TYPE, rrwebEventSchema, ingestBatchSchema } from './batch.js';
export type { RrwebEvent, IngestBatch, IngestAck } from './batch.js';
export { privacyLevelSchema, remoteConfigSchema } from './config.js';
export type { PrivacyLevel, RemoteConfig } from './config.js';
export {
  sessionListQuerySchema,
  projectPatchSchema,
  tokenRoleSchema,
  projectCreateSchema,
  keyRotationSchema,
  MAX_KEY_GRACE_HOURS,
  auditQuerySchema,
  SESSION_EXPORT_FORMAT,
  USER_EXPORT_FORMAT,
  sessionExportSchema,
} from './api.js';
export type {
  ApiErrorBody,
  SessionSummary,
  SessionListResponse,
  SessionListQuery,
  Project,
  ProjectPatch,
  TokenRole,
  ProjectCreate,
  KeyRotation,
  DeletionResult,
  AuditQuery,
  AuditEntryView,
  AuditListResponse,
  SessionExport,
  ImportResult,
} from './api.js';
