import Type, { type Static } from "typebox";
import type { HandoffPacket } from "../agent/index.js";
import { PAYLOAD_FIELDS } from "../contract/index.js";
import { iso, isoOrNull } from "../conversations/index.js";
import type { HandoffsTable } from "../store/index.js";
import { parseJson } from "../store/index.js";

const Time = Type.String({ format: "date-time" });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

const OMITTED = "Absent when the contract's handoff payload leaves it out";

export const HandoffView = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  reason: Type.Optional(Type.String({ description: `${OMITTED} (\`reason\`)` })),
  status: Type.Enum(["open", "claimed", "resolved"]),
  summary: Type.Optional(Type.String({ description: `${OMITTED} (\`summary\`)` })),
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
    packet: Type.Object(
      {
        payload: Type.Array(Type.Enum([...PAYLOAD_FIELDS]), {
          description:
            "The fields this handoff carries: the contract's escalation.handoff.payload when it was created",
        }),
        reasonText: Type.Optional(Type.String()),
        detail: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        confidence: Type.Optional(Type.Number()),
        sources: Type.Optional(
          Type.Array(Type.Object({ id: Type.String(), title: Type.String(), score: Type.Number() })),
        ),
        transcript: Type.Optional(
          Type.Array(Type.Object({ role: Type.String(), content: Type.String(), at: Time })),
        ),
        customerRef: Type.Optional(NullableString),
        metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
        agentVersion: Type.String(),
      },
      { description: `Each field but payload and agentVersion: ${OMITTED.toLowerCase()}` },
    ),
  }),
]);
export type HandoffDetailView = Static<typeof HandoffDetailView>;

/** A stored packet; one stored before payloads were recorded carries every field. */
function packetOf(h: HandoffsTable): HandoffPacket {
  const p = parseJson<HandoffPacket>(h.packet, {} as HandoffPacket);
  return p.payload ? p : { ...p, payload: PAYLOAD_FIELDS };
}

function view(h: HandoffsTable, p: HandoffPacket): HandoffView {
  return {
    id: h.handoff_id,
    conversationId: h.conversation_id,
    ...(p.payload.includes("reason") ? { reason: h.reason } : {}),
    status: h.status,
    ...(p.payload.includes("summary") ? { summary: h.summary } : {}),
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
  };
}

/** A handoff as the inbox lists it: the fields of the contract's payload only. */
export const toHandoffView = (h: HandoffsTable): HandoffView => view(h, packetOf(h));

export function toHandoffDetailView(h: HandoffsTable): HandoffDetailView {
  const p = packetOf(h);
  return {
    ...view(h, p),
    packet: {
      payload: [...p.payload],
      ...(p.reasonText === undefined ? {} : { reasonText: p.reasonText, detail: p.detail ?? null }),
      ...(p.confidence === undefined ? {} : { confidence: p.confidence }),
      ...(p.sources === undefined ? {} : { sources: [...p.sources] }),
      ...(p.transcript === undefined
        ? {}
        : { transcript: p.transcript.map((l) => ({ role: l.role, content: l.content, at: iso(l.at) })) }),
      ...(p.customerRef === undefined ? {} : { customerRef: p.customerRef }),
      ...(p.metadata === undefined ? {} : { metadata: { ...p.metadata } }),
      agentVersion: p.agentVersion,
    },
  };
}
