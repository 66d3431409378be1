import type { Certification, SupportContract } from "../contract-schema.js";
import { hit, type LintRule, type RuleHit, when } from "./rule.js";

const GOVERNANCE = "Data Ownership and Model Governance";
const COMPLIANCE = "Data Residency and Compliance Certifications";
const PORTABILITY = "Exit Rights and Data Portability";

const dataPath = (c: SupportContract) => (c.data ? ["data"] : []);

/** What the framework says an export must contain for the buyer to be able to leave. */
const EXPORT_ESSENTIALS = [
  "conversations",
  "knowledge",
  "configuration",
  "training-data",
  "integration-settings",
] as const;

/** Agreements a regulated buyer needs, and why (for the message). */
function requiredAgreements(c: SupportContract): { cert: Certification; because: string }[] {
  const regs = c.metadata.regulations ?? [];
  const out: { cert: Certification; because: string }[] = [];
  if (c.metadata.industry === "healthcare" || regs.includes("hipaa")) {
    out.push({
      cert: "hipaa-baa",
      because: regs.includes("hipaa")
        ? "metadata.regulations includes hipaa"
        : "metadata.industry is healthcare",
    });
  }
  const gdpr = regs.filter((r) => r === "gdpr" || r === "uk-gdpr");
  if (gdpr.length > 0)
    out.push({ cert: "gdpr-dpa", because: `metadata.regulations includes ${gdpr.join(" and ")}` });
  if (regs.includes("pci-dss"))
    out.push({ cert: "pci-dss", because: "metadata.regulations includes pci-dss" });
  return out;
}

const AGREEMENT_NAMES: Partial<Record<Certification, string>> = {
  "hipaa-baa": "HIPAA business associate agreement",
  "gdpr-dpa": "GDPR data processing agreement",
  "pci-dss": "PCI DSS attestation",
};

