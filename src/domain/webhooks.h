#pragma once
// Webhooks registered by administrators (issue 15, docs/notifications.md "Webhooks"): which
// events a webhook may subscribe to, what it is sent, and how its secret is kept.
//
// Invariants:
//  * An event is a message kind of the outbox (message_templates.cpp) announced as
//    "case.<kind>". A change announces each kind once, however many messages of that kind it
//    writes, and also the citizen kinds whose message could not be sent (no contact, or the
//    citizen chose none): a webhook learns what happened to the case, not whom Tawasul told.
//  * The body carries no personal data: event, reference, entity, status and time only; the
//    receiver reads the rest through the API with its own credentials.
//  * A webhook's secret is needed in clear to sign, so it is stored sealed
//    (crypto_secretbox, XSalsa20-Poly1305) under a key derived from the server secret
//    (--secret-file): a copy of the database alone does not reveal it. It is shown to the
//    administrator once, at creation.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/case_rules.h"
#include "domain/time.h"

namespace tawasul::domain {

// The message kinds a webhook may subscribe to, in the order forms and documents list them.
inline constexpr std::array<std::string_view, 10> kWebhookKinds = {
    "received", "info_requested", "answered", "reopened", "transferred",
    "closed",   "assigned",       "warning",  "breach",   "escalation"};

bool IsWebhookKind(std::string_view kind);

// "case.received" for "received": the Tawasul-Event header and the body's "event".
std::string WebhookEventName(std::string_view kind);

// The stored form of a subscription: known kinds only, each once, in kWebhookKinds order,
// joined by commas ("received,answered"). Unknown names are dropped.
std::string JoinWebhookKinds(const std::vector<std::string>& kinds);
std::vector<std::string> SplitWebhookKinds(std::string_view joined);

// The kinds a change announces: those of `messages` that webhooks may subscribe to, then those of
// `unsent` (citizen messages that could not be sent), each once, in first-seen order.
std::vector<std::string> AnnouncedKinds(const std::vector<OutboxMessage>& messages,
                                        const std::vector<std::string>& unsent);

// The JSON body of one event (compact, keys in this order):
// {"event":"case.answered","reference":"26-0000123-4","entity":"MOW","status":"answered",
//  "at":"2026-03-01T09:15:02Z"}; "status" is left out when unknown.
std::string WebhookBody(std::string_view kind, std::string_view reference, std::string_view entity,
                        std::optional<CaseStatus> status, Instant at);

// A URL a webhook may be registered with: http:// or https://, a host (a name of letters,
// digits, '-' and '.', an IPv4 address or a [bracketed] IPv6 address), an optional port of
// 1..65535, then nothing or a path, query or fragment of visible ASCII. No user:password@, no
// spaces or control characters, at most 2,000 bytes.
bool IsWebhookUrl(std::string_view url);

// A new random secret to share with the receiver: "whsec_" and 32 lowercase hex digits.
std::string NewWebhookSecret();

// `secret` sealed under a key derived from `server_secret` (16..64 bytes, else
// std::invalid_argument): "sb1:" then hex(nonce || ciphertext). A fresh nonce each call.
std::string SealWebhookSecret(std::string_view server_secret, std::string_view secret);
// The secret back, or nullopt when `sealed` is malformed or was sealed under another server
// secret (the ciphertext does not authenticate).
std::optional<std::string> OpenWebhookSecret(std::string_view server_secret,
                                             std::string_view sealed);

}  // namespace tawasul::domain
