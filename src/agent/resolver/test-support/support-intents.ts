/**
 * A small synthetic support-intent data set for the resolver's unit tests (not CLINC150): a handful of
 * answer targets, each with paraphrases for training and held-out paraphrases for testing.
 */

import type { TrainingExample } from "../types.js";

/** Training paraphrases per label. */
export const TRAIN: Readonly<Record<string, readonly string[]>> = {
  art_reset_password: [
    "how do i reset my password",
    "i forgot my password",
    "reset password please",
    "can't log in, forgot the password",
    "change my login password",
    "password reset link not working",
    "how can i recover my account password",
    "i need a new password",
  ],
  art_refund: [
    "i want a refund",
    "how do i get my money back",
    "refund my last order",
    "can i return this for a refund",
    "request a refund for a damaged item",
    "when will my refund arrive",
    "the refund has not shown up on my card",
    "i was charged twice and want a refund",
  ],
  art_shipping_status: [
    "where is my package",
    "track my order",
    "when will my order arrive",
    "my delivery is late",
    "has my parcel shipped yet",
    "tracking number for my shipment",
    "order still not delivered",
    "what is the status of my shipment",
  ],
  art_cancel_subscription: [
    "cancel my subscription",
    "how do i stop my monthly plan",
    "i want to end my membership",
    "unsubscribe me from the premium plan",
    "stop auto renewal",
    "cancel the plan before it renews",
    "terminate my subscription now",
    "how to cancel recurring billing",
  ],
  art_change_address: [
    "change my shipping address",
    "update the delivery address on my order",
    "i moved, how do i change my address",
    "edit my billing address",
    "wrong address on the order",
    "ship to a different address",
    "update my home address in the account",
    "correct the street name on my address",
  ],
  art_invoice: [
    "send me a copy of my invoice",
    "where can i download my invoice",
    "i need a receipt for my purchase",
    "get a vat invoice",
    "invoice for last month",
    "billing statement pdf",
    "can you email the receipt again",
    "my company needs an invoice with our tax number",
  ],
};

/** Held-out paraphrases (never trained on) with their expected label. */
export const HELD_OUT: readonly (readonly [string, string])[] = [
  ["forgot password, how do i reset it", "art_reset_password"],
  ["password reset needed", "art_reset_password"],
  ["give me my money back for this order", "art_refund"],
  ["where is my refund", "art_refund"],
  ["track my package please", "art_shipping_status"],
  ["my order has not arrived yet", "art_shipping_status"],
  ["i want to cancel my membership", "art_cancel_subscription"],
  ["stop my subscription from renewing", "art_cancel_subscription"],
  ["i need to change the address for delivery", "art_change_address"],
  ["update address", "art_change_address"],
  ["please email me the invoice", "art_invoice"],
  ["download receipt", "art_invoice"],
];

/** Questions no label answers. */
export const UNRELATED: readonly string[] = [
  "what is the weather like on mars",
  "recommend a good pizza topping",
  "who won the football match yesterday",
  "tell me a joke about penguins",
  "qwzx vbnm plokij",
];

/** The training set as examples, optionally only the first `perLabel` paraphrases of each label. */
export function trainingExamples(perLabel = Number.POSITIVE_INFINITY): TrainingExample[] {
  return Object.entries(TRAIN).flatMap(([label, texts]) =>
    texts.slice(0, perLabel).map((text) => ({ text, label })),
  );
}