/** Rules on data ownership, training use, residency, retention, protection and portability. */
export const DATA_RULES: readonly LintRule[] = [
  {
    id: "VCH401",
    name: "data-ownership-undefined",
    severity: "error",
    title: "Who owns the interaction data is undefined, or it is the vendor",
    why: "An AI support agent accumulates conversation logs, resolution patterns, escalation signals and customer behaviour. That data is valuable and vendors know it; if ownership is not the buyer's in writing, standard terms usually give the vendor broad rights over it.",
    ask: "data.ownership: customer, covering interaction data and everything derived from it.",
    framework: GOVERNANCE,
    check: (c) => {
      const ownership = c.data?.ownership;
      if (ownership === undefined) {
        return [
          hit(
            dataPath(c),
            "Who owns conversation logs and derived data is not stated: vendor standard terms usually claim broad rights over them",
          ),
        ];
      }
      return when(
        ownership === "vendor",
        ["data", "ownership"],
        "The vendor owns your customers' conversations and everything derived from them",
      );
    },
  },
  {
    id: "VCH402",
    name: "shared-training-use",
    severity: "error",
    title: "Your data may train models that serve other customers",
    why: "Shared training turns the buyer's support conversations, including customer details and product knowledge, into an improvement for the vendor's general model, which competitors also use. For regulated industries this is usually unacceptable outright.",
    ask: "data.trainingUse: tenant-only (learning only for your own agent) or none, an explicit data silo.",
    framework: GOVERNANCE,
    check: (c) =>
      when(
        c.data?.trainingUse === "shared",
        ["data", "trainingUse"],
        "Your conversations may train models that serve other customers, competitors included",
      ),
  },
  {
    id: "VCH403",
    name: "training-use-undefined",
    severity: "warning",
    title: "Whether your data may train shared models is not stated",
    why: "Silence leaves training use to the vendor's standard terms, which often reserve the right to use customer data to improve their general model.",
    ask: "data.trainingUse stated explicitly: tenant-only or none.",
    framework: GOVERNANCE,
    check: (c) =>
      when(
        c.data?.trainingUse === undefined,
        dataPath(c),
        "Whether your data may train shared models is not stated: vendor standard terms often allow it",
      ),
  },
  {
    id: "VCH404",
    name: "residency-unset",
    severity: "warning",
    title: "Where data is stored and processed is not specified",
    why: "Data residency decides which law applies and whether transfers need safeguards. Storage in a region means little if model calls process the data elsewhere.",
    ask: "data.residency with the region and processing: in-region (model calls included).",
    framework: COMPLIANCE,
    check: (c) => {
      const residency = c.data?.residency;
      if (!residency) {
        return [hit(dataPath(c), "Where your data is stored and processed is not specified")];
      }
      return when(
        residency.processing !== "in-region",
        ["data", "residency"],
        `Data is stored in ${residency.region} but may be processed anywhere, model calls included`,
      );
    },
  },
  {
    id: "VCH405",
    name: "retention-unset",
    severity: "warning",
    title: "How long conversations and personal data are kept is not specified",
    why: "Without retention periods, data is kept indefinitely by default, which widens breach exposure and conflicts with data-minimisation duties.",
    ask: "data.retentionDays per data class, at least conversations and personalData.",
    framework: COMPLIANCE,
    check: (c) => {
      const r = c.data?.retentionDays;
      const missing = (["conversations", "personalData"] as const).filter((k) => r?.[k] === undefined);
      return when(
        missing.length > 0,
        r ? ["data", "retentionDays"] : dataPath(c),
        `Retention is not specified for ${missing.join(" and ")}: data may be kept indefinitely`,
      );
    },
  },
  {
    id: "VCH406",
    name: "encryption-unset",
    severity: "error",
    title: "Encryption at rest and in transit is not specified",
    why: "Support conversations carry account, billing and sometimes health or financial details. The contract should state encryption standards at rest and in transit, not rely on marketing pages.",
    ask: "data.encryption: atRest aes-256, inTransit tls-1.2 or later, and per-tenant or customer-managed keys.",
    framework: COMPLIANCE,
    check: (c): RuleHit[] => {
      const e = c.data?.encryption;
      if (!e) return [hit(dataPath(c), "Encryption of your data at rest and in transit is not specified")];
      const gaps: string[] = [];
      if (e.atRest === undefined || e.atRest === "none") gaps.push("at rest");
      if (e.inTransit === undefined || e.inTransit === "none") gaps.push("in transit");
      return gaps.length > 0
        ? [hit(["data", "encryption"], `Your data is not promised encryption ${gaps.join(" or ")}`)]
        : [];
    },
  },
  {
    id: "VCH407",
    name: "no-soc2-type-2",
    severity: "error",
    title: "The vendor does not commit to SOC 2 Type II",
    why: "SOC 2 Type II (controls audited over a period, not at a point in time) is the reasonable baseline for enterprise SaaS. Certifications should be verified independently, not accepted as representations.",
    ask: "data.certifications including soc2-type-2, maintained for the whole term, with the report available on request.",
    framework: COMPLIANCE,
    check: (c) =>
      when(
        !(c.data?.certifications ?? []).includes("soc2-type-2"),
        c.data?.certifications ? ["data", "certifications"] : dataPath(c),
        "No SOC 2 Type II commitment: the baseline assurance for enterprise SaaS is missing",
      ),
  },
  {
    id: "VCH408",
    name: "regulated-agreement-missing",
    severity: "error",
    title: "A regulated buyer lacks the required agreement (GDPR DPA, HIPAA BAA, PCI DSS)",
    why: "A buyer serving regulated customers inherits their compliance requirements: the AI vendor's posture becomes the buyer's posture. Healthcare needs a HIPAA business associate agreement, personal data under GDPR a data processing agreement.",
    ask: "The agreement matching each declared regulation in data.certifications (gdpr-dpa, hipaa-baa, pci-dss), signed before any data flows.",
    framework: COMPLIANCE,
    check: (c) => {
      const have = c.data?.certifications ?? [];
      return requiredAgreements(c)
        .filter((r) => !have.includes(r.cert))
        .map((r) =>
          hit(
            c.data?.certifications ? ["data", "certifications"] : dataPath(c),
            `${r.because}, but the contract has no ${AGREEMENT_NAMES[r.cert] ?? r.cert} (${r.cert})`,
          ),
        );
    },
  },
  {
    id: "VCH409",
    name: "export-undefined",
    severity: "error",
    title: "No export formats or delivery time: your data may not be portable",
    why: "Lock-in risk is higher for AI support than for ordinary SaaS because of the data the agent accumulates. Without open export formats and a delivery deadline, switching vendors means losing history and configuration, and the buyer loses leverage for the whole term.",
    ask: "data.export with open formats (jsonl, csv, parquet) and deliveryDays, on request and after termination.",
    framework: PORTABILITY,
    check: (c) => {
      const e = c.data?.export;
      const gaps: string[] = [];
      if ((e?.formats ?? []).length === 0) gaps.push("no export formats");
      if (e?.deliveryDays === undefined) gaps.push("no delivery time");
      return when(
        gaps.length > 0,
        e ? ["data", "export"] : dataPath(c),
        `Data export has ${gaps.join(" and ")}: leaving the vendor may mean leaving your data behind`,
      );
    },
  },
  {
    id: "VCH410",
    name: "export-incomplete",
    severity: "warning",
    title: "The export does not cover everything needed to switch vendors",
    why: "An export of conversations alone does not let another system take over. The framework lists training data, conversation history, knowledge-base configurations and integration settings.",
    ask: "data.export.includes: conversations, knowledge, configuration, training-data and integration-settings.",
    framework: PORTABILITY,
    check: (c) => {
      const e = c.data?.export;
      if (!e || (e.formats ?? []).length === 0) return [];
      const missing = EXPORT_ESSENTIALS.filter((x) => !(e.includes ?? []).includes(x));
      return when(
        missing.length > 0,
        e.includes ? ["data", "export", "includes"] : ["data", "export"],
        e.includes
          ? `The export leaves out ${missing.join(", ")}`
          : "The export does not say what it contains (conversations, knowledge, configuration, training data, integration settings)",
      );
    },
  },
];
