import Type, { type Static } from "typebox";
import type { HandoffPacket } from "../agent/index.js";
import { iso, isoOrNull } from "../conversations/index.js";
import type { HandoffsTable } from "../store/index.js";
import { parseJson } from "../store/index.js";

const Time = Type.String({ format: "date-time" });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const HandoffView = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  reason: Type.String(),
  status: Type.Enum(["open", "claimed", "resolved"]),
  summary: Type.String(),
  target: Type.String(),
  createdAt: Time,
  deliveredAt: NullableTime,
  claimedBy: NullableString,
  claimedAt: NullableTime,
  firstActionAt: NullableTime,
  resolvedAt: NullableTime,
  resolution: NullableString,
  resolutionArticleId: NullableString,
  learning: Type.Enum(["none", "approved", "rejected"]),
});
export type HandoffView = Static<typeof HandoffView>;

export const HandoffDetailView = Type.Intersect([
  HandoffView,
  Type.Object({
    packet: Type.Object({
      reasonText: Type.String(),
      detail: Type.Union([Type.String(), Type.Null()]),
      confidence: Type.Number(),
      sources: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), score: Type.Number() })),
      transcript: Type.Array(Type.Object({ role: Type.String(), content: Type.String(), at: Time })),
      customerRef: NullableString,
      agentVersion: Type.String(),
    }),
  }),
]);
export type HandoffDetailView = Static<typeof HandoffDetailView>;

export const toHandoffView = (h: HandoffsTable): HandoffView => ({
  id: h.handoff_id,
  conversationId: h.conversation_id,
  reason: h.reason,
  status: h.status,
  summary: h.summary,
  target: h.target,
  createdAt: iso(h.created_at),
  deliveredAt: isoOrNull(h.delivered_at),
  claimedBy: h.claimed_by,
  claimedAt: isoOrNull(h.claimed_at),
  firstActionAt: isoOrNull(h.first_action_at),
  resolvedAt: isoOrNull(h.resolved_at),
  resolution: h.resolution,
  resolutionArticleId: h.resolution_article_id,
  learning: h.learning,
});

export function toHandoffDetailView(h: HandoffsTable): HandoffDetailView {
  const p = parseJson<HandoffPacket>(h.packet, {} as HandoffPacket);
  return {
    ...toHandoffView(h),
    packet: {
      reasonText: p.reasonText,
      detail: p.detail ?? null,
      confidence: p.confidence,
      sources: [...p.sources],
      transcript: p.transcript.map((l) => ({ role: l.role, content: l.content, at: iso(l.at) })),
      customerRef: p.customerRef,
      agentVersion: p.agentVersion,
    },
  };
}
