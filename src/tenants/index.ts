export { hashApiKey, KEY_SCOPES, type KeyScope } from "./api-keys.js";
export { authenticate, createApiKey, listApiKeys, type Principal, revokeApiKey } from "./manage-keys.js";
export {
  bumpKnowledgeRev,
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
  type TenantSettings,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
} from "./settings.js";
