import Type, { type Static } from "typebox";
import Value from "typebox/value";
import { VouchError } from "../shared/errors.js";

/**
 * Per-tenant agent configuration: thresholds and escalation triggers. Stored as JSON on the tenant row,
 * validated on every write; the active contract (when one is bound) overrides the matching fields.
 */
const SensitiveTopicSchema = Type.Object(
  {
    name: Type.String({
      pattern: "^[a-z][a-z0-9_]{1,40}$",
      description: "Stable topic id, e.g. billing_dispute",
    }),
    patterns: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
      minItems: 1,
      maxItems: 50,
      description: "Case-insensitive regular expressions; any match escalates.",
    }),
  },
  { additionalProperties: false },
);

export const TenantSettingsSchema = Type.Object(
  {
    confidenceThreshold: Type.Number({
      minimum: 0,
      maximum: 1,
      description: "Escalate when the calibrated confidence of the best answer is below this.",
    }),
    maxFailures: Type.Integer({
      minimum: 1,
      maximum: 10,
      description: "Escalate when the customer says an answer did not help this many times in a row.",
    }),
    negativeSentimentThreshold: Type.Integer({
      minimum: -50,
      maximum: -1,
      description:
        "Escalate when a message's sentiment score (AFINN, support-domain neutral) is at or below this.",
    }),
    humanRequestPatterns: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
      maxItems: 50,
      description: "Extra patterns (besides the built-in ones) that mean the customer asks for a person.",
    }),
    sensitiveTopics: Type.Array(SensitiveTopicSchema, { maxItems: 50 }),
    inactivityWindowHours: Type.Number({
      exclusiveMinimum: 0,
      maximum: 24 * 30,
      description: "A conversation idle this long after an AI answer counts as resolved (assumed).",
    }),
    durabilityWindowDays: Type.Number({
      exclusiveMinimum: 0,
      maximum: 365,
      description: "A resolution not reopened within this many days is durable.",
    }),
    // Optional, and absent from DEFAULT_SETTINGS: the agent version digests the settings, and a tenant that
    // never lists an origin keeps the version id it had.
    allowedOrigins: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
        maxItems: 100,
        uniqueItems: true,
        description:
          "Web origins whose pages may call the API from a browser with this tenant's keys (the chat widget on your site): exact origins such as https://shop.example.com — scheme, host and port as the browser sends them, no path, no wildcards. Absent or empty: no cross-origin browser access.",
      }),
    ),
  },
  { additionalProperties: false },
);

export type TenantSettings = Static<typeof TenantSettingsSchema>;

/** Partial settings as a client sends them to update a tenant. */
export const TenantSettingsPatchSchema = Type.Partial(TenantSettingsSchema, { additionalProperties: false });

export const DEFAULT_SETTINGS: TenantSettings = Object.freeze({
  confidenceThreshold: 0.5,
  maxFailures: 2,
  negativeSentimentThreshold: -5,
  humanRequestPatterns: [],
  sensitiveTopics: [
    {
      name: "billing_dispute",
      patterns: [
        "charge ?backs?",
        "dispute[sd]? (the |a |this |my |that )?(charge|payment|invoice|transaction)",
        "(unauthori[sz]ed|fraudulent|unrecogni[sz]ed) (charge|payment|transaction)",
        "(double|twice) charged|charged (me )?twice",
        "(file|open|raise)[sd]? a dispute",
      ],
    },
    {
      name: "legal_threat",
      patterns: [
        "lawyers?|attorneys?|solicitors?|law ?suit|legal action|class action",
        "\\bsu(e|ing)\\b",
        "\\b(small claims|court)\\b",
        "(report|complain)(ing)? (you )?to (the )?(regulator|ombudsman|ico|ftc|data protection)",
      ],
    },
    {
      name: "security_incident",
      patterns: [
        "(account|workspace) (was |has been |got )?(hacked|compromised|breached)",
        "data breach|someone (else )?(logged|accessed|got) into",
        "(leaked|exposed) (our |my )?(data|credentials|api key)",
      ],
    },
  ],
  inactivityWindowHours: 24,
  durabilityWindowDays: 7,
});

/** Merge a patch into settings, validate the result, and check every pattern compiles. */
export function applySettingsPatch(current: TenantSettings, patch: unknown): TenantSettings {
  const merged = { ...current, ...(typeof patch === "object" && patch !== null ? patch : {}) };
  return validateSettings(merged);
}

export function validateSettings(value: unknown): TenantSettings {
  const errors = [...Value.Errors(TenantSettingsSchema, value)];
  if (errors.length > 0) {
    throw new VouchError(
      "VALIDATION_FAILED",
      "invalid tenant settings",
      errors.map((e) => ({ path: e.instancePath, message: e.message })),
    );
  }
  const settings = value as TenantSettings;
  for (const origin of settings.allowedOrigins ?? []) checkOrigin(origin);
  const patterns = [...settings.humanRequestPatterns, ...settings.sensitiveTopics.flatMap((t) => t.patterns)];
  for (const p of patterns) {
    try {
      new RegExp(p, "iu");
    } catch (err) {
      throw new VouchError(
        "VALIDATION_FAILED",
        `invalid pattern ${JSON.stringify(p)}: ${(err as Error).message}`,
      );
    }
  }
  return settings;
}

/**
 * An allowed origin must be exactly what a browser sends in `Origin`: WHATWG URL serialisation of an http(s)
 * origin (lower-case host, punycode, no default port, no path). Anything else could never match, so it is
 * refused rather than stored as a silent no-op. Wildcards are refused for the same reason and because a
 * pattern would let any page on a shared domain use the key.
 */
function checkOrigin(origin: string): void {
  let canonical: string | undefined;
  try {
    const url = new URL(origin);
    // The URL parser accepts `*` in a host name; a browser never sends one.
    if ((url.protocol === "https:" || url.protocol === "http:") && !url.host.includes("*"))
      canonical = url.origin;
  } catch {
    canonical = undefined;
  }
  if (canonical !== origin) {
    throw new VouchError(
      "VALIDATION_FAILED",
      `invalid allowed origin ${JSON.stringify(origin)}: write an exact origin such as https://shop.example.com${canonical ? ` (here ${canonical})` : ""}`,
      [{ path: "/allowedOrigins", message: "not an exact http(s) origin" }],
    );
  }
}

const parsedSettings = new Map<string, TenantSettings>();

/**
 * Settings stored on a tenant row; older rows may lack newer fields, which take their defaults.
 * Memoised by text, so every request of a tenant sees the same frozen object (and the agent's compiled
 * patterns, cached per object, are built once per settings change rather than per message).
 */
export function readSettings(json: string): TenantSettings {
  let s = parsedSettings.get(json);
  if (!s) {
    s = Object.freeze({ ...DEFAULT_SETTINGS, ...(JSON.parse(json) as Partial<TenantSettings>) });
    if (parsedSettings.size >= 1000) parsedSettings.clear();
    parsedSettings.set(json, s);
  }
  return s;
}
