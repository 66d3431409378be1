import { describe, expect, it } from "vitest";
import { generateApiKey, tenantOfKey } from "./api-keys.js";

describe("API keys", () => {
  it("carry their tenant and a 256-bit secret; only the hash is kept", () => {
    const tenantId = "ten_01JABCDEFGHJKMNPQRSTVWXYZ0";
    const k = generateApiKey(tenantId);
    expect(tenantOfKey(k.key)).toBe(tenantId);
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(k.key).not.toContain(k.hash);
    expect(tenantOfKey("vk_nope")).toBeUndefined();
    expect(generateApiKey(tenantId).key).not.toBe(k.key);
  });
});
