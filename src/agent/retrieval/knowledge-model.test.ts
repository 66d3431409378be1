import { describe, expect, it } from "vitest";
import { trainResolver } from "../resolver/index.js";
import { FUSION_PRIOR } from "./fusion-prior.js";
import { buildKnowledgeModel, rankEvidence } from "./knowledge-model.js";
import { passageOf } from "./test-support.js";

const passages = [
  passageOf("art_billing", "", "Your plan renews every month on the day you subscribed.", { position: 0 }),
  passageOf("art_billing", "payment-methods", "We accept Visa, Mastercard and American Express cards.", {
    position: 1,
  }),
  passageOf("art_billing", "refunds", "Refunds reach your card within ten working days.", { position: 2 }),
  passageOf("art_devices", "", "Descale the machine every three months with the supplied tablets.", {
    position: 0,
  }),
];
const titles = new Map([
  ["art_billing", "Billing and payments"],
  ["art_devices", "Looking after your coffee machine"],
]);

async function model(examples = [...titles].map(([label, text]) => ({ text, label }))) {
  return buildKnowledgeModel({
    passages,
    titles,
    resolver: trainResolver(examples),
    weights: FUSION_PRIOR,
  });
}

describe("knowledge model", () => {
  it("answers with the passage in the middle of an article that holds the answer", async () => {
    const m = await model();
    const r = m.resolve("how long do refunds take to reach my card");
    expect(r.candidates[0]?.label).toBe("art_billing:refunds");
    expect(r.candidates[0]?.evidence?.lexical).toBeGreaterThan(0);
  });

  it("explains each candidate with its lexical and learned evidence", async () => {
    const m = await model();
    const e = m.explain("which cards do you accept", 3);
    expect(e.ranked[0]?.passage.id).toBe("art_billing:payment-methods");
    for (const r of e.ranked) {
      expect(r.coverage).toBeGreaterThanOrEqual(0);
      expect(r.coverage).toBeLessThanOrEqual(1);
      expect(r.learned).toBeGreaterThanOrEqual(0);
    }
    expect(e.confidence).toBeGreaterThan(0);
    expect(e.confidence).toBeLessThan(1);
  });

  it("lets learned questions bring in a source the question shares no word with", async () => {
    const m = await model([
      { text: "Billing and payments", label: "art_billing" },
      { text: "Looking after your coffee machine", label: "art_devices" },
      { text: "white crust inside the kettle part", label: "art_devices" },
      { text: "white crust inside the kettle part", label: "art_devices" },
    ]);
    const e = m.explain("white crust inside the kettle part", 5);
    const device = e.ranked.find((r) => r.passage.sourceId === "art_devices");
    expect(device?.passage.id).toBe("art_devices:");
    expect(device?.lexical).toBe(0);
    expect(device?.learned).toBeGreaterThan(0);
  });

  it("is less sure of a question about something the knowledge base never mentions", async () => {
    const m = await model();
    const covered = m.resolve("which cards do you accept").confidence;
    const paypal = m.resolve("can I pay with paypal").confidence;
    expect(paypal).toBeLessThan(covered);
  });

  it("ranks stored evidence again with other weights, without searching", async () => {
    const m = await model();
    const evidence = m.gather("refunds to my card");
    const lexicalOnly = {
      ...FUSION_PRIOR,
      rank: { bias: 0, weights: [0, 1, 0, 0, 0], sampleSize: 0 },
    };
    expect(rankEvidence(evidence, lexicalOnly, 1).ranked[0]?.passage.id).toBe("art_billing:refunds");
  });

  it("has no candidates and no confidence without knowledge", async () => {
    const empty = await buildKnowledgeModel({
      passages: [],
      titles: new Map(),
      resolver: trainResolver([]),
      weights: FUSION_PRIOR,
    });
    expect(empty.resolve("anything")).toEqual({ candidates: [], confidence: 0 });
  });

  it("ranks passages in scripts without spaces and with combining marks", async () => {
    const ja = [
      passageOf(
        "art_ja",
        "login",
        "パスワードを忘れた場合は、ログイン画面の「パスワードをリセット」を押してください。",
      ),
      passageOf(
        "art_ja",
        "billing",
        "請求書は毎月メールで届きます。アカウント設定からダウンロードできます。",
      ),
      passageOf("art_hi", "", "अपना पासवर्ड बदलने के लिए सेटिंग्स खोलें।"),
    ];
    const m = await buildKnowledgeModel({
      passages: ja,
      titles: new Map([
        ["art_ja", "ヘルプ"],
        ["art_hi", "सहायता"],
      ]),
      resolver: trainResolver([
        { text: "ヘルプ", label: "art_ja" },
        { text: "सहायता", label: "art_hi" },
      ]),
      weights: FUSION_PRIOR,
    });
    expect(m.resolve("パスワードをリセットしたい").candidates[0]?.label).toBe("art_ja:login");
    expect(m.resolve("請求書をダウンロードする方法").candidates[0]?.label).toBe("art_ja:billing");
    expect(m.resolve("पासवर्ड कैसे बदलें").candidates[0]?.label).toBe("art_hi:");
  });
});
