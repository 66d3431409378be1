export { generateApiKey, hashApiKey, KEY_SCOPES, type KeyScope } from "./api-keys.js";
export {
  authenticate,
  createApiKey,
  type KeyInfo,
  listApiKeys,
  type Principal,
  revokeApiKey,
} from "./manage-keys.js";
export {
  bumpKnowledgeRev,
  type CreatedKey,
  createTenant,
  getTenant,
  listTenants,
  resolveTenant,
  type Tenant,
  updateSettings,
} from "./manage-tenants.js";
export {
  DEFAULT_SETTINGS,
  readSettings,
  type SensitiveTopic,
  type TenantSettings,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
  validateSettings,
} from "./settings.js";
